package dev.promotion.pipeline;

import dev.promotion.error.InvalidNameException;
import java.util.regex.Pattern;

/**
 * The rule for names that end up in paths, refs and commit messages: apps, environments, clusters,
 * charts. Letters, digits, {@code .}, {@code _} and {@code -}; starting with a letter or digit; no
 * {@code ..}; at most 253 characters. No separators and no control characters, so a name can never
 * escape the directory it is used in.
 */
public final class Names {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

  private Names() {}

  /**
   * Returns {@code name} if it is safe to use in a path.
   *
   * @param kind what the name names, for the message ({@code app}, {@code environment})
   * @throws InvalidNameException if it is not
   */
  public static String requireSafe(String kind, String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidNameException(kind, String.valueOf(name), "it is empty");
    }
    if (name.contains("..")) {
      throw new InvalidNameException(kind, name, "it contains '..'");
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
      throw new InvalidNameException(kind, name, "it contains a path separator");
    }
    if (!SAFE.matcher(name).matches()) {
      throw new InvalidNameException(
          kind, name, "it must start with a letter or digit and be at most 253 characters");
    }
    return name;
  }

  /** Whether {@link #requireSafe} accepts the name. */
  public static boolean isSafe(String name) {
    return name != null && !name.contains("..") && SAFE.matcher(name).matches();
  }
}
