package dev.promotion;

import dev.promotion.error.UnknownApplicationException;
import dev.promotion.gate.PromotionGate;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Names;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.result.Result;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.PromotionListener;
import dev.promotion.spi.SourceControl;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** Everything a use case runs with. */
record Context(
    Pipeline pipeline,
    Map<String, Application> applications,
    EnvironmentStore store,
    ChartRegistry registry,
    SourceControl scm,
    PromotionListener listener,
    Clock clock,
    List<PromotionGate> gates,
    Settings settings,
    boolean dryRun,
    Optional<GateOverride> override,
    LiveSetup live) {

  Application application(String name) {
    Application app = applications.get(Names.requireSafe("app", name));
    if (app == null) {
      throw new UnknownApplicationException(name, applications.keySet().stream().sorted().toList());
    }
    return app;
  }

  /**
   * Runs an operation on an app: looks the app up, records the steps, and reports a failure to the
   * listener before rethrowing it.
   */
  <T> Result<T> operate(
      String operation, String appName, BiFunction<Application, Run<T>, Result<T>> body) {
    Application app = application(appName);
    Run<T> run = new Run<>(operation, app.name(), dryRun, listener, clock);
    try {
      return body.apply(app, run);
    } catch (RuntimeException e) {
      throw run.failed(e);
    }
  }

  Context asPlan() {
    return new Context(
        pipeline,
        applications,
        store,
        registry,
        scm,
        listener,
        clock,
        gates,
        settings,
        true,
        override,
        live);
  }

  Context overriding(GateOverride value) {
    return new Context(
        pipeline,
        applications,
        store,
        registry,
        scm,
        listener,
        clock,
        gates,
        settings,
        dryRun,
        Optional.of(value),
        live);
  }

  Context withLive(LiveSetup value) {
    return new Context(
        pipeline,
        applications,
        store,
        registry,
        scm,
        listener,
        clock,
        gates,
        settings,
        dryRun,
        override,
        value);
  }
}
