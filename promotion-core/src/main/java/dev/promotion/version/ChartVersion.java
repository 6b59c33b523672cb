package dev.promotion.version;

import dev.promotion.error.InvalidVersionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chart version: a SemVer 2.0.0 value without build metadata (OCI tags cannot carry {@code +}).
 *
 * <p>A release candidate is {@code X.Y.Z-rc.ID} where {@code ID} identifies the commit it was built
 * from: the shortest prefix (at least 7 characters) of the commit SHA that contains a letter, so
 * that it is an alphanumeric identifier (an all-digit identifier would be numeric, and one with a
 * leading zero is invalid SemVer). For the astronomically rare all-digit SHA, the identifier is
 * {@code g} followed by the first 7 digits. Every version this class produces is one Helm accepts.
 *
 * <p>A declared version may carry the {@code v} prefix Helm also accepts ({@code v1.11.0}, {@link
 * #parseDeclared}); it is kept as written ({@link #text()}), takes part in equality, and is dropped
 * by the versions derived from it ({@link #rc}, {@link #release}, {@link #bump}), which are
 * canonical SemVer.
 */
public final class ChartVersion implements Version, Comparable<ChartVersion> {
  /** The SemVer 2.0.0 grammar, without build metadata. */
  private static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?");

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");
  private static final Pattern RC_ID = Pattern.compile("(?:g([0-9]{7,64})|([0-9a-f]{7,64}))");
  private static final int MIN_SHA = 7;
  private static final int MAX_LENGTH = 128;

  private final long major;
  private final long minor;
  private final long patch;
  private final String preRelease;
  private final String prefix;

  private ChartVersion(long major, long minor, long patch, String preRelease) {
    this(major, minor, patch, preRelease, "");
  }

  private ChartVersion(long major, long minor, long patch, String preRelease, String prefix) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.preRelease = preRelease;
    this.prefix = prefix;
  }

  /** A release version {@code major.minor.patch}. */
  public static ChartVersion of(long major, long minor, long patch) {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new InvalidVersionException(
          major + "." + minor + "." + patch, "version numbers cannot be negative");
    }
    return new ChartVersion(major, minor, patch, "");
  }

  /**
   * Parses a SemVer 2.0.0 version. A leading {@code v} is not accepted (that is a {@link
   * ReleaseTag}); build metadata is not accepted.
   *
   * @throws InvalidVersionException if the text is not a valid version or a number is out of range
   */
  public static ChartVersion parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidVersionException(String.valueOf(text), "it is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidVersionException(text, "it is longer than " + MAX_LENGTH + " characters");
    }
    if (text.indexOf('+') >= 0) {
      throw new InvalidVersionException(
          text, "build metadata ('+...') is not allowed, OCI tags cannot carry '+'");
    }
    Matcher m = SEMVER.matcher(text);
    if (!m.matches()) {
      throw new InvalidVersionException(
          text, "expected SemVer 2.0.0 MAJOR.MINOR.PATCH[-PRERELEASE], for example 0.2.0");
    }
    return new ChartVersion(
        number(text, m.group(1)),
        number(text, m.group(2)),
        number(text, m.group(3)),
        m.group(4) == null ? "" : m.group(4));
  }

  /**
   * Parses a version as a declaration holds it: SemVer 2.0.0, or with the leading {@code v} Helm
   * accepts ({@code v1.11.0}), which is kept ({@link #text()}).
   *
   * @throws InvalidVersionException if the text is not a valid version
   */
  public static ChartVersion parseDeclared(String text) {
    if (text != null && text.startsWith("v")) {
      ChartVersion v = parse(text.substring(1));
      return new ChartVersion(v.major, v.minor, v.patch, v.preRelease, "v");
    }
    return parse(text);
  }

  /** Whether {@code text} is a version {@link #parse} accepts. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (InvalidVersionException e) {
      return false;
    }
  }

  private static long number(String text, String digits) {
    if (digits.length() > 18) {
      throw new InvalidVersionException(text, "a version number is out of range");
    }
    return Long.parseLong(digits);
  }

  /**
   * The release candidate of this version's base built from {@code commitSha}: {@code
   * 0.2.0-rc.abc1234}.
   *
   * @param commitSha a lowercase hexadecimal commit id of 7 to 64 characters, ideally the full SHA
   *     (it makes the identifier unique even when the 7-character prefix is all digits)
   * @throws InvalidVersionException if the commit id is not lowercase hexadecimal
   */
  public ChartVersion rc(String commitSha) {
    return new ChartVersion(major, minor, patch, "rc." + commitIdentifier(commitSha));
  }

  /** The pre-release identifier {@link #rc} uses for a commit. */
  static String commitIdentifier(String commitSha) {
    if (commitSha == null || !SHA.matcher(commitSha).matches()) {
      throw new InvalidVersionException(
          String.valueOf(commitSha), "a commit id is 7 to 64 lowercase hexadecimal characters");
    }
    for (int i = 0; i < commitSha.length(); i++) {
      if (Character.isLetter(commitSha.charAt(i))) {
        return commitSha.substring(0, Math.max(MIN_SHA, i + 1));
      }
    }
    return "g" + commitSha.substring(0, MIN_SHA);
  }

  /** This version without its pre-release: {@code 0.2.0-rc.abc1234} becomes {@code 0.2.0}. */
  public ChartVersion release() {
    return preRelease.isEmpty() && prefix.isEmpty()
        ? this
        : new ChartVersion(major, minor, patch, "");
  }

  /** The same as {@link #release()}: the version this one is a candidate for. */
  public ChartVersion base() {
    return release();
  }

  /**
   * The next version of the base at the given level: from {@code 0.1.1}, patch gives {@code 0.1.2},
   * minor {@code 0.2.0}, major {@code 1.0.0}. A pre-release is dropped first.
   */
  public ChartVersion bump(Bump level) {
    return switch (level) {
      case PATCH -> new ChartVersion(major, minor, checked(patch), "");
      case MINOR -> new ChartVersion(major, checked(minor), 0, "");
      case MAJOR -> new ChartVersion(checked(major), 0, 0, "");
    };
  }

  private long checked(long number) {
    if (number >= 999_999_999_999_999_999L) {
      throw new InvalidVersionException(toString(), "a version number would overflow");
    }
    return number + 1;
  }

  /**
   * Whether this release version already is a {@code level} step: any version for patch, {@code
   * X.Y.0} for minor, {@code X.0.0} for major.
   */
  public boolean isAtLevel(Bump level) {
    return switch (level) {
      case PATCH -> true;
      case MINOR -> patch == 0;
      case MAJOR -> patch == 0 && minor == 0;
    };
  }

  /** Whether this is a release candidate {@code X.Y.Z-rc.ID} built from a commit. */
  public boolean isReleaseCandidate() {
    return rcIdentifier().isPresent();
  }

  /** Whether this version has no pre-release. */
  public boolean isRelease() {
    return preRelease.isEmpty();
  }

  /**
   * The commit prefix a release candidate was built from ({@code abc1234} for {@code
   * 0.2.0-rc.abc1234}, {@code 1234567} for {@code 0.2.0-rc.g1234567}); empty for other versions.
   */
  public Optional<String> sourceCommit() {
    return rcIdentifier()
        .map(
            id -> {
              Matcher m = RC_ID.matcher(id);
              m.matches();
              return m.group(1) != null ? m.group(1) : m.group(2);
            });
  }

  private Optional<String> rcIdentifier() {
    if (!preRelease.startsWith("rc.")) {
      return Optional.empty();
    }
    String id = preRelease.substring(3);
    return RC_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
  }

  public long major() {
    return major;
  }

  public long minor() {
    return minor;
  }

  public long patch() {
    return patch;
  }

  /** The pre-release without its leading {@code -}, if any. */
  public Optional<String> preRelease() {
    return preRelease.isEmpty() ? Optional.empty() : Optional.of(preRelease);
  }

  /** The version as written: with its {@code v} prefix, if it was declared with one. */
  @Override
  public String text() {
    return toString();
  }

  @Override
  public VersionKind kind() {
    return VersionKind.CHART;
  }

  /** Whether this version was declared with a leading {@code v}. */
  public boolean hasPrefix() {
    return !prefix.isEmpty();
  }

  /** SemVer 2.0.0 precedence; equal versions with and without a {@code v} order by the prefix. */
  @Override
  public int compareTo(ChartVersion other) {
    int s = compareSemVer(other);
    return s != 0 ? s : prefix.compareTo(other.prefix);
  }

  private int compareSemVer(ChartVersion other) {
    int c = Long.compare(major, other.major);
    if (c == 0) {
      c = Long.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, other.patch);
    }
    if (c != 0) {
      return c;
    }
    if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
      return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
    }
    return comparePreRelease(identifiers(preRelease), identifiers(other.preRelease));
  }

  private static List<String> identifiers(String pre) {
    return new ArrayList<>(List.of(pre.split("\\.")));
  }

  private static int comparePreRelease(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareIdentifier(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareIdentifier(String a, String b) {
    boolean an = isNumeric(a);
    boolean bn = isNumeric(b);
    if (an && bn) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    if (an != bn) {
      return an ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static boolean isNumeric(String id) {
    for (int i = 0; i < id.length(); i++) {
      if (!Character.isDigit(id.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChartVersion v
        && major == v.major
        && minor == v.minor
        && patch == v.patch
        && preRelease.equals(v.preRelease)
        && prefix.equals(v.prefix);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(major) * 961 + Long.hashCode(minor) * 31 + Long.hashCode(patch)
        ^ preRelease.hashCode()
        ^ prefix.hashCode();
  }

  /** The text as written, which {@link #parseDeclared} reads back to an equal value. */
  @Override
  public String toString() {
    return prefix
        + major
        + "."
        + minor
        + "."
        + patch
        + (preRelease.isEmpty() ? "" : "-" + preRelease);
  }
}
