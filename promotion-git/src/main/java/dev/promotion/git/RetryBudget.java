package dev.promotion.git;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The retries left to one write: started at its first attempt, it waits before each next attempt as
 * the {@link RetryPolicy} says, and says no more once the next wait would end after the deadline or
 * the attempts are used up.
 */
final class RetryBudget {
  private final RetryPolicy policy;
  private final RetryClock clock;
  private final RandomGenerator random;
  private final long started;

  RetryBudget(RetryPolicy policy, RetryClock clock, RandomGenerator random) {
    this.policy = policy;
    this.clock = clock;
    this.random = random;
    this.started = clock.nanoTime();
  }

  /**
   * Waits before the attempt after {@code attempt} (1-based) and returns true, or returns false at
   * once when there is no time or attempt left for it.
   *
   * @throws InterruptedException when the wait is interrupted
   */
  boolean awaitNext(int attempt) throws InterruptedException {
    if (attempt >= policy.maxAttempts()) {
      return false;
    }
    Duration wait = policy.delayAfter(attempt, random);
    if (elapsed().plus(wait).compareTo(policy.deadline()) >= 0) {
      return false;
    }
    clock.sleep(wait);
    return true;
  }

  /** The time since the first attempt. */
  Duration elapsed() {
    return Duration.ofNanos(Math.max(0, clock.nanoTime() - started));
  }
}
