package dev.promotion.notify;

import java.util.Locale;

/** How an operation ended, as a notification tells it. */
public enum Outcome {
  /** Something was written. */
  DONE,
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
        "'" + id + "' is not an outcome; use done, already_done, blocked or failed");
  }
}
