package dev.jlite.metadata;

/** The default size of an image tensor; metadata schema table {@code ImageSize} (uint fields). */
public record ImageSize(long width, long height) {
  public ImageSize {
    Checks.uint("ImageSize.width", width);
    Checks.uint("ImageSize.height", height);
  }
}
