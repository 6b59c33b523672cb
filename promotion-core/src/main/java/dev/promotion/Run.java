package dev.promotion;

import dev.promotion.gate.GateViolation;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.spi.PromotionEvent;
import dev.promotion.spi.PromotionListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of one operation as it runs: recorded, announced, and turned into its result. */
final class Run<T> {
  private static final Logger LOG = LoggerFactory.getLogger(Run.class);

  private final String operation;
  private final String app;
  private final boolean dryRun;
  private final PromotionListener listener;
  private final Clock clock;
  private final List<Step> steps = new ArrayList<>();

  Run(String operation, String app, boolean dryRun, PromotionListener listener, Clock clock) {
    this.operation = operation;
    this.app = app;
    this.dryRun = dryRun;
    this.listener = listener;
    this.clock = clock;
  }

  String operation() {
    return operation;
  }

  boolean dryRun() {
    return dryRun;
  }

  /** Records a step that needs no write, or whose write already happened. */
  Step record(Step step) {
    steps.add(step);
    LOG.debug("{} {}: {}", operation, app, step);
    announce(new PromotionEvent.StepFinished(operation, app, step, clock.instant()));
    return step;
  }

  /**
   * Runs a write unless this is a dry run, in which case the plan is recorded instead.
   *
   * @param name the step's name
   * @param plan what the write would do, for the dry run
   * @param write performs the write and returns its step
   */
  Step write(String name, String plan, java.util.function.Supplier<Step> write) {
    return record(dryRun ? Step.planned(name, plan) : write.get());
  }

  Result<T> finish(T subject) {
    Result<T> result;
    if (dryRun) {
      result = new Result.Planned<>(subject, steps);
    } else if (steps.stream().anyMatch(Step::wrote)) {
      result = new Result.Done<>(subject, steps);
    } else {
      result = new Result.AlreadyDone<>(subject, steps);
    }
    return finished(result);
  }

  Result<T> blocked(Deploy deploy, List<GateViolation> violations) {
    for (GateViolation violation : violations) {
      record(Step.blocked(deploy.stepName(), violation.toString()));
    }
    return finished(new Result.Blocked<>(violations, steps, Optional.of(deploy.change())));
  }

  private Result<T> finished(Result<T> result) {
    announce(new PromotionEvent.OperationFinished(operation, app, result, clock.instant()));
    return result;
  }

  RuntimeException failed(RuntimeException error) {
    announce(new PromotionEvent.OperationFailed(operation, app, error, clock.instant()));
    return error;
  }

  private void announce(PromotionEvent event) {
    try {
      listener.on(event);
    } catch (RuntimeException e) {
      LOG.debug("A promotion listener failed on {}; ignored", event, e);
    }
  }
}
