package dev.jlite.metadata;

/**
 * Metadata is invalid, or cannot be written into a model as asked: a wrong number of tensor
 * metadata, a name that matches no tensor, mean and std of different lengths, an associated file
 * that the metadata names but that was not supplied, a malformed score calibration file, JSON that
 * is not metadata. The message says what is wrong and where.
 *
 * <p>A model that is itself malformed is reported with {@link
 * dev.jlite.schema.InvalidModelException} instead, and unreadable files with {@link
 * java.io.IOException}.
 */
public class MetadataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MetadataException(String message) {
    super(message);
  }

  public MetadataException(String message, Throwable cause) {
    super(message, cause);
  }
}
