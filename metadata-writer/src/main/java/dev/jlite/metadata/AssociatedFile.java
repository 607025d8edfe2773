package dev.jlite.metadata;

/**
 * A file that belongs to the model (labels, vocabulary, score calibration…), packed in the zip
 * appended to it; metadata schema table {@code AssociatedFile}. Every field but {@code type} may be
 * {@code null} (absent).
 *
 * @param name the file's name in the archive (the populator keeps only the base name)
 * @param description what the file holds
 * @param type what kind of file it is; {@link AssociatedFileType#UNKNOWN} by default
 * @param locale the locale of a label file, such as {@code "en"}
 * @param version the file's version (schema 1.4.1)
 */
public record AssociatedFile(String name, String description, AssociatedFileType type,
    String locale, String version) {
  public AssociatedFile {
    type = type == null ? AssociatedFileType.UNKNOWN : type;
  }

  /** A file with a name, a description and a type; no locale or version. */
  public static AssociatedFile of(String name, String description, AssociatedFileType type) {
    return new AssociatedFile(name, description, type, null, null);
  }

  /** This file with another locale. */
  public AssociatedFile withLocale(String newLocale) {
    return new AssociatedFile(name, description, type, newLocale, version);
  }

  /** This file with another name. */
  public AssociatedFile withName(String newName) {
    return new AssociatedFile(newName, description, type, locale, version);
  }
}
