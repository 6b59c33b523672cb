package dev.promotion.testkit;

import static dev.promotion.testkit.contract.LiveStateContract.API;
import static dev.promotion.testkit.contract.LiveStateContract.EU;
import static dev.promotion.testkit.contract.LiveStateContract.PROD;
import static dev.promotion.testkit.contract.LiveStateContract.US;
import static dev.promotion.testkit.contract.LiveStateContract.WEB;
import static dev.promotion.testkit.contract.LiveStateContract.WEB_IMAGE;

import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.LiveState;
import dev.promotion.spi.LiveTarget;
import dev.promotion.testkit.contract.LiveScenario;
import dev.promotion.version.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives the in-memory controller: each phase after a declaration lasts ten seconds, and the
 * scenario moves the clock into the phase a test asks for. Public for the tests that check the kit
 * catches broken implementations.
 */
public final class InMemoryLiveScenario implements LiveScenario {
  private static final Application CHART_APP = Application.named(API);
  private static final Application IMAGE_APP = Application.image(WEB, WEB_IMAGE);

  private static final Duration PHASE = Duration.ofSeconds(10);
  private final MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");
  private final InMemoryEnvironmentStore store = new InMemoryEnvironmentStore();
  private final InMemoryLiveState live = new InMemoryLiveState(store, clock);
  private final Map<String, Instant> declaredAt = new HashMap<>();

  @Override
  public LiveState liveState() {
    return live;
  }

  @Override
  public LiveTarget target(String app, String environment) {
    Application application = app.equals(WEB) ? IMAGE_APP : CHART_APP;
    Environment env =
        environment.equals(PROD) ? Environment.of(PROD, EU, US) : Environment.of(environment);
    return new LiveTarget(
        application,
        env,
        store.current(app, environment),
        store.liveApplications(app, environment));
  }

  @Override
  public void declare(String app, String environment, String version) {
    clock.advance(Duration.ofSeconds(1));
    Application application = app.equals(WEB) ? IMAGE_APP : CHART_APP;
    Optional<Version> current = store.current(app, environment).map(Deployment::version);
    store.apply(
        new ChangeSet(
            List.of(
                new Change(
                    app, environment, current, Version.parse(application.versionKind(), version))),
            "deploy " + app + " " + version + " to " + environment,
            List.of(),
            "ci-bot",
            clock.instant()));
    declaredAt.put(app + "/" + environment, clock.instant());
    script(app, environment).delays(PHASE, PHASE, PHASE);
  }

  private InMemoryLiveState.Script script(String app, String environment) {
    return live.script(app, environment);
  }

  @Override
  public void syncing(String app, String environment) {
    clock.set(declaredAt.get(app + "/" + environment).plus(PHASE.multipliedBy(3).dividedBy(2)));
  }

  @Override
  public void progressing(String app, String environment) {
    clock.set(declaredAt.get(app + "/" + environment).plus(PHASE.multipliedBy(5).dividedBy(2)));
  }

  @Override
  public void settle() {
    clock.advance(Duration.ofMinutes(10));
  }

  @Override
  public void noOpCommit(String app, String environment) {
    clock.advance(Duration.ofSeconds(1));
  }

  @Override
  public void degradesOn(String app, String environment, String version) {
    script(app, environment).degradesOn(version);
  }

  @Override
  public void degradesOn(String app, String environment, String cluster, String version) {
    live.script(app, environment, cluster).degradesOn(version);
  }

  @Override
  public void stuckProgressing(String app, String environment) {
    script(app, environment).stuckProgressing("Progressing: 3 of 4 pods ready");
  }

  @Override
  public void staleReconcile(String app, String environment) {
    script(app, environment).staleReconcile();
  }

  @Override
  public void failsSync(String app, String environment, String version) {
    script(app, environment).failsSync(version, "one or more objects failed to apply");
  }

  @Override
  public void createdLater(String app, String environment) {
    script(app, environment).createdAfter(Duration.ofMinutes(1));
  }

  @Override
  public void syncWindowDenies(String app, String environment) {
    script(app, environment).syncWindowDenies("deny window 22:00-06:00");
  }

  @Override
  public void comparisonError(String app, String environment) {
    script(app, environment)
        .condition("ComparisonError", "failed to load target state: chart not found");
  }

  @Override
  public void multipleSources(String app, String environment) {
    script(app, environment).multipleSources();
  }
}
