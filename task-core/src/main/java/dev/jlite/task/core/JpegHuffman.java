package dev.jlite.task.core;

/** A JPEG Huffman table in canonical form, decoded by code length (ITU T.81 Annex C). */
final class JpegHuffman {

  /** Per length, one past the largest code of that length (codes compared as integers). */
  final int[] maxCode = new int[17];
  /** Per length, the index into {@link #values} of a code minus the code itself. */
  final int[] delta = new int[17];
  final int[] values;
  /** False if the counts describe more codes of a length than the code space holds. */
  final boolean valid;

  JpegHuffman(int[] counts, int[] values) {
    this.values = values;
    int code = 0;
    int index = 0;
    boolean ok = true;
    for (int l = 1; l <= 16; l++) {
      delta[l] = index - code;
      code += counts[l];
      index += counts[l];
      if (counts[l] > 0 && code > (1 << l)) {
        ok = false;
      }
      maxCode[l] = counts[l] > 0 ? code : 0;
      code <<= 1;
    }
    valid = ok;
  }
}
