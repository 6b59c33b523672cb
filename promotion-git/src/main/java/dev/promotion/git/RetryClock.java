package dev.promotion.git;

import java.time.Duration;

/**
 * The time source and the sleep of the push retries: monotonic time for the deadline, and the wait
 * between attempts. Tests pass one whose sleep only moves its time forward.
 */
public interface RetryClock {
  /** Monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Waits {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;

  /** The system's monotonic clock and {@link Thread#sleep}. */
  static RetryClock system() {
    return new RetryClock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
      }
    };
  }
}
