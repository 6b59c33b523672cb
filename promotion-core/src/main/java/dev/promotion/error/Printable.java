package dev.promotion.error;

/** Renders untrusted input safely inside a message: control characters escaped, length capped. */
final class Printable {
  private static final int MAX = 120;

  private Printable() {}

  static String of(String input) {
    if (input == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(input.length(), MAX) + 8);
    for (int i = 0; i < input.length() && out.length() < MAX; i++) {
      char c = input.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (out.length() >= MAX && input.length() > MAX) {
      out.append("...");
    }
    return out.toString();
  }
}
