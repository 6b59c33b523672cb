package dev.promotion.gate;

import dev.promotion.spi.HistoryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A version must have run in the source environment for a minimum time before it moves on, as the
 * store's history shows.
 */
public final class SoakTimeGate implements PromotionGate {
  /** This gate's name in violations. */
  public static final String NAME = "soak-time";

  private final Map<String, Duration> minimumBySource;

  /**
   * @param minimumBySource the minimum time a version runs in an environment before leaving it
   */
  public SoakTimeGate(Map<String, Duration> minimumBySource) {
    this.minimumBySource = Map.copyOf(minimumBySource);
  }

  @Override
  public List<GateViolation> evaluate(GateContext context) {
    if (context.operation() == Operation.ROLLBACK || context.source().isEmpty()) {
      return List.of();
    }
    String source = context.source().get();
    Duration minimum = minimumBySource.get(source);
    if (minimum == null || minimum.isZero()) {
      return List.of();
    }
    Optional<Instant> since = deployedSince(context, source);
    if (since.isEmpty()) {
      return List.of(
          new GateViolation(
              NAME,
              "the history of "
                  + source
                  + " does not show when it received the version to"
                  + " promote, so its soak time of "
                  + minimum
                  + " cannot be proven"));
    }
    Duration soaked = Duration.between(since.get(), context.now());
    if (soaked.compareTo(minimum) < 0) {
      return List.of(
          new GateViolation(
              NAME,
              "it has run in "
                  + source
                  + " for "
                  + round(soaked)
                  + " of the required "
                  + minimum
                  + "; wait "
                  + round(minimum.minus(soaked))
                  + " more"));
    }
    return List.of();
  }

  private static Optional<Instant> deployedSince(GateContext context, String source) {
    List<HistoryEntry> history = context.store().history(context.app(), source, 1);
    return history.stream()
        .filter(
            h ->
                context.version().isRelease()
                    ? h.version().release().equals(context.version())
                    : h.version().equals(context.version()))
        .map(HistoryEntry::time)
        .findFirst();
  }

  private static Duration round(Duration d) {
    return Duration.ofSeconds(d.getSeconds());
  }
}
