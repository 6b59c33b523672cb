package dev.promotion.result;

import java.time.Duration;

/** Durations for people. */
public final class Durations {
  private Durations() {}

  /** {@code 1d 2h 5m}, {@code 45s}, {@code 0s}; whole seconds, negative as zero. */
  public static String human(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    StringBuilder out = new StringBuilder();
    long[] amounts = {seconds / 86_400, seconds % 86_400 / 3600, seconds % 3600 / 60, seconds % 60};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < amounts.length; i++) {
      if (amounts[i] > 0) {
        out.append(out.length() == 0 ? "" : " ").append(amounts[i]).append(units[i]);
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }
}
