package dev.promotion.git;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long and how patiently a push that lost a race is retried. Each retry fetches the new tip and
 * plans the edit again, so it re-checks every expectation; the retries stop when the edit refuses,
 * when the push lands, when the next wait would end after {@code deadline} (counted from the first
 * attempt), or after {@code maxAttempts} pushes, whichever comes first. Between attempts it waits a
 * random time between half and all of {@code initialDelay * 2^(n-1)}, capped at {@code maxDelay}
 * (exponential backoff with jitter, so racing writers spread out).
 *
 * <p>The deadline is what a user sets ({@link #within}); the attempt cap derived from it is a
 * safety net that ends the loop even with a clock that does not move.
 */
public record RetryPolicy(
    Duration deadline, int maxAttempts, Duration initialDelay, Duration maxDelay) {
  /** The deadline of {@link #defaults()}: a minute. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  private static final Duration INITIAL_DELAY = Duration.ofMillis(20);
  private static final Duration MAX_DELAY = Duration.ofSeconds(4);

  public RetryPolicy {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (deadline.isNegative()) {
      throw new IllegalArgumentException("deadline must not be negative: " + deadline);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay <= maxDelay");
    }
  }

  /** At most {@code maxAttempts} pushes, within {@link #DEFAULT_DEADLINE}. */
  public RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    this(DEFAULT_DEADLINE, maxAttempts, initialDelay, maxDelay);
  }

  /** Retries for a minute, from 20 ms up to 4 s between attempts. */
  public static RetryPolicy defaults() {
    return within(DEFAULT_DEADLINE);
  }

  /**
   * Retries until {@code deadline}, from 20 ms up to 4 s between attempts; a deadline of zero means
   * one attempt and no retry.
   */
  public static RetryPolicy within(Duration deadline) {
    return new RetryPolicy(
        deadline, attemptCap(deadline, INITIAL_DELAY, MAX_DELAY), INITIAL_DELAY, MAX_DELAY);
  }

  /** This policy with another deadline and the attempt cap derived from it. */
  public RetryPolicy withDeadline(Duration deadline) {
    return new RetryPolicy(
        deadline, attemptCap(deadline, initialDelay, maxDelay), initialDelay, maxDelay);
  }

  /**
   * The most attempts that fit in {@code deadline} with real waits: the growing waits up to the
   * cap, then one attempt per half of {@code maxDelay} (the shortest capped wait), plus the first.
   */
  static int attemptCap(Duration deadline, Duration initialDelay, Duration maxDelay) {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative()) {
      throw new IllegalArgumentException("deadline must not be negative: " + deadline);
    }
    if (deadline.isZero()) {
      return 1;
    }
    long initial = Math.max(1, initialDelay.toMillis());
    long ceiling = Math.max(1, maxDelay.toMillis());
    int growing = 0;
    for (long wait = initial; wait < ceiling && growing < 62; wait <<= 1) {
      growing++;
    }
    long capped = deadline.toMillis() / Math.max(1, ceiling / 2);
    return (int) Math.min(10_000, 1 + growing + capped);
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
