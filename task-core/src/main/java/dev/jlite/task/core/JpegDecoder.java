package dev.jlite.task.core;

import java.util.Arrays;

/**
 * Decodes baseline and progressive Huffman JPEG to RGB or grayscale with exactly the arithmetic of
 * stb_image 2.26 as built for x86-64 (its SSE2 IDCT, fancy chroma upsampling and scalar YCbCr
 * conversion), because the official Task Library goldens were produced from stb_image's pixels
 * and other decoders differ by a few levels per channel.
 */
final class JpegDecoder {

  /**
   * A decoded image, row-major: 1 byte per pixel for a one-component (grayscale) JPEG, as
   * stb_image returns it when asked for the native channel count, else 3 (RGB).
   */
  record Decoded(int width, int height, int channels, byte[] pixels) {}

  private static final int[] DEZIGZAG = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27,
    20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58,
    59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
  };

  private final byte[] in;
  private final String source;
  private final long maxPixels;
  private int pos;

  private final int[][] dequant = new int[4][64];
  private final JpegHuffman[] dcTables = new JpegHuffman[4];
  private final JpegHuffman[] acTables = new JpegHuffman[4];
  private Component[] comps;
  private int width;
  private int height;
  private int hMax;
  private int vMax;
  private int mcusX;
  private int mcusY;
  private boolean progressive;
  private int restartInterval;
  private boolean jfif;
  private int adobeTransform = -1;

  // Scan state.
  private Component[] scanComps;
  private int specStart;
  private int specEnd;
  private int succHigh;
  private int succLow;
  private int eobRun;
  private long bitBuf;
  private int bitCount;
  private int marker = -1;

  private static final class Component {
    int id;
    int h;
    int v;
    int tq;
    int td;
    int ta;
    int x;
    int y;
    int w2;
    int h2;
    int dcPred;
    byte[] data;
    short[] coeffs;
    int coeffW;
  }

  private JpegDecoder(byte[] in, String source, long maxPixels) {
    this.in = in;
    this.source = source;
    this.maxPixels = maxPixels;
  }

  /** Whether the bytes start with a JPEG start-of-image marker. */
  static boolean isJpeg(byte[] data) {
    return data.length >= 3 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8
        && (data[2] & 0xFF) == 0xFF;
  }

  /**
   * Decodes a JPEG to RGB, or to grayscale if it has one component.
   *
   * @throws InvalidInputException if the data is truncated, corrupt, an unsupported JPEG kind, or
   *     has more than {@code maxPixels} pixels
   */
  static Decoded decode(byte[] data, String source, long maxPixels) {
    JpegDecoder d = new JpegDecoder(data, source, maxPixels);
    try {
      return d.run();
    } catch (ArithmeticException | NegativeArraySizeException e) {
      throw d.fail("corrupt JPEG data (" + e.getMessage() + ")");
    }
  }

  private InvalidInputException fail(String message) {
    return new InvalidInputException(source + ": " + message);
  }

  private int u8() {
    if (pos >= in.length) {
      throw fail("truncated JPEG: unexpected end of data at byte " + pos);
    }
    return in[pos++] & 0xFF;
  }

  private int u16() {
    int hi = u8();
    return (hi << 8) | u8();
  }

  private int nextMarker() {
    int b = u8();
    if (b != 0xFF) {
      throw fail("corrupt JPEG: expected a marker at byte " + (pos - 1));
    }
    while (b == 0xFF) {
      b = u8();
    }
    return b;
  }

  private Decoded run() {
    if (!isJpeg(in)) {
      throw fail("not a JPEG image");
    }
    pos = 2;
    int m = nextMarker();
    boolean frameSeen = false;
    while (m != 0xD9) {
      if (m == 0xDA) {
        if (!frameSeen) {
          throw fail("corrupt JPEG: a scan before the frame header");
        }
        readScanHeader();
        decodeScan();
        m = marker >= 0 ? marker : findMarker();
        marker = -1;
        continue;
      }
      if (m == 0xC0 || m == 0xC1 || m == 0xC2) {
        if (frameSeen) {
          throw fail("corrupt JPEG: more than one frame header");
        }
        progressive = m == 0xC2;
        readFrame();
        frameSeen = true;
      } else if (m >= 0xC3 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
        throw fail(String.format("unsupported JPEG kind (SOF marker 0x%02X): only baseline and "
            + "progressive Huffman JPEG are supported", m));
      } else if (m == 0xDB) {
        readDqt();
      } else if (m == 0xC4) {
        readDht();
      } else if (m == 0xDD) {
        if (u16() != 4) {
          throw fail("corrupt JPEG: bad DRI length");
        }
        restartInterval = u16();
      } else if ((m >= 0xE0 && m <= 0xEF) || m == 0xFE) {
        readApp(m);
      } else if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
        throw fail(String.format("corrupt JPEG: unexpected marker 0x%02X at byte %d", m, pos - 1));
      } else {
        skipSegment();
      }
      m = nextMarker();
    }
    if (!frameSeen) {
      throw fail("corrupt JPEG: no frame header");
    }
    if (progressive) {
      finishProgressive();
    }
    return new Decoded(width, height, comps.length == 1 ? 1 : 3, toPixels());
  }

  private int findMarker() {
    // Bytes between the entropy-coded data and the next marker are skipped, as stb_image does.
    while (true) {
      if (u8() == 0xFF) {
        int b = u8();
        while (b == 0xFF) {
          b = u8();
        }
        if (b != 0) {
          return b;
        }
      }
    }
  }

  private int segmentEnd() {
    int start = pos;
    int len = u16();
    if (len < 2 || start + len > in.length) {
      throw fail("truncated JPEG: segment at byte " + start + " claims " + len + " bytes");
    }
    return start + len;
  }

  private void skipSegment() {
    pos = segmentEnd();
  }

  private void readApp(int m) {
    int end = segmentEnd();
    int n = end - pos;
    if (m == 0xE0 && n >= 5 && in[pos] == 'J' && in[pos + 1] == 'F' && in[pos + 2] == 'I'
        && in[pos + 3] == 'F' && in[pos + 4] == 0) {
      jfif = true;
    } else if (m == 0xEE && n >= 12 && in[pos] == 'A' && in[pos + 1] == 'd'
        && in[pos + 2] == 'o' && in[pos + 3] == 'b' && in[pos + 4] == 'e' && in[pos + 5] == 0) {
      adobeTransform = in[pos + 11] & 0xFF;
    }
    pos = end;
  }

  private void readDqt() {
    int end = segmentEnd();
    while (pos < end) {
      int pq = u8();
      int precision = pq >> 4;
      int t = pq & 15;
      if (precision > 1 || t > 3) {
        throw fail("corrupt JPEG: bad quantization table header at byte " + (pos - 1));
      }
      for (int i = 0; i < 64; i++) {
        dequant[t][DEZIGZAG[i]] = precision == 1 ? u16() : u8();
      }
    }
    if (pos != end) {
      throw fail("corrupt JPEG: bad DQT length");
    }
  }

  private void readDht() {
    int end = segmentEnd();
    while (pos < end) {
      int tc = u8();
      int cls = tc >> 4;
      int t = tc & 15;
      if (cls > 1 || t > 3) {
        throw fail("corrupt JPEG: bad Huffman table header at byte " + (pos - 1));
      }
      int[] counts = new int[17];
      int total = 0;
      for (int i = 1; i <= 16; i++) {
        counts[i] = u8();
        total += counts[i];
      }
      if (total > 256) {
        throw fail("corrupt JPEG: Huffman table with " + total + " codes");
      }
      int[] values = new int[total];
      for (int i = 0; i < total; i++) {
        values[i] = u8();
      }
      JpegHuffman table = new JpegHuffman(counts, values);
      if (!table.valid) {
        throw fail("corrupt JPEG: bad Huffman code lengths");
      }
      (cls == 0 ? dcTables : acTables)[t] = table;
    }
    if (pos != end) {
      throw fail("corrupt JPEG: bad DHT length");
    }
  }

  private void readFrame() {
    int end = segmentEnd();
    if (u8() != 8) {
      throw fail("unsupported JPEG: only 8-bit samples are supported");
    }
    height = u16();
    width = u16();
    if (height == 0) {
      throw fail("unsupported JPEG: zero height (DNL) is not supported");
    }
    if (width == 0) {
      throw fail("corrupt JPEG: zero width");
    }
    if ((long) width * height > maxPixels) {
      throw fail("the image is " + width + "x" + height + ", more than " + maxPixels + " pixels");
    }
    int n = u8();
    if (n != 1 && n != 3) {
      throw fail("unsupported JPEG: " + n + " components (only 1 or 3 are supported)");
    }
    if (end - pos != 3 * n) {
      throw fail("corrupt JPEG: bad SOF length");
    }
    comps = new Component[n];
    for (int i = 0; i < n; i++) {
      Component c = new Component();
      c.id = u8();
      int hv = u8();
      c.h = hv >> 4;
      c.v = hv & 15;
      if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4) {
        throw fail("corrupt JPEG: bad sampling factors " + c.h + "x" + c.v);
      }
      c.tq = u8();
      if (c.tq > 3) {
        throw fail("corrupt JPEG: bad quantization table id " + c.tq);
      }
      hMax = Math.max(hMax, c.h);
      vMax = Math.max(vMax, c.v);
      comps[i] = c;
    }
    for (Component c : comps) {
      if (hMax % c.h != 0 || vMax % c.v != 0) {
        throw fail("unsupported JPEG: non-integral chroma sampling ratio");
      }
    }
    int mcuW = hMax * 8;
    int mcuH = vMax * 8;
    mcusX = (width + mcuW - 1) / mcuW;
    mcusY = (height + mcuH - 1) / mcuH;
    long blocks = 0;
    for (Component c : comps) {
      c.x = (int) (((long) width * c.h + hMax - 1) / hMax);
      c.y = (int) (((long) height * c.v + vMax - 1) / vMax);
      blocks += (long) ((c.x + 7) >> 3) * ((c.y + 7) >> 3);
    }
    // Every block takes at least one bit (its DC code) in some scan, so a header claiming more
    // blocks than the file has bits is refused before the planes are allocated.
    if (blocks > 8L * in.length) {
      throw fail("truncated JPEG: " + in.length + " bytes cannot hold a " + width + "x" + height
          + " image");
    }
    for (Component c : comps) {
      c.w2 = mcusX * c.h * 8;
      c.h2 = mcusY * c.v * 8;
      c.data = new byte[Math.multiplyExact(c.w2, c.h2)];
      if (progressive) {
        c.coeffW = c.w2 / 8;
        c.coeffs = new short[Math.multiplyExact(c.w2, c.h2)];
      }
    }
  }

  private void readScanHeader() {
    int end = segmentEnd();
    int n = u8();
    if (n < 1 || n > 4 || n > comps.length || end - pos != 2 * n + 3) {
      throw fail("corrupt JPEG: bad SOS header");
    }
    scanComps = new Component[n];
    for (int i = 0; i < n; i++) {
      int id = u8();
      int t = u8();
      Component found = null;
      for (Component c : comps) {
        if (c.id == id) {
          found = c;
        }
      }
      if (found == null) {
        throw fail("corrupt JPEG: scan names unknown component " + id);
      }
      found.td = t >> 4;
      found.ta = t & 15;
      if (found.td > 3 || found.ta > 3) {
        throw fail("corrupt JPEG: bad Huffman table id in scan");
      }
      scanComps[i] = found;
    }
    specStart = u8();
    specEnd = u8();
    int a = u8();
    succHigh = a >> 4;
    succLow = a & 15;
    if (progressive) {
      if (specStart > 63 || specEnd > 63 || specStart > specEnd || succHigh > 13
          || succLow > 13) {
        throw fail("corrupt JPEG: bad progressive scan parameters");
      }
      if (specStart != 0 && n != 1) {
        throw fail("corrupt JPEG: an AC scan must have one component");
      }
      if (specStart == 0 && specEnd != 0) {
        throw fail("corrupt JPEG: a scan cannot mix DC and AC");
      }
    } else if (specStart != 0 || succHigh != 0 || succLow != 0) {
      throw fail("corrupt JPEG: bad baseline scan parameters");
    }
    for (Component c : scanComps) {
      boolean needDc = !progressive || (specStart == 0 && succHigh == 0);
      boolean needAc = !progressive || specStart != 0;
      if ((needDc && dcTables[c.td] == null) || (needAc && acTables[c.ta] == null)) {
        throw fail("corrupt JPEG: scan uses an undefined Huffman table");
      }
    }
  }

  // ---- entropy-coded data ----

  private void fill() {
    while (bitCount <= 24) {
      int b = 0;
      if (marker < 0) {
        b = u8();
        if (b == 0xFF) {
          int c = u8();
          while (c == 0xFF) {
            c = u8();
          }
          if (c != 0) {
            // A marker ends the data; stb_image feeds zero bits from here on.
            marker = c;
            b = 0;
          }
        }
      }
      bitBuf |= (long) b << (24 - bitCount);
      bitCount += 8;
    }
  }

  private int bits(int n) {
    if (n == 0) {
      return 0;
    }
    fill();
    int v = (int) ((bitBuf >>> (32 - n)) & ((1L << n) - 1));
    bitBuf = (bitBuf << n) & 0xFFFFFFFFL;
    bitCount -= n;
    return v;
  }

  private int receiveExtend(int s) {
    if (s > 16) {
      throw fail("corrupt JPEG: coefficient size " + s);
    }
    int v = bits(s);
    return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
  }

  private int decodeHuffman(JpegHuffman t) {
    fill();
    int peek = (int) (bitBuf >>> 16) & 0xFFFF;
    for (int l = 1; l <= 16; l++) {
      int code = peek >>> (16 - l);
      if (code < t.maxCode[l]) {
        bits(l);
        return t.values[code + t.delta[l]];
      }
    }
    throw fail("corrupt JPEG: bad Huffman code");
  }

  private void resetScan() {
    bitBuf = 0;
    bitCount = 0;
    marker = -1;
    eobRun = 0;
    for (Component c : comps) {
      c.dcPred = 0;
    }
  }

  private void decodeScan() {
    resetScan();
    int todo = restartInterval > 0 ? restartInterval : Integer.MAX_VALUE;
    short[] block = new short[64];
    if (scanComps.length == 1) {
      Component c = scanComps[0];
      int bw = (c.x + 7) >> 3;
      int bh = (c.y + 7) >> 3;
      for (int j = 0; j < bh; j++) {
        for (int i = 0; i < bw; i++) {
          decodeUnit(c, i, j, block);
          if (--todo <= 0) {
            if (!restart()) {
              return;
            }
            todo = restartInterval;
          }
        }
      }
      return;
    }
    for (int j = 0; j < mcusY; j++) {
      for (int i = 0; i < mcusX; i++) {
        for (Component c : scanComps) {
          for (int y = 0; y < c.v; y++) {
            for (int x = 0; x < c.h; x++) {
              decodeUnit(c, i * c.h + x, j * c.v + y, block);
            }
          }
        }
        if (--todo <= 0) {
          if (!restart()) {
            return;
          }
          todo = restartInterval;
        }
      }
    }
  }

  /** Handles the end of a restart interval; false if the scan's data stops here. */
  private boolean restart() {
    if (bitCount < 24) {
      fill();
    }
    if (marker < 0xD0 || marker > 0xD7) {
      return false;
    }
    resetScan();
    return true;
  }

  private void decodeUnit(Component c, int bx, int by, short[] block) {
    if (!progressive) {
      Arrays.fill(block, (short) 0);
      decodeBaseline(c, block);
      idct(block, c.data, by * 8 * c.w2 + bx * 8, c.w2);
      return;
    }
    int off = (by * c.coeffW + bx) * 64;
    if (specStart == 0) {
      decodeDc(c, off);
    } else if (succHigh == 0) {
      decodeAcFirst(c, off);
    } else {
      decodeAcRefine(c, off);
    }
  }

  private void decodeBaseline(Component c, short[] block) {
    int[] q = dequant[c.tq];
    int t = decodeHuffman(dcTables[c.td]);
    int diff = t == 0 ? 0 : receiveExtend(t);
    int dc = c.dcPred + diff;
    c.dcPred = dc;
    block[0] = (short) (dc * q[0]);
    JpegHuffman ac = acTables[c.ta];
    int k = 1;
    do {
      int rs = decodeHuffman(ac);
      int s = rs & 15;
      int r = rs >> 4;
      if (s == 0) {
        if (rs != 0xF0) {
          break;
        }
        k += 16;
      } else {
        k += r;
        if (k > 63) {
          throw fail("corrupt JPEG: coefficient index past 63");
        }
        int zig = DEZIGZAG[k++];
        block[zig] = (short) (receiveExtend(s) * q[zig]);
      }
    } while (k < 64);
  }

  private void decodeDc(Component c, int off) {
    short[] data = c.coeffs;
    if (succHigh == 0) {
      int t = decodeHuffman(dcTables[c.td]);
      int diff = t == 0 ? 0 : receiveExtend(t);
      int dc = c.dcPred + diff;
      c.dcPred = dc;
      data[off] = (short) (dc * (1 << succLow));
    } else if (bits(1) != 0) {
      data[off] += (short) (1 << succLow);
    }
  }

  private void decodeAcFirst(Component c, int off) {
    if (eobRun > 0) {
      eobRun--;
      return;
    }
    short[] data = c.coeffs;
    JpegHuffman ac = acTables[c.ta];
    int k = specStart;
    do {
      int rs = decodeHuffman(ac);
      int s = rs & 15;
      int r = rs >> 4;
      if (s == 0) {
        if (r < 15) {
          eobRun = (1 << r) - 1 + bits(r);
          break;
        }
        k += 16;
      } else {
        k += r;
        if (k > 63) {
          throw fail("corrupt JPEG: coefficient index past 63");
        }
        data[off + DEZIGZAG[k++]] = (short) (receiveExtend(s) * (1 << succLow));
      }
    } while (k <= specEnd);
  }

  private void decodeAcRefine(Component c, int off) {
    short[] data = c.coeffs;
    short bit = (short) (1 << succLow);
    if (eobRun > 0) {
      eobRun--;
      for (int k = specStart; k <= specEnd; k++) {
        refine(data, off + DEZIGZAG[k], bit);
      }
      return;
    }
    JpegHuffman ac = acTables[c.ta];
    int k = specStart;
    do {
      int rs = decodeHuffman(ac);
      int s = rs & 15;
      int r = rs >> 4;
      if (s == 0) {
        if (r < 15) {
          eobRun = (1 << r) - 1 + bits(r);
          r = 64;
        }
      } else {
        if (s != 1) {
          throw fail("corrupt JPEG: bad refinement coefficient size " + s);
        }
        s = bits(1) != 0 ? bit : -bit;
      }
      while (k <= specEnd) {
        int p = off + DEZIGZAG[k++];
        if (data[p] != 0) {
          refine(data, p, bit);
        } else {
          if (r == 0) {
            data[p] = (short) s;
            break;
          }
          r--;
        }
      }
    } while (k <= specEnd);
  }

  private void refine(short[] data, int p, short bit) {
    if (data[p] != 0 && bits(1) != 0 && (data[p] & bit) == 0) {
      data[p] += data[p] > 0 ? bit : -bit;
    }
  }

  private void finishProgressive() {
    short[] block = new short[64];
    for (Component c : comps) {
      int[] q = dequant[c.tq];
      int bw = (c.x + 7) >> 3;
      int bh = (c.y + 7) >> 3;
      for (int j = 0; j < bh; j++) {
        for (int i = 0; i < bw; i++) {
          int off = (j * c.coeffW + i) * 64;
          for (int k = 0; k < 64; k++) {
            block[k] = (short) (c.coeffs[off + k] * q[k]);
          }
          idct(block, c.data, j * 8 * c.w2 + i * 8, c.w2);
        }
      }
    }
  }

  // ---- IDCT: stb_image's SSE2 version, which wraps some sums to 16 bits and saturates ----

  private static int f2f(float x) {
    return (int) ((double) (x * 4096f) + 0.5);
  }

  private static final int C0541 = f2f(0.5411961f);
  private static final int CM1847 = f2f(-1.847759065f);
  private static final int C0765 = f2f(0.765366865f);
  private static final int C1175 = f2f(1.175875602f);
  private static final int CM0899 = f2f(-0.899976223f);
  private static final int CM2562 = f2f(-2.562915447f);
  private static final int CM1961 = f2f(-1.961570560f);
  private static final int C0298 = f2f(0.298631336f);
  private static final int C3072 = f2f(3.072711026f);
  private static final int CM0390 = f2f(-0.390180644f);
  private static final int C2053 = f2f(2.053119869f);
  private static final int C1501 = f2f(1.501321110f);

  /** One 1-D pass over 8 values {@code v[o + i * step]}, in place, as 16-bit results. */
  private static void pass(int[] v, int o, int step, int bias, int shift) {
    int r0 = v[o];
    int r1 = v[o + step];
    int r2 = v[o + 2 * step];
    int r3 = v[o + 3 * step];
    int r4 = v[o + 4 * step];
    int r5 = v[o + 5 * step];
    int r6 = v[o + 6 * step];
    int r7 = v[o + 7 * step];
    int t2e = r2 * C0541 + r6 * (C0541 + CM1847);
    int t3e = r2 * (C0541 + C0765) + r6 * C0541;
    int t0e = (short) (r0 + r4) << 12;
    int t1e = (short) (r0 - r4) << 12;
    int x0 = t0e + t3e;
    int x3 = t0e - t3e;
    int x1 = t1e + t2e;
    int x2 = t1e - t2e;
    int y0o = r7 * (CM1961 + C0298) + r3 * CM1961;
    int y2o = r7 * CM1961 + r3 * (CM1961 + C3072);
    int y1o = r5 * (CM0390 + C2053) + r1 * CM0390;
    int y3o = r5 * CM0390 + r1 * (CM0390 + C1501);
    int sum17 = (short) (r1 + r7);
    int sum35 = (short) (r3 + r5);
    int y4o = sum17 * (C1175 + CM0899) + sum35 * C1175;
    int y5o = sum17 * C1175 + sum35 * (C1175 + CM2562);
    int x4 = y0o + y4o;
    int x5 = y1o + y5o;
    int x6 = y2o + y5o;
    int x7 = y3o + y4o;
    x0 += bias;
    x1 += bias;
    x2 += bias;
    x3 += bias;
    v[o] = sat16((x0 + x7) >> shift);
    v[o + 7 * step] = sat16((x0 - x7) >> shift);
    v[o + step] = sat16((x1 + x6) >> shift);
    v[o + 6 * step] = sat16((x1 - x6) >> shift);
    v[o + 2 * step] = sat16((x2 + x5) >> shift);
    v[o + 5 * step] = sat16((x2 - x5) >> shift);
    v[o + 3 * step] = sat16((x3 + x4) >> shift);
    v[o + 4 * step] = sat16((x3 - x4) >> shift);
  }

  private static int sat16(int x) {
    return Math.max(-32768, Math.min(32767, x));
  }

  private static void idct(short[] block, byte[] out, int off, int stride) {
    int[] v = new int[64];
    for (int i = 0; i < 64; i++) {
      v[i] = block[i];
    }
    for (int col = 0; col < 8; col++) {
      pass(v, col, 8, 512, 10);
    }
    for (int row = 0; row < 8; row++) {
      pass(v, row * 8, 1, 65536 + (128 << 17), 17);
      for (int i = 0; i < 8; i++) {
        out[off + row * stride + i] = (byte) Math.max(0, Math.min(255, v[row * 8 + i]));
      }
    }
  }

  // ---- upsampling and colour conversion ----

  private byte[] toPixels() {
    int n = comps.length;
    byte[][] rows = new byte[n][];
    int[] line0 = new int[n];
    int[] line1 = new int[n];
    int[] ystep = new int[n];
    int[] ypos = new int[n];
    int[] hs = new int[n];
    int[] vs = new int[n];
    int[] wLores = new int[n];
    byte[][] lineBuf = new byte[n][];
    for (int k = 0; k < n; k++) {
      hs[k] = hMax / comps[k].h;
      vs[k] = vMax / comps[k].v;
      ystep[k] = vs[k] >> 1;
      wLores[k] = (width + hs[k] - 1) / hs[k];
      lineBuf[k] = new byte[width + 3];
    }
    boolean isRgb = n == 3
        && ((comps[0].id == 'R' && comps[1].id == 'G' && comps[2].id == 'B')
            || (adobeTransform == 0 && !jfif));
    byte[] rgb = new byte[Math.multiplyExact(n == 1 ? 1 : 3, Math.multiplyExact(width, height))];
    for (int j = 0; j < height; j++) {
      for (int k = 0; k < n; k++) {
        Component c = comps[k];
        boolean yBot = ystep[k] >= (vs[k] >> 1);
        int near = yBot ? line1[k] : line0[k];
        int far = yBot ? line0[k] : line1[k];
        rows[k] = resample(c.data, near, far, wLores[k], hs[k], vs[k], lineBuf[k]);
        if (rows[k] == c.data) {
          System.arraycopy(c.data, near, lineBuf[k], 0, width);
          rows[k] = lineBuf[k];
        }
        if (++ystep[k] >= vs[k]) {
          ystep[k] = 0;
          line0[k] = line1[k];
          if (++ypos[k] < c.y) {
            line1[k] += c.w2;
          }
        }
      }
      int o = j * width * 3;
      if (n == 1) {
        System.arraycopy(rows[0], 0, rgb, j * width, width);
      } else if (isRgb) {
        for (int i = 0; i < width; i++) {
          rgb[o++] = rows[0][i];
          rgb[o++] = rows[1][i];
          rgb[o++] = rows[2][i];
        }
      } else {
        yCbCrToRgb(rows[0], rows[1], rows[2], rgb, o);
      }
    }
    return rgb;
  }

  private static int float2fixed(float x) {
    return ((int) (x * 4096f + 0.5f)) << 8;
  }

  private static final int CR_R = float2fixed(1.40200f);
  private static final int CR_G = -float2fixed(0.71414f);
  private static final int CB_G = -float2fixed(0.34414f);
  private static final int CB_B = float2fixed(1.77200f);

  private void yCbCrToRgb(byte[] y, byte[] cb, byte[] cr, byte[] out, int o) {
    for (int i = 0; i < width; i++) {
      int yFixed = ((y[i] & 0xFF) << 20) + (1 << 19);
      int vr = (cr[i] & 0xFF) - 128;
      int vb = (cb[i] & 0xFF) - 128;
      int r = (yFixed + vr * CR_R) >> 20;
      int g = (yFixed + vr * CR_G + ((vb * CB_G) & 0xFFFF0000)) >> 20;
      int b = (yFixed + vb * CB_B) >> 20;
      out[o++] = (byte) Math.max(0, Math.min(255, r));
      out[o++] = (byte) Math.max(0, Math.min(255, g));
      out[o++] = (byte) Math.max(0, Math.min(255, b));
    }
  }

  /**
   * One output row of a component at full width; returns {@code data} itself for the identity
   * case (the caller copies the row).
   */
  private static byte[] resample(byte[] d, int near, int far, int w, int hs, int vs, byte[] out) {
    if (hs == 1 && vs == 1) {
      return d;
    }
    if (hs == 1 && vs == 2) {
      for (int i = 0; i < w; i++) {
        out[i] = (byte) ((3 * (d[near + i] & 0xFF) + (d[far + i] & 0xFF) + 2) >> 2);
      }
    } else if (hs == 2 && vs == 1) {
      if (w == 1) {
        out[0] = d[near];
        out[1] = d[near];
        return out;
      }
      out[0] = d[near];
      out[1] = (byte) (((d[near] & 0xFF) * 3 + (d[near + 1] & 0xFF) + 2) >> 2);
      int i = 1;
      for (; i < w - 1; i++) {
        int m = 3 * (d[near + i] & 0xFF) + 2;
        out[i * 2] = (byte) ((m + (d[near + i - 1] & 0xFF)) >> 2);
        out[i * 2 + 1] = (byte) ((m + (d[near + i + 1] & 0xFF)) >> 2);
      }
      out[i * 2] = (byte) (((d[near + w - 2] & 0xFF) * 3 + (d[near + w - 1] & 0xFF) + 2) >> 2);
      out[i * 2 + 1] = d[near + w - 1];
    } else if (hs == 2 && vs == 2) {
      if (w == 1) {
        byte b = (byte) ((3 * (d[near] & 0xFF) + (d[far] & 0xFF) + 2) >> 2);
        out[0] = b;
        out[1] = b;
        return out;
      }
      int t1 = 3 * (d[near] & 0xFF) + (d[far] & 0xFF);
      out[0] = (byte) ((t1 + 2) >> 2);
      for (int i = 1; i < w; i++) {
        int t0 = t1;
        t1 = 3 * (d[near + i] & 0xFF) + (d[far + i] & 0xFF);
        out[i * 2 - 1] = (byte) ((3 * t0 + t1 + 8) >> 4);
        out[i * 2] = (byte) ((3 * t1 + t0 + 8) >> 4);
      }
      out[w * 2 - 1] = (byte) ((t1 + 2) >> 2);
    } else {
      for (int i = 0; i < w; i++) {
        for (int j = 0; j < hs; j++) {
          out[i * hs + j] = d[near + i];
        }
      }
    }
    return out;
  }
}
