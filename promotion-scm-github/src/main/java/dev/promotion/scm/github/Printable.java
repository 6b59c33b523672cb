package dev.promotion.scm.github;

/** Renders untrusted text (names from callers, messages from GitHub) safely inside a message. */
final class Printable {
  private static final int MAX = 300;

  private Printable() {}

  static String of(String input) {
    if (input == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(input.length(), MAX) + 8);
    for (int i = 0; i < input.length() && out.length() < MAX; i++) {
      char c = input.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        out.append(' ');
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (input.length() > out.length() && out.length() >= MAX) {
      out.append("...");
    }
    return out.toString();
  }
}
