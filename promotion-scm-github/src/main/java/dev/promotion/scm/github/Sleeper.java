package dev.promotion.scm.github;

import java.time.Duration;

/** Waits; replaced in tests so that rate-limit and backoff waits are recorded, not slept. */
@FunctionalInterface
interface Sleeper {
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
