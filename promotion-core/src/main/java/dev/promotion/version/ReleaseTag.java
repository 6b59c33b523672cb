package dev.promotion.version;

import dev.promotion.error.InvalidReferenceException;
import dev.promotion.error.InvalidVersionException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A release tag {@code vX.Y.Z}: a prefix (default {@code v}) and a release version with no
 * pre-release.
 */
public record ReleaseTag(String prefix, ChartVersion version) {
  /** The default prefix. */
  public static final String DEFAULT_PREFIX = "v";

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}|");

  public ReleaseTag {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(version, "version");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new InvalidReferenceException(prefix, "a tag prefix of letters, digits, '_' or '-'");
    }
    if (!version.isRelease()) {
      throw new InvalidReferenceException(
          prefix + version, "a release tag " + prefix + "X.Y.Z without a pre-release");
    }
  }

  /** The tag {@code v} + version. */
  public static ReleaseTag of(ChartVersion version) {
    return new ReleaseTag(DEFAULT_PREFIX, version);
  }

  /** Parses {@code vX.Y.Z} with the default prefix. */
  public static ReleaseTag parse(String tag) {
    return parse(tag, DEFAULT_PREFIX);
  }

  /**
   * Parses {@code {prefix}X.Y.Z}.
   *
   * @throws InvalidReferenceException if the tag does not have that shape
   */
  public static ReleaseTag parse(String tag, String prefix) {
    String expected = "a release tag like " + prefix + "1.2.3";
    if (tag == null || !tag.startsWith(prefix) || tag.length() == prefix.length()) {
      throw new InvalidReferenceException(String.valueOf(tag), expected);
    }
    ChartVersion version;
    try {
      version = ChartVersion.parse(tag.substring(prefix.length()));
    } catch (InvalidVersionException e) {
      throw new InvalidReferenceException(tag, expected);
    }
    if (!version.isRelease()) {
      throw new InvalidReferenceException(tag, expected);
    }
    return new ReleaseTag(prefix, version);
  }

  /** The tag name, for example {@code v0.2.0}. */
  public String name() {
    return prefix + version;
  }

  @Override
  public String toString() {
    return name();
  }
}
