package dev.promotion.scm.github;

import java.time.Duration;
import java.util.Objects;

/**
 * How the transport treats failures.
 *
 * @param maxAttempts attempts per request, the first included (rate-limit waits, 5xx and transport
 *     errors on safe requests)
 * @param maxRateLimitWait the longest total time one request may wait for rate limits; a longer
 *     wait fails fast with a retryable error that says when the limit resets
 * @param backoffBase the first backoff after a 5xx or a transport error on a safe request
 * @param backoffMax the longest single backoff
 * @param minWriteInterval the minimum time between two writes (POST, PUT, PATCH, DELETE), which
 *     GitHub recommends to stay clear of secondary rate limits
 */
record RetryPolicy(
    int maxAttempts,
    Duration maxRateLimitWait,
    Duration backoffBase,
    Duration backoffMax,
    Duration minWriteInterval) {
  static final RetryPolicy DEFAULT =
      new RetryPolicy(
          4,
          Duration.ofMinutes(2),
          Duration.ofMillis(500),
          Duration.ofSeconds(8),
          Duration.ofSeconds(1));

  RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and 20: " + maxAttempts);
    }
    requireNotNegative(maxRateLimitWait, "maxRateLimitWait");
    requireNotNegative(backoffBase, "backoffBase");
    requireNotNegative(backoffMax, "backoffMax");
    requireNotNegative(minWriteInterval, "minWriteInterval");
  }

  private static void requireNotNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
  }
}
