package dev.promotion.yaml;

import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Writes a string as a YAML scalar in a given style, and decides when a style cannot carry a value.
 * Plain scalars are refused for anything a YAML 1.1 or 1.2 reader could take for a number, boolean,
 * null or timestamp ({@code 1.0}, {@code yes}, {@code 010}, {@code 2024-01-01}), since Helm and
 * Kubernetes tooling read YAML 1.1.
 */
final class ScalarSyntax {
  private static final ScalarResolver CORE = new CoreSchema().getScalarResolver();
  private static final String START_INDICATORS = "-?:,[]{}#&*!|>'\"%@`";
  private static final String FLOW_INDICATORS = ",[]{}:";
  private static final Pattern YAML11_IMPLICIT =
      Pattern.compile(
          String.join(
              "|",
              // booleans
              "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
                  + "|on|On|ON|off|Off|OFF",
              // nulls
              "~|null|Null|NULL",
              // integers: binary, octal, decimal, hexadecimal, sexagesimal
              "[-+]?0b[0-1_]+",
              "[-+]?0[0-7_]+",
              "[-+]?(?:0|[1-9][0-9_]*)",
              "[-+]?0x[0-9a-fA-F_]+",
              "[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+",
              // floats
              "[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+]?[0-9]+)?",
              "[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)",
              "[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*",
              "[-+]?\\.(?:inf|Inf|INF)",
              "\\.(?:nan|NaN|NAN)",
              // timestamps
              "[0-9]{4}-[0-9]{2}-[0-9]{2}",
              "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
                  + "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?",
              // merge key and value key
              "<<",
              "="));

  private ScalarSyntax() {}

  /**
   * {@code value} written in {@code style} if that style can carry it, otherwise double-quoted
   * (which can carry any string).
   */
  static String render(String value, ScalarStyle style, boolean inFlow) {
    if (style == ScalarStyle.PLAIN && isPlainSafe(value, inFlow)) {
      return value;
    }
    if (style == ScalarStyle.SINGLE_QUOTED && isSingleQuotable(value)) {
      return singleQuoted(value);
    }
    return doubleQuoted(value);
  }

  /** {@code value} plain when that reads back as the same string, otherwise double-quoted. */
  static String renderNew(String value, boolean inFlow) {
    return render(value, ScalarStyle.PLAIN, inFlow);
  }

  static boolean isPlainSafe(String value, boolean inFlow) {
    if (value.isEmpty()
        || isWhite(value.charAt(0))
        || isWhite(value.charAt(value.length() - 1))
        || START_INDICATORS.indexOf(value.charAt(0)) >= 0
        || value.startsWith("...")
        || value.contains(": ")
        || value.contains(" #")
        || value.endsWith(":")) {
      return false;
    }
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (!isPrintableOnOneLine(c) || c == '\t' || (inFlow && FLOW_INDICATORS.indexOf(c) >= 0)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return CORE.resolve(value, true).equals(Tag.STR) && !YAML11_IMPLICIT.matcher(value).matches();
  }

  static boolean isSingleQuotable(String value) {
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (!isPrintableOnOneLine(c) || c == '\t') {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }

  static String singleQuoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static String doubleQuoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      out.append(escaped(c));
      i += Character.charCount(c);
    }
    return out.append('"').toString();
  }

  private static String escaped(int c) {
    return switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case 0 -> "\\0";
      case 0x07 -> "\\a";
      case '\b' -> "\\b";
      case '\t' -> "\\t";
      case '\n' -> "\\n";
      case 0x0B -> "\\v";
      case '\f' -> "\\f";
      case '\r' -> "\\r";
      case 0x1B -> "\\e";
      default ->
          isPrintableOnOneLine(c) ? new String(Character.toChars(c)) : String.format("\\u%04X", c);
    };
  }

  /** YAML's printable characters, without line breaks, tabs and the byte order mark. */
  private static boolean isPrintableOnOneLine(int c) {
    return (c >= 0x20 && c <= 0x7E)
        || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  private static boolean isWhite(char c) {
    return c == ' ' || c == '\t';
  }

  /** Whether {@code value} is text a YAML document can hold: no unpaired surrogate. */
  static boolean isWellFormed(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
