package dev.promotion.live;

import java.time.Duration;

/**
 * Waits between two observations of the live state. Injected so tests never really sleep: a test
 * sleeper advances a mutable clock instead.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the current thread. */
  Sleeper THREAD = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  /**
   * Waits {@code duration}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
