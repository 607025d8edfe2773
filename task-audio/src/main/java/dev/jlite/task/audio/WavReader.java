package dev.jlite.task.audio;

import dev.jlite.task.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Decodes RIFF/WAVE files into {@link AudioClip}s: integer PCM of 8 (unsigned), 16, 24 or 32 bits,
 * IEEE float of 32 or 64 bits, plain or {@code WAVE_FORMAT_EXTENSIBLE}, any number of interleaved
 * channels. Chunks may come in any order and unknown ones are skipped (with their pad byte when
 * odd-sized); a data chunk of size 0xFFFFFFFF, as streaming encoders leave it, runs to the end of
 * the file. Integer samples are scaled by 1/2<sup>bits-1</sup> (16-bit: 1/32768, as TFLite's
 * {@code DecodeLin16WaveAsFloatVector}); float samples are kept as they are.
 */
public final class WavReader {
  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_FLOAT = 3;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  /** The data size streaming encoders write when they cannot seek back to the header. */
  private static final long STREAMED_SIZE = 0xFFFFFFFFL;
  /** The 14 bytes that follow the format code in the sub-format GUID of the standard formats. */
  private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
      0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

  private WavReader() {}

  /**
   * Reads and decodes a WAV file.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidInputException if it is not a WAV file this reader decodes; the message starts
   *     with the path and says what is wrong
   */
  public static AudioClip read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    try {
      return decode(bytes);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes the bytes of a WAV file.
   *
   * @throws InvalidInputException if they are not a WAV file this reader decodes (not RIFF/WAVE,
   *     truncated, without format or data chunk, an unsupported or inconsistent format, no samples)
   */
  public static AudioClip decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 12 || in.getInt(0) != fourCc("RIFF") || in.getInt(8) != fourCc("WAVE")) {
      throw new InvalidInputException("not a WAV file: it does not start with RIFF....WAVE ("
          + bytes.length + " bytes)");
    }
    int fmt = -1;
    int fmtSize = 0;
    int data = -1;
    long dataSize = 0;
    boolean streamed = false;
    int pos = 12;
    while (bytes.length - pos >= 8) {
      int id = in.getInt(pos);
      long size = Integer.toUnsignedLong(in.getInt(pos + 4));
      int body = pos + 8;
      if (id == fourCc("data") && size == STREAMED_SIZE && data < 0) {
        // Written by a streaming encoder that could not go back to fill in the size: the
        // samples run to the end of the file (whole frames only, checked below).
        size = bytes.length - body;
        streamed = true;
      }
      if (size > bytes.length - body) {
        throw new InvalidInputException("WAV file is truncated: chunk '" + name(id) + "' at byte "
            + pos + " declares " + size + " bytes but only " + (bytes.length - body) + " remain");
      }
      if (id == fourCc("fmt ") && fmt < 0) {
        fmt = body;
        fmtSize = (int) size;
      } else if (id == fourCc("data") && data < 0) {
        data = body;
        dataSize = size;
      }
      long nextChunk = body + size + (size & 1);
      pos = (int) Math.min(nextChunk, bytes.length);
    }
    if (fmt < 0) {
      throw new InvalidInputException("WAV file has no 'fmt ' chunk");
    }
    if (data < 0) {
      throw new InvalidInputException("WAV file has no 'data' chunk");
    }
    Encoding encoding = encoding(in, fmt, fmtSize);
    int blockAlign = encoding.channels * encoding.bytes;
    if (dataSize == 0) {
      throw new InvalidInputException("WAV file has no samples (its data chunk is empty)");
    }
    if (streamed) {
      dataSize -= dataSize % blockAlign;
    }
    if (dataSize % blockAlign != 0) {
      throw new InvalidInputException("WAV data chunk of " + dataSize + " bytes is not a whole"
          + " number of " + blockAlign + "-byte frames (truncated?)");
    }
    float[] samples = new float[(int) (dataSize / encoding.bytes)];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = encoding.sample(in, data + i * encoding.bytes);
    }
    return AudioClip.of(new AudioFormat(encoding.sampleRate, encoding.channels), samples);
  }

  private static Encoding encoding(ByteBuffer in, int fmt, int size) {
    if (size < 16) {
      throw new InvalidInputException("WAV 'fmt ' chunk has " + size + " bytes; it needs 16");
    }
    int tag = Short.toUnsignedInt(in.getShort(fmt));
    int channels = Short.toUnsignedInt(in.getShort(fmt + 2));
    long sampleRate = Integer.toUnsignedLong(in.getInt(fmt + 4));
    int blockAlign = Short.toUnsignedInt(in.getShort(fmt + 12));
    int bits = Short.toUnsignedInt(in.getShort(fmt + 14));
    if (tag == FORMAT_EXTENSIBLE) {
      if (size < 40 || Short.toUnsignedInt(in.getShort(fmt + 16)) < 22) {
        throw new InvalidInputException("WAV format is WAVE_FORMAT_EXTENSIBLE but its 'fmt '"
            + " chunk of " + size + " bytes has no complete extension");
      }
      int validBits = Short.toUnsignedInt(in.getShort(fmt + 18));
      byte[] tail = new byte[GUID_TAIL.length];
      in.get(fmt + 26, tail);
      if (!Arrays.equals(tail, GUID_TAIL)) {
        throw new InvalidInputException("WAV format is WAVE_FORMAT_EXTENSIBLE with an unknown"
            + " sub-format GUID");
      }
      if (validBits > bits) {
        throw new InvalidInputException("WAV format declares " + validBits
            + " valid bits in a " + bits + "-bit container");
      }
      tag = Short.toUnsignedInt(in.getShort(fmt + 24));
    }
    if (channels == 0) {
      throw new InvalidInputException("WAV format declares 0 channels");
    }
    if (sampleRate == 0 || sampleRate > Integer.MAX_VALUE) {
      throw new InvalidInputException("WAV format declares a sample rate of " + sampleRate + " Hz");
    }
    boolean supported = tag == FORMAT_PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32)
        || tag == FORMAT_FLOAT && (bits == 32 || bits == 64);
    if (!supported) {
      throw new InvalidInputException("unsupported WAV format: " + formatName(tag) + " with "
          + bits + " bits per sample (supported: PCM 8/16/24/32, IEEE float 32/64)");
    }
    if (blockAlign != channels * (bits / 8)) {
      throw new InvalidInputException("WAV format declares " + blockAlign + "-byte frames, but "
          + channels + " channels of " + bits + " bits make " + channels * (bits / 8));
    }
    return new Encoding(tag == FORMAT_FLOAT, bits / 8, channels, (int) sampleRate);
  }

  private static String formatName(int tag) {
    return switch (tag) {
      case FORMAT_PCM -> "PCM";
      case FORMAT_FLOAT -> "IEEE float";
      case 2 -> "ADPCM (code 2)";
      case 6 -> "A-law (code 6)";
      case 7 -> "mu-law (code 7)";
      case 0x55 -> "MP3 (code 0x55)";
      default -> "format code 0x" + Integer.toHexString(tag);
    };
  }

  private static int fourCc(String id) {
    return id.charAt(0) | id.charAt(1) << 8 | id.charAt(2) << 16 | id.charAt(3) << 24;
  }

  private static String name(int id) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      int c = id >>> (8 * i) & 0xFF;
      s.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
    }
    return s.toString();
  }

  /** How samples are stored. */
  private record Encoding(boolean floating, int bytes, int channels, int sampleRate) {
    float sample(ByteBuffer in, int at) {
      if (floating) {
        return bytes == 4 ? in.getFloat(at) : (float) in.getDouble(at);
      }
      return switch (bytes) {
        case 1 -> ((in.get(at) & 0xFF) - 128) / 128f;
        case 2 -> in.getShort(at) / 32768f;
        case 3 -> ((in.get(at) & 0xFF) | (in.get(at + 1) & 0xFF) << 8 | in.get(at + 2) << 16)
            / 8388608f;
        default -> (float) (in.getInt(at) / 2147483648.0);
      };
    }
  }
}
