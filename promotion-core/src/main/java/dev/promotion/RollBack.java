package dev.promotion;

import dev.promotion.error.ArtifactNotFoundException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.error.NothingDeployedException;
import dev.promotion.gate.Operation;
import dev.promotion.pipeline.Application;
import dev.promotion.result.Result;
import dev.promotion.result.Rollback;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.Trailer;
import dev.promotion.version.ChartVersion;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sets an environment back to a version it ran before: the one given, or the newest earlier one
 * that was not itself rolled back from.
 */
final class RollBack {
  private static final int HISTORY_DEPTH = 100;

  private final Context context;

  RollBack(Context context) {
    this.context = context;
  }

  Result<Rollback> run(String appName, String environment, Optional<ChartVersion> to) {
    return context.operate(
        "rollback",
        appName,
        (app, run) -> rollback(app, context.pipeline().environment(environment).name(), to, run));
  }

  private Result<Rollback> rollback(
      Application app, String env, Optional<ChartVersion> requested, Run<Rollback> run) {
    ChartVersion current =
        context
            .store()
            .current(app.name(), env)
            .map(Deployment::version)
            .orElseThrow(() -> new NothingDeployedException(app.name(), env));
    List<HistoryEntry> history = context.store().history(app.name(), env, HISTORY_DEPTH);
    Optional<HistoryEntry> repeated = sameRunRollback(history);
    ChartVersion target =
        requested.orElseGet(
            () ->
                repeated
                    .map(HistoryEntry::version)
                    .orElseGet(() -> previousGood(app, env, current, history)));
    requireDeployedBefore(app, env, target, history);
    if (context.registry().resolve(app.chartName(), target).isEmpty()) {
      throw new ArtifactNotFoundException(app.chartName(), target);
    }
    ChartVersion from =
        repeated.isPresent() && target.equals(current)
            ? repeated.get().previous().orElse(current)
            : current;
    Deploy deploy =
        new Deploy(
            app.name(),
            env,
            Optional.of(current),
            target,
            "rollback " + app.name() + " " + current + " -> " + target + " in " + env,
            Audit.trailers(
                context.settings(),
                app.name(),
                env,
                env,
                target,
                Optional.of(current),
                List.of(new Trailer(Audit.ROLLBACK, current.toString()))));
    GateCheck gates =
        GateCheck.evaluate(
            context.gates(),
            deploy.gateContext(context, Operation.ROLLBACK, Optional.empty()),
            context.override());
    if (gates.blocks()) {
      return run.blocked(deploy.stepName(), gates.violations());
    }
    gates.record(run);
    deploy.withTrailers(gates.trailers()).applyIn(context, run);
    return run.finish(new Rollback(app.name(), env, from, target));
  }

  /**
   * The newest entry, if it is a rollback made by this same CI run: running the same rollback again
   * must not roll back further.
   */
  private Optional<HistoryEntry> sameRunRollback(List<HistoryEntry> history) {
    Optional<String> runId = context.settings().runId();
    if (runId.isEmpty() || history.isEmpty()) {
      return Optional.empty();
    }
    HistoryEntry newest = history.get(0);
    boolean same =
        newest.trailer(Audit.ROLLBACK).isPresent() && newest.trailer(Audit.RUN).equals(runId);
    return same ? Optional.of(newest) : Optional.empty();
  }

  private static ChartVersion previousGood(
      Application app, String env, ChartVersion current, List<HistoryEntry> history) {
    Set<String> rolledBackFrom = new HashSet<>();
    for (HistoryEntry entry : history) {
      entry.trailer(Audit.ROLLBACK).ifPresent(rolledBackFrom::add);
    }
    return history.stream()
        .map(HistoryEntry::version)
        .filter(v -> !v.equals(current))
        .filter(v -> !rolledBackFrom.contains(v.toString()))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "The history of "
                        + app.name()
                        + " in "
                        + env
                        + " shows no earlier version to roll back to. Name the version"
                        + " explicitly."));
  }

  private static void requireDeployedBefore(
      Application app, String env, ChartVersion target, List<HistoryEntry> history) {
    boolean ranThere = history.stream().anyMatch(h -> h.version().equals(target));
    if (!ranThere) {
      throw new InvalidRequestException(
          app.name()
              + " "
              + target
              + " never ran in "
              + env
              + " (in its last "
              + HISTORY_DEPTH
              + " changes). A rollback returns to a version that ran there; promote other"
              + " versions instead.");
    }
  }
}
