package dev.promotion.live;

import dev.promotion.error.BackendException;
import dev.promotion.spi.LiveObservation;
import dev.promotion.spi.LiveState;
import dev.promotion.spi.LiveTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Observes the live state until a {@link RunningRule} says running or failed, or a timeout passes.
 * Polls with exponential backoff (each pause 1.5 times the last, from {@link
 * LiveOptions#firstPoll()} up to {@link LiveOptions#maxPoll()}, never past the deadline) through an
 * injected clock and sleeper, and reports every observation to a progress consumer. A retryable
 * backend failure (Argo CD unreachable, 5xx) is one more reason to wait, within the same timeout.
 */
public final class LiveWait {
  private final LiveState state;
  private final Clock clock;
  private final Sleeper sleeper;
  private final LiveOptions options;

  public LiveWait(LiveState state, Clock clock, Sleeper sleeper, LiveOptions options) {
    this.state = Objects.requireNonNull(state, "state");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Observes {@code target} now, and again until the verdict is final or {@code timeout} passed.
   *
   * @param timeout zero to observe once
   * @param progress called after each observation that is not final
   * @return the last verdict: {@link LiveVerdict.Waiting} when the timeout passed
   * @throws BackendException when the controller refuses the request (not retryable)
   */
  public Outcome await(
      LiveTarget target, RunningRule rule, Duration timeout, Consumer<Outcome> progress) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("A timeout is not negative: " + timeout);
    }
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    Duration pause = options.firstPoll();
    int attempts = 0;
    while (true) {
      attempts++;
      List<LiveObservation> observations = List.of();
      LiveVerdict verdict;
      try {
        observations = state.observe(target);
        verdict = rule.decide(observations);
      } catch (BackendException e) {
        if (!e.retryable()) {
          throw e;
        }
        verdict = new LiveVerdict.Waiting(e.getMessage());
      }
      Instant now = clock.instant();
      Outcome outcome =
          new Outcome(verdict, Duration.between(start, now), timeout, attempts, observations);
      if (!(verdict instanceof LiveVerdict.Waiting) || !now.isBefore(deadline)) {
        return outcome;
      }
      progress.accept(outcome);
      Duration remaining = Duration.between(now, deadline);
      try {
        sleeper.sleep(pause.compareTo(remaining) < 0 ? pause : remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(
            new LiveVerdict.Waiting("interrupted while waiting: " + verdict.reason()),
            Duration.between(start, clock.instant()),
            timeout,
            attempts,
            observations);
      }
      Duration next = Duration.ofMillis(pause.toMillis() * 3 / 2);
      pause = next.compareTo(options.maxPoll()) > 0 ? options.maxPoll() : next;
    }
  }

  /**
   * One observation's verdict, how long it took to get there, and what was observed.
   *
   * @param waited from the first observation to this one
   * @param observations the last observations, empty when the controller could not be reached
   */
  public record Outcome(
      LiveVerdict verdict,
      Duration waited,
      Duration timeout,
      int attempts,
      List<LiveObservation> observations) {
    public Outcome {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(waited, "waited");
      Objects.requireNonNull(timeout, "timeout");
      observations = List.copyOf(observations);
    }

    /** Whether the timeout passed without a final verdict. */
    public boolean timedOut() {
      return verdict instanceof LiveVerdict.Waiting;
    }
  }
}
