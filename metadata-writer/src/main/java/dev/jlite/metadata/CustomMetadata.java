package dev.jlite.metadata;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Opaque bytes under a name; metadata schema table {@code CustomMetadata} (schema 1.5.0).
 *
 * @param name the name, or {@code null}
 * @param data the bytes (copied in and out), or {@code null}
 */
public record CustomMetadata(String name, byte[] data) {
  public CustomMetadata {
    data = data == null ? null : data.clone();
  }

  @Override
  public byte[] data() {
    return data == null ? null : data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CustomMetadata other && java.util.Objects.equals(name, other.name)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Objects.hashCode(name) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "CustomMetadata[name=" + name + ", data="
        + (data == null ? "null" : HexFormat.of().formatHex(data)) + "]";
  }
}
