package dev.promotion.spi;

import dev.promotion.result.Result;
import dev.promotion.result.Step;
import java.time.Instant;
import java.util.Objects;

/** Something a use case did, for audit logs and metrics. */
public sealed interface PromotionEvent {
  /** The operation, for example {@code promote}, {@code release}. */
  String operation();

  /** The app it concerns. */
  String app();

  /** When, from the use case's clock. */
  Instant time();

  /** A step finished (done, already done, skipped, blocked or planned). */
  record StepFinished(String operation, String app, Step step, Instant time)
      implements PromotionEvent {
    public StepFinished {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(time, "time");
    }
  }

  /** An operation finished with a result. */
  record OperationFinished(String operation, String app, Result<?> result, Instant time)
      implements PromotionEvent {
    public OperationFinished {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(time, "time");
    }
  }

  /** An operation failed with an exception; steps finished before it stay done. */
  record OperationFailed(String operation, String app, RuntimeException error, Instant time)
      implements PromotionEvent {
    public OperationFailed {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(time, "time");
    }
  }

  /**
   * A use case is waiting until an environment runs a version; sent after each observation that is
   * not final, so a listener can show progress.
   *
   * @param reason why it does not run yet ({@code still Progressing: 3 of 4 pods ready})
   * @param waited how long it has waited so far
   * @param timeout how long it waits at most
   */
  record Waiting(
      String operation,
      String app,
      String environment,
      dev.promotion.version.Version version,
      String reason,
      java.time.Duration waited,
      java.time.Duration timeout,
      Instant time)
      implements PromotionEvent {
    public Waiting {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(environment, "environment");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(waited, "waited");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(time, "time");
    }
  }
}
