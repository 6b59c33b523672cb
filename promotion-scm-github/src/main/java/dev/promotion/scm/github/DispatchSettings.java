package dev.promotion.scm.github;

import java.time.Duration;
import java.util.Objects;

/**
 * How a workflow dispatch is looked up and confirmed.
 *
 * @param confirmation how long to wait, after dispatching, for the run to appear (GitHub registers
 *     it a few seconds after answering); also how long to look when the dispatch got no answer
 * @param pollInterval the time between two looks
 * @param lookback how far back runs are searched for the key
 * @param maxRunsScanned how many recent {@code workflow_dispatch} runs are searched at most
 */
record DispatchSettings(
    Duration confirmation, Duration pollInterval, Duration lookback, int maxRunsScanned) {
  static final DispatchSettings DEFAULT =
      new DispatchSettings(Duration.ofSeconds(15), Duration.ofSeconds(3), Duration.ofDays(30), 300);

  DispatchSettings {
    Objects.requireNonNull(confirmation, "confirmation");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(lookback, "lookback");
    if (confirmation.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException(
          "The dispatch confirmation must not be negative and the poll interval must be positive");
    }
    if (lookback.isNegative() || lookback.isZero() || maxRunsScanned < 1) {
      throw new IllegalArgumentException(
          "The dispatch lookback must be positive and at least one run must be scanned");
    }
  }

  /** How many times the runs are looked at while confirming: once, plus one per poll interval. */
  int looks() {
    return 1 + (int) Math.min(100, confirmation.toMillis() / pollInterval.toMillis());
  }
}
