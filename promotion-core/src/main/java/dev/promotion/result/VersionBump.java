package dev.promotion.result;

import dev.promotion.version.Bump;
import dev.promotion.version.ChartVersion;
import java.util.Objects;

/** The chart version on a branch raised to prepare the next release. */
public record VersionBump(
    String app, String branch, Bump level, ChartVersion from, ChartVersion to) {
  public VersionBump {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
