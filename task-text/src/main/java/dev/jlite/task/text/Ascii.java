package dev.jlite.task.text;

/** ASCII-only case mapping, as TFLite's text tasks apply it before tokenizing. */
final class Ascii {
  private Ascii() {}

  /** The text with A-Z lower-cased and every other character kept. */
  static String lower(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'A' && chars[i] <= 'Z') {
        chars[i] = (char) (chars[i] + ('a' - 'A'));
      }
    }
    return new String(chars);
  }
}
