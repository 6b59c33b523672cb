package dev.promotion;

import dev.promotion.gate.GateContext;
import dev.promotion.gate.Operation;
import dev.promotion.result.Step;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Trailer;
import dev.promotion.version.ChartVersion;
import java.util.List;
import java.util.Optional;

/** One environment change, compare-and-swap from what was read to the target version. */
record Deploy(
    String app,
    String environment,
    Optional<ChartVersion> current,
    ChartVersion target,
    String subject,
    List<Trailer> trailers) {

  /** The same change, recording more trailers. */
  Deploy withTrailers(List<Trailer> more) {
    return new Deploy(
        app,
        environment,
        current,
        target,
        subject,
        java.util.stream.Stream.concat(trailers.stream(), more.stream()).toList());
  }

  String stepName() {
    return "deploy " + environment;
  }

  boolean alreadyInPlace() {
    return current.isPresent() && current.get().equals(target);
  }

  GateContext gateContext(Context context, Operation operation, Optional<String> source) {
    return new GateContext(
        operation,
        app,
        source,
        environment,
        target,
        current,
        context.pipeline(),
        context.store(),
        context.clock().instant());
  }

  /** Applies the change (or plans it) and records the step. */
  Step applyIn(Context context, Run<?> run) {
    if (alreadyInPlace()) {
      return run.record(
          Step.alreadyDone(stepName(), environment + " already runs " + app + " " + target));
    }
    String description =
        app + " " + current.map(v -> v + " -> ").orElse("") + target + " in " + environment;
    return run.write(
        stepName(),
        description,
        () -> {
          Change change = new Change(app, environment, current, target);
          ChangeSet set =
              new ChangeSet(
                  List.of(change),
                  subject,
                  trailers,
                  context.settings().actor(),
                  context.clock().instant());
          ApplyResult result = context.store().apply(set);
          if (result instanceof ApplyResult.Applied applied) {
            return Step.done(stepName(), description + " (revision " + applied.revision() + ")");
          }
          return Step.alreadyDone(stepName(), environment + " already runs " + app + " " + target);
        });
  }
}
