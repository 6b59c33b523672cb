package dev.promotion;

import dev.promotion.live.LiveVerdict;
import dev.promotion.live.RunningRule;
import dev.promotion.pipeline.Application;
import dev.promotion.result.StatusReport;
import dev.promotion.result.Verification;
import dev.promotion.spi.LiveObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The live columns of {@code status}: sync, health, since, and whether git and the cluster differ.
 */
final class LiveColumns {
  private final Context context;

  LiveColumns(Context context) {
    this.context = context;
  }

  StatusReport.LiveStatus of(String appName, String environment) {
    Application app = context.application(appName);
    Verification verification =
        new Verify(context).declared(app, environment, Duration.ZERO, "status");
    List<LiveObservation> found =
        verification.observations().stream().filter(LiveObservation::found).toList();
    if (found.isEmpty()) {
      return new StatusReport.LiveStatus(
          "NotFound",
          "Missing",
          Optional.empty(),
          "no application",
          false,
          true,
          verification.verdict().reason());
    }
    RunningRule rule =
        new RunningRule(
            app,
            verification.version(),
            context.store().current(appName, environment).flatMap(d -> d.digest()),
            context.live().options().toleratesDrift(environment));
    Optional<Instant> since =
        verification.verdict() instanceof LiveVerdict.Running running
            ? running.since()
            : found.stream()
                .map(LiveObservation::healthSince)
                .flatMap(Optional::stream)
                .max(Instant::compareTo);
    return new StatusReport.LiveStatus(
        joined(found, o -> RunningRule.sync(o.sync())),
        joined(found, o -> RunningRule.health(o.health())),
        since,
        joined(found, rule::liveDescription),
        verification.running(),
        found.size() < verification.observations().size()
            || found.stream().anyMatch(o -> !rule.runsVersion(o)),
        verification.verdict().reason());
  }

  private static String joined(
      List<LiveObservation> observations, Function<LiveObservation, String> column) {
    return observations.stream().map(column).distinct().collect(Collectors.joining("/"));
  }
}
