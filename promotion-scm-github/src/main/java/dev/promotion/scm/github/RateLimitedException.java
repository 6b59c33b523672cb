package dev.promotion.scm.github;

import java.io.IOException;
import java.time.Instant;

/**
 * GitHub refused a request because of a primary or secondary rate limit, and waiting for it would
 * exceed the configured bound. GitHub did not process the request.
 */
final class RateLimitedException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final Instant resumeAt;
  private final boolean secondary;

  RateLimitedException(String request, int status, Instant resumeAt, boolean secondary) {
    super(
        request
            + " was refused by GitHub's "
            + (secondary ? "secondary" : "primary")
            + " rate limit ("
            + status
            + "); it may be retried at "
            + resumeAt);
    this.status = status;
    this.resumeAt = resumeAt;
    this.secondary = secondary;
  }

  int status() {
    return status;
  }

  Instant resumeAt() {
    return resumeAt;
  }

  boolean secondary() {
    return secondary;
  }
}
