package dev.promotion.notify;

import java.util.Locale;

/** How an operation ended, as a notification tells it. */
public enum Outcome {
  /** Something was written. */
  DONE,
  /**
   * Written (or already in place), but the new version does not run there: a wait's verification
   * failed (rolled back when the operation was asked to; see the steps).
   */
  NOT_RUNNING,
  /** Everything was already in place; nothing was written. */
  ALREADY_DONE,
  /** A gate refused the operation; nothing was written. */
  BLOCKED,
  /** The operation failed with an error; steps finished before it stay done. */
  FAILED;

  /** The name in payloads and in {@code promotion.yaml}: {@code done}, {@code already_done}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The outcome named {@code id}.
   *
   * @throws IllegalArgumentException for another name
   */
  public static Outcome of(String id) {
    for (Outcome outcome : values()) {
      if (outcome.id().equals(id)) {
        return outcome;
      }
    }
    throw new IllegalArgumentException(
        "'" + id + "' is not an outcome; use done, not_running, already_done, blocked or failed");
  }
}
