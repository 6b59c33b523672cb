package dev.promotion.yaml;

import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Writes a string as a YAML scalar in a given style, and decides when a style cannot carry a value.
 * Plain scalars are refused for anything a YAML 1.1, YAML 1.2 or Go YAML reader could take for a
 * number, boolean, null or timestamp ({@code 1.0}, {@code yes}, {@code 010}, {@code 0X1F}, {@code
 * 1e_3}, {@code 2024-01-01}), since Helm, Kubernetes, Argo CD and kustomize read YAML with go-yaml,
 * which keeps YAML 1.1's rules ({@link #readsAsString}).
 */
final class ScalarSyntax {
  private static final ScalarResolver CORE = new CoreSchema().getScalarResolver();
  private static final String START_INDICATORS = "-?:,[]{}#&*!|>'\"%@`";
  private static final String FLOW_INDICATORS = ",[]{}:";

  /**
   * The implicit types of YAML 1.1 as PyYAML resolves them ({@code yaml/resolver.py}, from the
   * regular expressions of yaml.org/type/*.html): booleans, null, ints (binary, octal, decimal,
   * hexadecimal, base 60), floats, timestamps, the merge key {@code <<} and the value key {@code
   * =}.
   */
  private static final Pattern YAML11_IMPLICIT =
      Pattern.compile(
          String.join(
              "|",
              // bool
              "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
              // null (the empty string too)
              "~|null|Null|NULL|",
              // int
              "[-+]?0b[0-1_]+",
              "[-+]?0[0-7_]+",
              "[-+]?(?:0|[1-9][0-9_]*)",
              "[-+]?0x[0-9a-fA-F_]+",
              "[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+",
              // float
              "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?",
              "\\.[0-9_]+(?:[eE][-+][0-9]+)?",
              "[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*",
              "[-+]?\\.(?:inf|Inf|INF)",
              "\\.(?:nan|NaN|NAN)",
              // timestamp
              "[0-9]{4}-[0-9]{2}-[0-9]{2}",
              "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
                  + "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?",
              // merge and value
              "<<",
              "="));

  /**
   * The plain scalars go-yaml resolves by a lookup ({@code resolveMap} in {@code resolve.go}):
   * go-yaml v2 (sigs.k8s.io/yaml/goyaml.v2, what Kubernetes, Argo CD and kustomize read manifests
   * with) lists the YAML 1.1 booleans, v3 only true and false; null, infinities, NaN and the merge
   * key in both.
   */
  private static final Set<String> GO_RESOLVE_MAP =
      Set.of(
          "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
          "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null",
          "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
          "-.inf", "-.Inf", "-.INF", "<<");

  /** go-yaml's {@code yamlStyleFloat}, matched after dropping underscores. */
  private static final Pattern GO_YAML_STYLE_FLOAT =
      Pattern.compile("[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?");

  /**
   * What Go's {@code strconv.ParseInt(s, 0, 64)} or {@code ParseUint} accepts once go-yaml has
   * dropped the underscores: a sign, then {@code 0x}/{@code 0X}, {@code 0b}/{@code 0B}, {@code
   * 0o}/{@code 0O} or a leading {@code 0} (octal) prefix, or decimal digits. Out-of-range values
   * are matched too (go-yaml reads some of them as floats; quoting the others is harmless).
   */
  private static final Pattern GO_INT =
      Pattern.compile("[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)");

  /**
   * What Go's {@code strconv.ParseFloat} accepts for a scalar starting with {@code .} (go-yaml does
   * not drop underscores there; Go allows them between digits).
   */
  private static final Pattern GO_DOT_FLOAT =
      Pattern.compile("\\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?");

  /**
   * The shapes of go-yaml's {@code allowedTimestampFormats} as Go's {@code time.Parse} reads them
   * (one- or two-digit fields, optional fraction after {@code .} or {@code ,}); whether the date
   * exists is not checked, quoting an impossible date is harmless.
   */
  private static final Pattern GO_TIMESTAMP =
      Pattern.compile(
          "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
              + "(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:[.,][0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})"
              + "| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:[.,][0-9]+)?)?");

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
    return readsAsString(value);
  }

  /**
   * Whether every reader of our files reads {@code value}, written as a plain scalar, as that very
   * string: our YAML 1.2 reader (core schema), a YAML 1.1 reader (PyYAML, libyaml) and Go YAML
   * (go-yaml v2 and v3). Only then may it be written plain.
   */
  static boolean readsAsString(String value) {
    return CORE.resolve(value, true).equals(Tag.STR)
        && !YAML11_IMPLICIT.matcher(value).matches()
        && goYamlReadsAsString(value);
  }

  /**
   * A port of go-yaml's {@code resolve} for an untagged plain scalar ({@code resolve.go} of
   * github.com/go-yaml/yaml, branches v2 and v3, vendored by Kubernetes as sigs.k8s.io/yaml
   * goyaml.v2 and goyaml.v3): the first character picks the hint ({@code resolveTable}); a value in
   * {@code resolveMap} is a bool, null, float or merge; after {@code .} a Go float; after a sign or
   * digit a timestamp, then, with every {@code _} dropped, a Go int of any base or a {@code
   * yamlStyleFloat}; anything else is a string.
   */
  static boolean goYamlReadsAsString(String in) {
    if (GO_RESOLVE_MAP.contains(in)) {
      return false;
    }
    char hint = in.charAt(0);
    if (hint == '.') {
      return !GO_DOT_FLOAT.matcher(in).matches();
    }
    if (hint == '+' || hint == '-' || (hint >= '0' && hint <= '9')) {
      String plain = in.replace("_", "");
      return !GO_TIMESTAMP.matcher(in).matches()
          && !GO_INT.matcher(plain).matches()
          && !GO_YAML_STYLE_FLOAT.matcher(plain).matches();
    }
    return true;
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
