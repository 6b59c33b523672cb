package dev.promotion.spi;

import java.util.Objects;

/** What {@link SourceControl#openDraftPullRequest} did. */
public sealed interface PullRequestResult {
  PullRequest pullRequest();

  /** A new draft pull request was opened. */
  record Opened(PullRequest pullRequest) implements PullRequestResult {
    public Opened {
      Objects.requireNonNull(pullRequest, "pullRequest");
    }
  }

  /** A pull request from the same head into the same base was already open; it was left alone. */
  record AlreadyOpen(PullRequest pullRequest) implements PullRequestResult {
    public AlreadyOpen {
      Objects.requireNonNull(pullRequest, "pullRequest");
    }
  }
}
