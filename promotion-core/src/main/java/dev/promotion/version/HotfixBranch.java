package dev.promotion.version;

import dev.promotion.error.InvalidReferenceException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A hotfix branch {@code hotfix-X-Y-Z} carrying the release version it will produce. */
public record HotfixBranch(ChartVersion version) {
  private static final Pattern NAME =
      Pattern.compile("hotfix-(0|[1-9]\\d{0,17})-(0|[1-9]\\d{0,17})-(0|[1-9]\\d{0,17})");

  public HotfixBranch {
    Objects.requireNonNull(version, "version");
    if (!version.isRelease()) {
      throw new InvalidReferenceException(
          version.toString(), "a hotfix version X.Y.Z without a pre-release");
    }
  }

  /** The hotfix for a release: {@code v0.1.0} gives {@code hotfix-0-1-1} for version 0.1.1. */
  public static HotfixBranch from(ReleaseTag tag) {
    return new HotfixBranch(tag.version().bump(Bump.PATCH));
  }

  /**
   * Parses {@code hotfix-X-Y-Z}.
   *
   * @throws InvalidReferenceException if the name does not have that shape
   */
  public static HotfixBranch parse(String name) {
    Matcher m = NAME.matcher(name == null ? "" : name);
    if (!m.matches()) {
      throw new InvalidReferenceException(
          String.valueOf(name), "a hotfix branch like hotfix-1-2-3");
    }
    return new HotfixBranch(
        ChartVersion.of(
            Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
  }

  /** Whether a branch name is a hotfix branch. */
  public static boolean matches(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The branch name, for example {@code hotfix-0-1-1}. */
  public String name() {
    return "hotfix-" + version.major() + "-" + version.minor() + "-" + version.patch();
  }

  @Override
  public String toString() {
    return name();
  }
}
