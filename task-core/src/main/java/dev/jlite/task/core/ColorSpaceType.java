package dev.jlite.task.core;

/** How a {@link TensorImage} stores its pixels: 3 bytes (R, G, B) or 1 byte per pixel. */
public enum ColorSpaceType {
  RGB(3),
  GRAYSCALE(1);

  private final int channels;

  ColorSpaceType(int channels) {
    this.channels = channels;
  }

  /** Bytes per pixel. */
  public int channels() {
    return channels;
  }
}
