package dev.promotion;

import dev.promotion.error.InvalidRequestException;
import dev.promotion.error.NothingDeployedException;
import dev.promotion.gate.Operation;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.result.Promotion;
import dev.promotion.result.Result;
import dev.promotion.spi.Deployment;
import dev.promotion.version.Version;
import java.util.Optional;

/** Copies the version deployed in an environment's predecessor into it. */
final class Promote {
  private final Context context;

  Promote(Context context) {
    this.context = context;
  }

  Result<Promotion> run(String appName, String target) {
    return context.operate(
        "promote",
        appName,
        (app, run) -> promote(app, context.pipeline().environment(target), run));
  }

  private Result<Promotion> promote(Application app, Environment to, Run<Promotion> run) {
    Environment from = sourceOf(to);
    Deployment source =
        context
            .store()
            .current(app.name(), from.name())
            .orElseThrow(() -> new NothingDeployedException(app.name(), from.name()));
    Version version = source.version();
    Optional<Deployment> current = context.store().current(app.name(), to.name());
    Optional<Version> currentVersion = current.map(Deployment::version);
    Deploy deploy =
        new Deploy(
            app.name(),
            to.name(),
            current,
            version,
            source.digest(),
            "promote " + app.name() + " " + version + " " + from.name() + " -> " + to.name(),
            Audit.trailers(
                context.settings(),
                app.name(),
                from.name(),
                to.name(),
                version,
                currentVersion,
                Deploy.digestTrailer(source.digest())));
    GateCheck gates =
        GateCheck.evaluate(
            context.gates(),
            deploy.gateContext(context, Operation.PROMOTE, Optional.of(from.name())),
            context.override());
    if (gates.blocks()) {
      return run.blocked(deploy.stepName(), gates.violations());
    }
    gates.record(run);
    deploy
        .withTrailers(gates.trailers())
        .deployIn(context, run, () -> SourceCommits.of(context, app, version));
    return run.finish(new Promotion(app.name(), from.name(), to.name(), version, currentVersion));
  }

  private Environment sourceOf(Environment to) {
    if (context.pipeline().isRelease(to.name())) {
      throw new InvalidRequestException(
          to.name()
              + " is the release environment: it receives releases, not promotions. Run release"
              + " instead.");
    }
    return context
        .pipeline()
        .predecessorOf(to.name())
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    to.name()
                        + " is the first environment: it receives builds from publish-dev, not"
                        + " promotions. Promote into "
                        + context
                            .pipeline()
                            .successorOf(to.name())
                            .map(Environment::name)
                            .orElseThrow()
                        + " instead."));
  }
}
