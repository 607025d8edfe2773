package dev.jlite.task.text;

import java.nio.charset.StandardCharsets;

/**
 * Reads the protocol buffer wire format field by field: enough to walk a SentencePiece model
 * without a protobuf library. Every read is bounds-checked; malformed input throws {@link
 * IllegalArgumentException} naming the offset.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] data;
  private int position;
  private final int end;
  private int tag;

  ProtoReader(byte[] data, int start, int end) {
    this.data = data;
    this.position = start;
    this.end = end;
  }

  /** Moves to the next field; false at the end of the message. */
  boolean next() {
    if (position >= end) {
      return false;
    }
    long key = varint();
    if (key >>> 3 == 0 || key >>> 3 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("invalid field number " + (key >>> 3) + " at byte "
          + position);
    }
    tag = (int) key;
    return true;
  }

  int field() {
    return tag >>> 3;
  }

  int wireType() {
    return tag & 7;
  }

  long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      checkAvailable(1);
      byte b = data[position++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes at byte " + position);
  }

  float fixed32Float() {
    expect(FIXED32);
    checkAvailable(4);
    int bits = (data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8
        | (data[position + 2] & 0xFF) << 16 | (data[position + 3] & 0xFF) << 24;
    position += 4;
    return Float.intBitsToFloat(bits);
  }

  long varintField() {
    expect(VARINT);
    return varint();
  }

  /** The bytes of a length-delimited field as a reader. */
  ProtoReader message() {
    int length = length();
    ProtoReader inner = new ProtoReader(data, position, position + length);
    position += length;
    return inner;
  }

  String string() {
    int length = length();
    String s = new String(data, position, length, StandardCharsets.UTF_8);
    position += length;
    return s;
  }

  int bytesLength() {
    int length = length();
    position += length;
    return length;
  }

  /** Skips the current field's value. */
  void skip() {
    switch (wireType()) {
      case VARINT -> varint();
      case FIXED64 -> advance(8);
      case LENGTH_DELIMITED -> advance(length());
      case FIXED32 -> advance(4);
      default -> throw new IllegalArgumentException("unsupported wire type " + wireType()
          + " of field " + field() + " before byte " + position);
    }
  }

  private int length() {
    expect(LENGTH_DELIMITED);
    long length = varint();
    if (length < 0 || length > end - position) {
      throw new IllegalArgumentException("field " + field() + " at byte " + position
          + " has length " + length + " but only " + (end - position) + " bytes remain");
    }
    return (int) length;
  }

  private void advance(int n) {
    checkAvailable(n);
    position += n;
  }

  private void expect(int wireType) {
    if (wireType() != wireType) {
      throw new IllegalArgumentException("field " + field() + " before byte " + position
          + " has wire type " + wireType() + ", expected " + wireType);
    }
  }

  private void checkAvailable(int n) {
    if (end - position < n) {
      throw new IllegalArgumentException("truncated message: " + n + " bytes needed at byte "
          + position + ", " + (end - position) + " remain");
    }
  }
}
