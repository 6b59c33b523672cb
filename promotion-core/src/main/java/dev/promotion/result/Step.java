package dev.promotion.result;

import java.util.Objects;

/**
 * One step of an operation and what it did.
 *
 * @param name the step, for example {@code deploy prod}
 * @param status what happened
 * @param detail one line for people: what was written, found, or why it was skipped
 */
public record Step(String name, Status status, String detail) {
  public Step {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  /** What a step did. */
  public enum Status {
    /** The step wrote something. */
    DONE,
    /** What the step would write was already in place; nothing was written. */
    ALREADY_DONE,
    /** The step did not apply (for example: main no longer says the released version). */
    SKIPPED,
    /** A gate stopped the operation before this step; nothing was written. */
    BLOCKED,
    /** Dry run: the step would write this. */
    PLANNED,
    /**
     * The step failed, but the outcome of the operation stands (for example: the GitOps change is
     * written but its deployment could not be recorded on the source-control host). The detail says
     * what failed; running the operation again retries the step.
     */
    WARNING,
    /**
     * A check after the writes confirmed their outcome (for example: the environment runs the new
     * version); nothing was written.
     */
    VERIFIED,
    /**
     * A check after the writes found that their outcome was not reached (for example: the new
     * version is written but does not run). What was written stands unless a later step undid it;
     * the detail says why.
     */
    FAILED
  }

  public static Step done(String name, String detail) {
    return new Step(name, Status.DONE, detail);
  }

  public static Step alreadyDone(String name, String detail) {
    return new Step(name, Status.ALREADY_DONE, detail);
  }

  public static Step skipped(String name, String detail) {
    return new Step(name, Status.SKIPPED, detail);
  }

  public static Step blocked(String name, String detail) {
    return new Step(name, Status.BLOCKED, detail);
  }

  public static Step planned(String name, String detail) {
    return new Step(name, Status.PLANNED, detail);
  }

  public static Step warning(String name, String detail) {
    return new Step(name, Status.WARNING, detail);
  }

  public static Step verified(String name, String detail) {
    return new Step(name, Status.VERIFIED, detail);
  }

  public static Step failed(String name, String detail) {
    return new Step(name, Status.FAILED, detail);
  }

  /** Whether the step wrote something. */
  public boolean wrote() {
    return status == Status.DONE;
  }

  @Override
  public String toString() {
    return name
        + ": "
        + status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
