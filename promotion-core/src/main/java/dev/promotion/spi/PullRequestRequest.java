package dev.promotion.spi;

import java.util.Objects;

/** A draft pull request to open from {@code head} into {@code base}. */
public record PullRequestRequest(String head, String base, String title, String body) {
  public PullRequestRequest {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(body, "body");
  }
}
