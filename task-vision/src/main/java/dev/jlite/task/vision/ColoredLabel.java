package dev.jlite.task.vision;

import java.util.Objects;

/**
 * A class of a segmentation model with the color that draws it: TFLite's fixed PASCAL VOC
 * color map (class 0 black, 1 dark red, 2 dark green, …), with the class's label and display
 * name (empty if the model has none).
 */
public final class ColoredLabel {
  private final String label;
  private final String displayName;
  private final int rgb;

  private ColoredLabel(String label, String displayName, int rgb) {
    this.label = Objects.requireNonNull(label, "label");
    this.displayName = Objects.requireNonNull(displayName, "displayName");
    this.rgb = rgb & 0xFFFFFF;
  }

  public static ColoredLabel create(String label, String displayName, int rgb) {
    return new ColoredLabel(label, displayName, rgb);
  }

  /**
   * The color of class {@code index} (0 to 255) in the PASCAL VOC color map: the bits of the index,
   * three at a time, spread from the top bit down over red, green and blue.
   */
  static int pascalVocColor(int index) {
    int r = 0;
    int g = 0;
    int b = 0;
    int c = index;
    for (int shift = 7; shift >= 0; shift--) {
      r |= (c & 1) << shift;
      g |= ((c >> 1) & 1) << shift;
      b |= ((c >> 2) & 1) << shift;
      c >>= 3;
    }
    return (r << 16) | (g << 8) | b;
  }

  public String label() {
    return label;
  }

  public String displayName() {
    return displayName;
  }

  public int r() {
    return (rgb >> 16) & 0xFF;
  }

  public int g() {
    return (rgb >> 8) & 0xFF;
  }

  public int b() {
    return rgb & 0xFF;
  }

  /** The color as opaque ARGB ({@code 0xFFrrggbb}). */
  public int argb() {
    return 0xFF000000 | rgb;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColoredLabel c && c.label.equals(label)
        && c.displayName.equals(displayName) && c.rgb == rgb;
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, displayName, rgb);
  }

  @Override
  public String toString() {
    return "ColoredLabel{" + label + ", rgb=" + r() + "," + g() + "," + b() + "}";
  }
}
