package dev.promotion.spi;

import java.util.Objects;
import java.util.Optional;

/** A pull request from {@code head} into {@code base}. */
public record PullRequest(
    int number, String head, String base, String title, boolean draft, Optional<String> url) {
  public PullRequest {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(url, "url");
  }
}
