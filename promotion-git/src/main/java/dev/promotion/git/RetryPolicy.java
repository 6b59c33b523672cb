package dev.promotion.git;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently a rejected push is retried: at most {@code maxAttempts} pushes in
 * all, waiting between them a random time between half and all of {@code initialDelay * 2^(n-1)},
 * capped at {@code maxDelay} (exponential backoff with jitter, so racing writers spread out).
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay <= maxDelay");
    }
  }

  /** 8 attempts, from 20 ms up to 1 s between them. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(8, Duration.ofMillis(20), Duration.ofSeconds(1));
  }

  /** The wait after the failed attempt number {@code attempt} (1-based). */
  public Duration delayAfter(int attempt, RandomGenerator random) {
    long initial = initialDelay.toMillis();
    long ceiling = maxDelay.toMillis();
    long exponential = initial << Math.min(attempt - 1, 30);
    long bound = exponential <= 0 || exponential > ceiling ? ceiling : exponential;
    long half = bound / 2;
    return Duration.ofMillis(half + (bound - half == 0 ? 0 : random.nextLong(bound - half + 1)));
  }
}
