package dev.promotion.gate;

import dev.promotion.live.LiveVerdict;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.version.ChartVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A version must have run in the source environment for a minimum time before it moves on. With a
 * live state, the time counts from when it became healthy there (the later of its deployment by the
 * controller and the health transition); without, from when the store's history declared it.
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
    if (context.live().isPresent()) {
      LiveVerdict verdict = context.live().get().verdict(context.app(), source);
      if (!(verdict instanceof LiveVerdict.Running running) || running.since().isEmpty()) {
        return List.of(
            new GateViolation(
                NAME,
                "it does not run healthy in "
                    + source
                    + " yet ("
                    + verdict.reason()
                    + "), so its soak time of "
                    + human(minimum)
                    + " has not started"));
      }
      return soaked(context, source, minimum, running.since().get(), " healthy");
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
                  + human(minimum)
                  + " cannot be proven"));
    }
    return soaked(context, source, minimum, since.get(), "");
  }

  private static List<GateViolation> soaked(
      GateContext context, String source, Duration minimum, Instant since, String how) {
    Duration soaked = Duration.between(since, context.now());
    if (soaked.compareTo(minimum) < 0) {
      return List.of(
          new GateViolation(
              NAME,
              "it has run"
                  + how
                  + " in "
                  + source
                  + " for "
                  + human(soaked)
                  + " of the required "
                  + human(minimum)
                  + "; wait "
                  + human(minimum.minus(soaked))
                  + " more"));
    }
    return List.of();
  }

  private static Optional<Instant> deployedSince(GateContext context, String source) {
    List<HistoryEntry> history = context.store().history(context.app(), source, 1);
    return history.stream()
        .filter(
            h ->
                context.version().chart().filter(ChartVersion::isRelease).isPresent()
                    ? h.version()
                        .chart()
                        .map(ChartVersion::release)
                        .equals(context.version().chart())
                    : h.version().equals(context.version()))
        .map(HistoryEntry::time)
        .findFirst();
  }

  /** A duration for people: {@code 1d 2h 5m}, {@code 45s}. */
  static String human(Duration d) {
    return dev.promotion.result.Durations.human(d);
  }
}
