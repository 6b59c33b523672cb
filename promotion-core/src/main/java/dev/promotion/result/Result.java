package dev.promotion.result;

import dev.promotion.gate.GateViolation;
import dev.promotion.gate.GateViolationException;
import dev.promotion.spi.Change;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a use case: what it achieved and every step it took. It is sealed: test it with
 * {@code instanceof}, or on Java 21 and later switch on it exhaustively:
 *
 * <pre>{@code
 * switch (promotions.promote("api", "stage")) {
 *   case Result.Done<Promotion> done -> ...        // something was written
 *   case Result.AlreadyDone<Promotion> same -> ... // it was all in place already
 *   case Result.Blocked<Promotion> blocked -> ...  // a gate said no; nothing was written
 *   case Result.Planned<Promotion> plan -> ...     // dry run
 * }
 * }</pre>
 *
 * @param <T> what the operation is about ({@link Promotion}, {@link ReleaseOutcome}, ...)
 */
public sealed interface Result<T> {
  /** Every step, in order. */
  List<Step> steps();

  /** The subject of the operation, present unless it was blocked. */
  Optional<T> value();

  /** Whether anything was written. */
  default boolean changedSomething() {
    return steps().stream().anyMatch(Step::wrote);
  }

  /**
   * Whether a check after the writes failed ({@link Step.Status#FAILED}): for example, the new
   * version was written but does not run. The command line exits with its own code then.
   */
  default boolean checkFailed() {
    return steps().stream().anyMatch(s -> s.status() == Step.Status.FAILED);
  }

  /**
   * The value, or the gate violations as an exception.
   *
   * @throws GateViolationException if the operation was blocked
   */
  default T orThrow() {
    if (this instanceof Blocked<T> blocked) {
      throw new GateViolationException(blocked.violations());
    }
    return value().orElseThrow();
  }

  /** At least one step wrote something. */
  record Done<T>(T subject, List<Step> steps) implements Result<T> {
    public Done {
      Objects.requireNonNull(subject, "subject");
      steps = List.copyOf(steps);
    }

    @Override
    public Optional<T> value() {
      return Optional.of(subject);
    }
  }

  /** Everything was already in place; nothing was written. */
  record AlreadyDone<T>(T subject, List<Step> steps) implements Result<T> {
    public AlreadyDone {
      Objects.requireNonNull(subject, "subject");
      steps = List.copyOf(steps);
    }

    @Override
    public Optional<T> value() {
      return Optional.of(subject);
    }
  }

  /**
   * Gates stopped the operation before any write; every violation is listed.
   *
   * @param refused the write the gates refused (the app, the environment, the version declared
   *     there and the version that was to replace it), when the operation got as far as planning it
   */
  record Blocked<T>(List<GateViolation> violations, List<Step> steps, Optional<Change> refused)
      implements Result<T> {
    public Blocked {
      violations = List.copyOf(violations);
      steps = List.copyOf(steps);
      Objects.requireNonNull(refused, "refused");
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("A blocked result names at least one violation");
      }
    }

    /** A blocked result that does not say which write was refused. */
    public Blocked(List<GateViolation> violations, List<Step> steps) {
      this(violations, steps, Optional.empty());
    }

    @Override
    public Optional<T> value() {
      return Optional.empty();
    }
  }

  /** Dry run: what would be written; nothing was. */
  record Planned<T>(T subject, List<Step> steps) implements Result<T> {
    public Planned {
      Objects.requireNonNull(subject, "subject");
      steps = List.copyOf(steps);
    }

    @Override
    public Optional<T> value() {
      return Optional.of(subject);
    }
  }
}
