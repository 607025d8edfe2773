package dev.jlite.metadata;

import java.util.Map;

/** Lets tests in other packages write archives with {@link StoredZip}. */
public final class StoredZipAccess {
  private StoredZipAccess() {}

  public static byte[] write(String name, byte[] data, long prefixLength) {
    return StoredZip.write(Map.of(name, data), prefixLength);
  }
}
