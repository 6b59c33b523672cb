package dev.promotion.result;

import dev.promotion.version.ChartVersion;
import java.util.Objects;

/**
 * A release candidate released to the release environment.
 *
 * @param candidate the release candidate it was made from ({@code 0.2.0-rc.abc1234})
 * @param version the release version ({@code 0.2.0})
 * @param tag the release tag ({@code v0.2.0})
 * @param commit the full id of the candidate's source commit, where the tag points
 * @param digest the release chart's digest
 * @param environment the release environment
 */
public record ReleaseOutcome(
    String app,
    ChartVersion candidate,
    ChartVersion version,
    String tag,
    String commit,
    String digest,
    String environment) {
  public ReleaseOutcome {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(environment, "environment");
  }
}
