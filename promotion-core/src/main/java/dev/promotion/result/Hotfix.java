package dev.promotion.result;

import dev.promotion.spi.PullRequest;
import dev.promotion.version.ChartVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * A hotfix branch started from a release tag.
 *
 * @param pullRequest the draft pull request into the main branch, empty when the host has none
 */
public record Hotfix(
    String app,
    String tag,
    String branch,
    String commit,
    ChartVersion version,
    Optional<PullRequest> pullRequest) {
  public Hotfix {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(pullRequest, "pullRequest");
  }
}
