package dev.jlite.task.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV files byte by byte for the tests. */
final class Wavs {
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  static Wavs riff() {
    return new Wavs();
  }

  /** A plain 16-byte 'fmt ' chunk. */
  Wavs fmt(int tag, int channels, int rate, int bits) {
    return chunk("fmt ", fmtBody(tag, channels, rate, bits, channels * bits / 8, 16));
  }

  /** A 40-byte WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk with the standard GUID of {@code subFormat}. */
  Wavs extensible(int subFormat, int channels, int rate, int bits, int validBits) {
    ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    b.put(fmtBody(0xFFFE, channels, rate, bits, channels * bits / 8, 16));
    b.putShort((short) 22).putShort((short) validBits).putInt(3);
    b.putShort((short) subFormat);
    b.put(new byte[] {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA,
        0x00, 0x38, (byte) 0x9B, 0x71});
    return chunk("fmt ", b.array());
  }

  static byte[] fmtBody(int tag, int channels, int rate, int bits, int blockAlign, int size) {
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) tag).putShort((short) channels).putInt(rate)
        .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
    return b.array();
  }

  Wavs chunk(String id, byte[] data) {
    write(id.getBytes(StandardCharsets.US_ASCII));
    write(le32(data.length));
    write(data);
    if (data.length % 2 == 1) {
      body.write(0);
    }
    return this;
  }

  Wavs raw(byte[] bytes) {
    write(bytes);
    return this;
  }

  byte[] bytes() {
    byte[] chunks = body.toByteArray();
    ByteBuffer b = ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.length)
        .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put(chunks);
    return b.array();
  }

  static byte[] shorts(short... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short v : values) {
      b.putShort(v);
    }
    return b.array();
  }

  static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private void write(byte[] b) {
    body.write(b, 0, b.length);
  }
}
