package dev.promotion;

import dev.promotion.error.ArtifactNotFoundException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.error.NothingDeployedException;
import dev.promotion.gate.Operation;
import dev.promotion.gate.Rollbacks;
import dev.promotion.pipeline.Application;
import dev.promotion.result.Result;
import dev.promotion.result.Rollback;
import dev.promotion.result.Step;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.Trailer;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sets an environment back to a version it ran before: the one given, or the newest earlier one
 * that is not held back by a rollback (rolled back from, and not run again since).
 */
final class RollBack {
  private static final int HISTORY_DEPTH = Rollbacks.HISTORY_DEPTH;

  private final Context context;

  RollBack(Context context) {
    this.context = context;
  }

  Result<Rollback> run(String appName, String environment, Optional<Version> to) {
    return run(appName, environment, to, List.of());
  }

  /**
   * @param why trailers that say why the rollback happens, recorded on its commit
   */
  Result<Rollback> run(
      String appName, String environment, Optional<Version> to, List<Trailer> why) {
    return context.operate(
        "rollback",
        appName,
        (app, run) ->
            rollback(app, context.pipeline().environment(environment).name(), to, why, run));
  }

  private Result<Rollback> rollback(
      Application app,
      String env,
      Optional<Version> requested,
      List<Trailer> why,
      Run<Rollback> run) {
    requested.ifPresent(v -> Promote.requireKind(app, v));
    Deployment deployed =
        context
            .store()
            .current(app.name(), env)
            .orElseThrow(() -> new NothingDeployedException(app.name(), env));
    Version current = deployed.version();
    List<HistoryEntry> history = context.store().history(app.name(), env, HISTORY_DEPTH);
    Optional<HistoryEntry> repeated = sameRunRollback(history);
    Version target =
        requested.orElseGet(
            () ->
                repeated
                    .map(HistoryEntry::version)
                    .orElseGet(() -> previousGood(app, env, current, history)));
    requireDeployedBefore(app, env, target, history);
    requirePublished(app, target);
    Version from =
        repeated.isPresent() && target.equals(current)
            ? repeated.get().previous().orElse(current)
            : current;
    Optional<ImageDigest> digest = pinnedDigest(target, history);
    List<Trailer> extra = new ArrayList<>(Deploy.digestTrailer(digest));
    extra.add(new Trailer(Audit.ROLLBACK, current.toString()));
    extra.addAll(why);
    Deploy deploy =
        new Deploy(
            app.name(),
            env,
            Optional.of(deployed),
            target,
            digest,
            "rollback " + app.name() + " " + current + " -> " + target + " in " + env,
            Audit.trailers(
                context.settings(), app.name(), env, env, target, Optional.of(current), extra));
    GateCheck gates =
        GateCheck.evaluate(
            context.gates(),
            deploy.gateContext(context, Operation.ROLLBACK, Optional.empty()),
            context.override());
    if (gates.blocks()) {
      return run.blocked(deploy, gates.violations());
    }
    gates.record(run);
    if (digest.isEmpty() && context.store().pinsDigests()) {
      run.record(
          Step.skipped(
              "pin digest",
              "the declaration of "
                  + app.name()
                  + " "
                  + target
                  + " pinned no image digest when it last ran in "
                  + env
                  + ", so it is declared by tag only, without a pin"));
    }
    deploy
        .withTrailers(gates.trailers())
        .deployIn(context, run, () -> SourceCommits.of(context, app, target));
    return run.finish(new Rollback(app.name(), env, from, target));
  }

  /**
   * A chart this pipeline publishes (a release candidate, or a canonical release {@code X.Y.Z})
   * must still be in the registry to roll back to. Image tags and chart versions it never produces
   * ({@code v1.11.0} of a third-party chart, {@code 1.0.0-beta.1}) are not looked up: they live in
   * registries the pipeline does not manage.
   */
  private void requirePublished(Application app, Version target) {
    Optional<ChartVersion> chart =
        target.chart().filter(c -> !c.hasPrefix() && (c.isReleaseCandidate() || c.isRelease()));
    if (chart.isPresent() && context.registry().resolve(app.chartName(), chart.get()).isEmpty()) {
      throw new ArtifactNotFoundException(app.chartName(), chart.get());
    }
  }

  /**
   * The digest {@code version} was pinned to when it last ran here: what the declaration pinned at
   * the newest revision that declared it, as the store read it from the manifest. The manifest is
   * the truth; the {@code Promotion-Digest} trailer is an audit record only (hand commits, squashes
   * and other tools do not write it).
   */
  private static Optional<ImageDigest> pinnedDigest(Version version, List<HistoryEntry> history) {
    return history.stream()
        .filter(entry -> entry.version().equals(version))
        .findFirst()
        .flatMap(HistoryEntry::digest);
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

  /**
   * The newest earlier version that is not held back by a rollback: one rolled back from counts
   * again once it ran after that rollback.
   */
  private static Version previousGood(
      Application app, String env, Version current, List<HistoryEntry> history) {
    return history.stream()
        .map(HistoryEntry::version)
        .filter(v -> !v.equals(current))
        .filter(v -> Rollbacks.holdingBack(v, history).isEmpty())
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
      Application app, String env, Version target, List<HistoryEntry> history) {
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
