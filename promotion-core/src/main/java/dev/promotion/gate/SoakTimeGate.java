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
      return judged(
          source, minimum, Duration.between(running.since().get(), context.now()), " healthy");
    }
    Optional<Duration> ran = ranIn(context, source);
    if (ran.isEmpty()) {
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
    return judged(source, minimum, ran.get(), "");
  }

  private static List<GateViolation> judged(
      String source, Duration minimum, Duration soaked, String how) {
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

  /**
   * How long the version ran in the source: from its newest declaration there until now when it
   * still runs, or until the change that replaced it (a chosen version that ran there before).
   */
  private static Optional<Duration> ranIn(GateContext context, String source) {
    List<HistoryEntry> history =
        context.store().history(context.app(), source, Rollbacks.HISTORY_DEPTH);
    Instant until = context.now();
    for (HistoryEntry h : history) {
      if (matches(context, h)) {
        return Optional.of(Duration.between(h.time(), until));
      }
      until = h.time();
    }
    return Optional.empty();
  }

  /** A release is soaked by its candidate; every other version by itself. */
  private static boolean matches(GateContext context, HistoryEntry h) {
    return context.operation() == Operation.RELEASE
            && context.version().chart().filter(ChartVersion::isRelease).isPresent()
        ? h.version().chart().map(ChartVersion::release).equals(context.version().chart())
        : h.version().equals(context.version());
  }

  /** A duration for people: {@code 1d 2h 5m}, {@code 45s}. */
  static String human(Duration d) {
    return dev.promotion.result.Durations.human(d);
  }
}
