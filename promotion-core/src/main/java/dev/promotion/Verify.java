package dev.promotion;

import dev.promotion.error.InvalidRequestException;
import dev.promotion.error.PromotionException;
import dev.promotion.live.LiveVerdict;
import dev.promotion.live.LiveView;
import dev.promotion.live.LiveWait;
import dev.promotion.live.RunningRule;
import dev.promotion.pipeline.Application;
import dev.promotion.result.Durations;
import dev.promotion.result.Result;
import dev.promotion.result.Rollback;
import dev.promotion.result.Step;
import dev.promotion.result.Verification;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.LiveState;
import dev.promotion.spi.LiveTarget;
import dev.promotion.spi.PromotionEvent;
import dev.promotion.spi.Trailer;
import dev.promotion.version.Version;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies that an environment runs what it declares: now, or waiting up to a timeout; after a
 * write, and rolling the write back when asked and it does not run.
 */
final class Verify {
  private static final Logger LOG = LoggerFactory.getLogger(Verify.class);

  private final Context context;

  Verify(Context context) {
    this.context = context;
  }

  /**
   * The live state, or a clear error before anything is written.
   *
   * @throws InvalidRequestException when none is configured
   */
  static LiveState requireState(LiveSetup live) {
    return live.state()
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "No live state is configured, so what runs cannot be verified. Configure the"
                        + " deployment controller (argocd: in promotion.yaml, or"
                        + " Promotions.Builder#liveState)."));
  }

  /** Verifies the version {@code environment} declares for the app now. */
  Verification declared(Application app, String environment, Duration timeout, String operation) {
    context.pipeline().environment(environment);
    Deployment declared =
        context
            .store()
            .current(app.name(), environment)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        environment
                            + " declares no version of "
                            + app.name()
                            + ": there is nothing to verify. Deploy or promote into it first."));
    return await(app, declared, timeout, operation);
  }

  private Verification await(
      Application app, Deployment declared, Duration timeout, String operation) {
    LiveState state = requireState(context.live());
    String environment = declared.environment();
    LiveTarget target =
        new LiveTarget(
            app,
            context.pipeline().environment(environment),
            Optional.of(declared),
            context.store().liveApplications(app.name(), environment));
    RunningRule declaredRule =
        new RunningRule(
            app,
            declared.version(),
            declared.digest(),
            context.live().options().toleratesDrift(environment));
    java.util.Optional<java.time.Instant> declaredAt =
        context.store().history(app.name(), environment, 1).stream()
            .filter(h -> h.version().equals(declared.version()))
            .map(dev.promotion.spi.HistoryEntry::time)
            .findFirst();
    RunningRule rule = declaredAt.map(declaredRule::declaredAt).orElse(declaredRule);
    LiveWait.Outcome outcome =
        new LiveWait(state, context.clock(), context.live().sleeper(), context.live().options())
            .await(
                target,
                rule,
                timeout,
                progress ->
                    announce(
                        new PromotionEvent.Waiting(
                            operation,
                            app.name(),
                            environment,
                            declared.version(),
                            progress.verdict().reason(),
                            progress.waited(),
                            timeout,
                            context.clock().instant())));
    return new Verification(
        app.name(),
        environment,
        declared.version(),
        outcome.verdict(),
        outcome.waited(),
        timeout,
        outcome.observations());
  }

  /**
   * What gates see: the verdict on each environment's declared version, observed once per gate
   * check and shared by the gates of that check.
   */
  Optional<LiveView> view() {
    if (context.live().state().isEmpty()) {
      return Optional.empty();
    }
    Map<String, LiveVerdict> seen = new HashMap<>();
    return Optional.of(
        (app, environment) ->
            seen.computeIfAbsent(
                app + "/" + environment,
                key ->
                    context
                        .store()
                        .current(app, environment)
                        .map(
                            d ->
                                await(context.application(app), d, Duration.ZERO, "gate").verdict())
                        .orElseGet(
                            () ->
                                new LiveVerdict.Waiting(
                                    environment + " declares nothing for " + app))));
  }

  /**
   * After a write, when writes wait: records "verify ENV" as verified or failed, and when it failed
   * and roll-back is asked, rolls the environment back to the version it ran before, recording why
   * in the rollback's audit trailer {@value Audit#VERIFICATION_FAILED}.
   */
  void afterWrite(Run<?> run, Deploy deploy) {
    Duration timeout = context.live().waitTimeout().orElseThrow();
    String name = "verify " + deploy.environment();
    if (run.dryRun()) {
      run.record(
          Step.planned(
              name,
              "wait up to "
                  + Durations.human(timeout)
                  + " until "
                  + deploy.environment()
                  + " runs "
                  + deploy.app()
                  + " "
                  + deploy.target()
                  + (context.live().rollbackOnFailure() ? ", else roll back" : "")));
      return;
    }
    Verification verification =
        declared(context.application(deploy.app()), deploy.environment(), timeout, run.operation());
    if (verification.running()) {
      run.record(
          Step.verified(
              name, verification.summary() + " after " + Durations.human(verification.waited())));
      return;
    }
    run.record(Step.failed(name, verification.summary()));
    if (context.live().rollbackOnFailure()) {
      rollBack(run, deploy, verification);
    }
  }

  private void rollBack(Run<?> run, Deploy deploy, Verification why) {
    Optional<Version> to = deploy.currentVersion().filter(v -> !v.equals(deploy.target()));
    Context inner = context.withLive(context.live().rollingBack(false));
    try {
      Result<Rollback> rollback =
          new RollBack(inner)
              .run(
                  deploy.app(),
                  deploy.environment(),
                  to,
                  List.of(new Trailer(Audit.VERIFICATION_FAILED, oneLine(why.summary()))));
      for (Step step : rollback.steps()) {
        run.record(new Step("rollback " + step.name(), step.status(), step.detail()));
      }
    } catch (PromotionException e) {
      run.record(
          Step.failed(
              "rollback " + deploy.environment(),
              "could not roll back " + deploy.app() + ": " + e.getMessage()));
    }
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("[\\r\\n]+", " ").strip();
    return line.length() > 500 ? line.substring(0, 500) : line;
  }

  private void announce(PromotionEvent event) {
    try {
      context.listener().on(event);
    } catch (RuntimeException e) {
      LOG.debug("A promotion listener failed on {}; ignored", event, e);
    }
  }
}
