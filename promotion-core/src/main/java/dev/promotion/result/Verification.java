package dev.promotion.result;

import dev.promotion.live.LiveVerdict;
import dev.promotion.spi.LiveObservation;
import dev.promotion.version.Version;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Whether an environment runs the version it declares, as observed now or after waiting.
 *
 * @param version what the environment declares
 * @param verdict running, failed, or still waiting when the timeout passed
 * @param waited from the first observation to the last
 * @param observations the last observation of each controller application
 */
public record Verification(
    String app,
    String environment,
    Version version,
    LiveVerdict verdict,
    Duration waited,
    Duration timeout,
    List<LiveObservation> observations) {
  public Verification {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(waited, "waited");
    Objects.requireNonNull(timeout, "timeout");
    observations = List.copyOf(observations);
  }

  /** Whether the environment runs the version. */
  public boolean running() {
    return verdict.running();
  }

  /** Whether waiting stopped at the timeout, without a final verdict. */
  public boolean timedOut() {
    return verdict instanceof LiveVerdict.Waiting;
  }

  /** One line for people. */
  public String summary() {
    String head = environment + (running() ? " runs " : " does not run ") + app + " " + version;
    if (running()) {
      return head + " (" + verdict.reason() + ")";
    }
    return head
        + ": "
        + verdict.reason()
        + (timedOut() && !timeout.isZero()
            ? " (gave up after " + Durations.human(timeout) + ")"
            : "");
  }
}
