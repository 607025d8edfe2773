package dev.jlite.metadata;

/**
 * The tensor is an image; metadata schema table {@code ImageProperties}.
 *
 * @param colorSpace the color space; {@link ColorSpaceType#UNKNOWN} by default
 * @param defaultSize the image size, or {@code null}
 */
public record ImageProperties(ColorSpaceType colorSpace, ImageSize defaultSize)
    implements ContentProperties {
  public ImageProperties {
    colorSpace = colorSpace == null ? ColorSpaceType.UNKNOWN : colorSpace;
  }

  /** Image properties with a color space and no default size. */
  public static ImageProperties of(ColorSpaceType colorSpace) {
    return new ImageProperties(colorSpace, null);
  }
}
