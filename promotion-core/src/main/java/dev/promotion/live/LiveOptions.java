package dev.promotion.live;

import dev.promotion.pipeline.Names;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How core reads the live state.
 *
 * @param driftTolerant the environments where {@code OutOfSync} does not stop "running": they run a
 *     version when healthy on it, whatever else drifted
 * @param firstPoll the first pause between two observations while waiting
 * @param maxPoll the longest pause; each pause is 1.5 times the last, up to this
 */
public record LiveOptions(Set<String> driftTolerant, Duration firstPoll, Duration maxPoll) {
  public LiveOptions {
    driftTolerant = Set.copyOf(driftTolerant);
    driftTolerant.forEach(e -> Names.requireSafe("environment", e));
    Objects.requireNonNull(firstPoll, "firstPoll");
    Objects.requireNonNull(maxPoll, "maxPoll");
    if (firstPoll.isNegative() || firstPoll.isZero() || maxPoll.compareTo(firstPoll) < 0) {
      throw new IllegalArgumentException(
          "Polls are positive and the longest is at least the first: "
              + firstPoll
              + ", "
              + maxPoll);
    }
  }

  /** No drift tolerated; polls from 2 s up to 15 s. */
  public static LiveOptions defaults() {
    return new LiveOptions(Set.of(), Duration.ofSeconds(2), Duration.ofSeconds(15));
  }

  /** The same options, tolerating drift in {@code environments}. */
  public LiveOptions withDriftTolerant(Set<String> environments) {
    return new LiveOptions(environments, firstPoll, maxPoll);
  }

  /** Whether {@code environment} tolerates drift. */
  public boolean toleratesDrift(String environment) {
    return driftTolerant.contains(environment);
  }
}
