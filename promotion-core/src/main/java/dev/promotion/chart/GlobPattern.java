package dev.promotion.chart;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A shell pattern with the semantics of Go's {@code filepath.Match} on Unix, which Helm uses for
 * {@code .helmignore}: {@code *} matches any run of characters except {@code /}, {@code ?} one
 * character except {@code /}, {@code [a-z]} and {@code [^a-z]} a character class, {@code \x} the
 * character {@code x}; the pattern must match the whole name.
 */
final class GlobPattern {
  private final Pattern regex;

  private GlobPattern(Pattern regex) {
    this.regex = regex;
  }

  /** The compiled pattern, or empty if it is malformed (as Go's {@code ErrBadPattern}). */
  static Optional<GlobPattern> compile(String glob) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*') {
        regex.append("[^/]*");
        i++;
      } else if (c == '?') {
        regex.append("[^/]");
        i++;
      } else if (c == '[') {
        int end = characterClass(glob, i + 1, regex);
        if (end < 0) {
          return Optional.empty();
        }
        i = end;
      } else if (c == '\\') {
        if (i + 1 >= glob.length()) {
          return Optional.empty();
        }
        int escaped = glob.codePointAt(i + 1);
        regex.append(Pattern.quote(new String(Character.toChars(escaped))));
        i += 1 + Character.charCount(escaped);
      } else {
        int literal = glob.codePointAt(i);
        regex.append(Pattern.quote(new String(Character.toChars(literal))));
        i += Character.charCount(literal);
      }
    }
    return Optional.of(new GlobPattern(Pattern.compile(regex.toString(), Pattern.DOTALL)));
  }

  /**
   * Appends a class starting after its '[' and returns the index after its ']', or -1 if it is
   * malformed. A reversed range such as {@code z-a} is valid but matches nothing, as in Go.
   */
  private static int characterClass(String glob, int i, StringBuilder regex) {
    boolean negated = i < glob.length() && glob.charAt(i) == '^';
    if (negated) {
      i++;
    }
    StringBuilder ranges = new StringBuilder();
    int count = 0;
    while (true) {
      if (i >= glob.length()) {
        return -1;
      }
      if (glob.charAt(i) == ']' && count > 0) {
        break;
      }
      int[] low = classCharacter(glob, i);
      if (low == null) {
        return -1;
      }
      i = low[1];
      int[] high = low;
      if (i < glob.length() && glob.charAt(i) == '-') {
        high = classCharacter(glob, i + 1);
        if (high == null) {
          return -1;
        }
        i = high[1];
      }
      if (low[0] <= high[0]) {
        ranges.append(escapeInClass(low[0])).append('-').append(escapeInClass(high[0]));
      }
      count++;
    }
    if (ranges.length() == 0) {
      regex.append(negated ? "." : "(?!)");
    } else {
      regex.append(negated ? "[^" : "[").append(ranges).append(']');
    }
    return i + 1;
  }

  /** A character of a class and the index after it; null for '-' or ']' or a dangling '\'. */
  private static int[] classCharacter(String glob, int i) {
    if (i >= glob.length()) {
      return null;
    }
    char c = glob.charAt(i);
    if (c == '-' || c == ']') {
      return null;
    }
    if (c == '\\') {
      i++;
      if (i >= glob.length()) {
        return null;
      }
    }
    int codePoint = glob.codePointAt(i);
    return new int[] {codePoint, i + Character.charCount(codePoint)};
  }

  private static String escapeInClass(int codePoint) {
    return String.format("\\x{%x}", codePoint);
  }

  boolean matches(String name) {
    return regex.matcher(name).matches();
  }
}
