package dev.promotion.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/** A git-style trailer line {@code Key: value} recorded with a change for the audit trail. */
public record Trailer(String key, String value) {
  private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}");

  public Trailer {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("A trailer key is letters, digits and '-': " + key);
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("A trailer value is one line: " + key);
    }
  }

  @Override
  public String toString() {
    return key + ": " + value;
  }
}
