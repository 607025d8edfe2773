package dev.jlite.metadata;

/**
 * The content of a tensor; metadata schema table {@code Content}.
 *
 * @param properties what the content is, or {@code null} (union type NONE)
 * @param range the dimensions the properties apply to, or {@code null} for all but the batch one
 */
public record Content(ContentProperties properties, ValueRange range) {
  /** Content with properties and no range. */
  public static Content of(ContentProperties properties) {
    return new Content(properties, null);
  }
}
