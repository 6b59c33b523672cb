package dev.promotion.yaml;

import java.util.Objects;

/**
 * A scalar as read from a YAML text.
 *
 * @param value the value after unquoting and unescaping
 * @param tag the resolved tag, for example {@code tag:yaml.org,2002:str} or {@code
 *     tag:yaml.org,2002:int}
 * @param style how it is written in the text
 * @param line the 1-based line of its first character
 * @param column the 1-based column of its first character, in code points
 */
public record YamlScalar(String value, String tag, Style style, int line, int column) {
  /** The YAML 1.2 tag of strings. */
  public static final String STRING_TAG = "tag:yaml.org,2002:str";

  /** The YAML 1.2 tag of null. */
  public static final String NULL_TAG = "tag:yaml.org,2002:null";

  /** How a scalar is written. */
  public enum Style {
    PLAIN,
    SINGLE_QUOTED,
    DOUBLE_QUOTED,
    LITERAL,
    FOLDED
  }

  public YamlScalar {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(style, "style");
  }

  /** Whether the scalar is null ({@code ~}, {@code null} or nothing at all). */
  public boolean isNull() {
    return NULL_TAG.equals(tag);
  }

  /** Whether the scalar is a string (and not a number, boolean or null). */
  public boolean isString() {
    return STRING_TAG.equals(tag);
  }
}
