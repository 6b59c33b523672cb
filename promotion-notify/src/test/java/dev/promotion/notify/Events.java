package dev.promotion.notify;

import dev.promotion.gate.GateViolation;
import dev.promotion.result.Promotion;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.spi.Change;
import dev.promotion.spi.PromotionEvent;
import dev.promotion.version.ChartVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Events of write operations, as core's use cases send them. */
final class Events {
  static final Instant TIME = Instant.parse("2026-12-02T10:15:30Z");
  static final String RC = "0.2.0-rc.abc1234";

  private Events() {}

  static final Step DEPLOY_STAGE =
      Step.done("deploy stage", "api 0.1.0 -> " + RC + " in stage (revision 0123abc)");

  static Promotion promotion() {
    return new Promotion(
        "api", "test", "stage", ChartVersion.parse(RC), Optional.of(ChartVersion.parse("0.1.0")));
  }

  /** {@code promote api test -> stage}, done, with its steps announced first. */
  static List<PromotionEvent> promoted() {
    Step gates = Step.done("check gates", "all gates pass");
    return List.of(
        new PromotionEvent.StepFinished("promote", "api", gates, TIME),
        new PromotionEvent.StepFinished("promote", "api", DEPLOY_STAGE, TIME),
        new PromotionEvent.OperationFinished(
            "promote", "api", new Result.Done<>(promotion(), List.of(gates, DEPLOY_STAGE)), TIME));
  }

  static List<PromotionEvent> alreadyDone() {
    Step same = Step.alreadyDone("deploy stage", "stage already runs api " + RC);
    return List.of(
        new PromotionEvent.OperationFinished(
            "promote", "api", new Result.AlreadyDone<>(promotion(), List.of(same)), TIME));
  }

  static List<PromotionEvent> blocked(String message) {
    GateViolation violation = new GateViolation("freeze-window", message);
    Step step = Step.blocked("check gates", violation.toString());
    return List.of(
        new PromotionEvent.StepFinished("promote", "api", step, TIME),
        new PromotionEvent.OperationFinished(
            "promote",
            "api",
            new Result.Blocked<Promotion>(
                List.of(violation),
                List.of(step),
                Optional.of(
                    Change.of(
                        "api", "stage", ChartVersion.parse("0.1.0"), ChartVersion.parse(RC)))),
            TIME));
  }

  /** {@code publish-dev --version v1.2.3} of the image app {@code web}: from its build to dev. */
  static List<PromotionEvent> imagePublished() {
    Step deploy = Step.done("deploy dev", "web v1.2.2 -> v1.2.3 in dev");
    return List.of(
        new PromotionEvent.OperationFinished(
            "publish-dev",
            "web",
            new Result.Done<>(
                new Promotion(
                    "web",
                    "build",
                    "dev",
                    dev.promotion.version.ImageTag.parse("v1.2.3"),
                    Optional.of(dev.promotion.version.ImageTag.parse("v1.2.2"))),
                List.of(deploy)),
            TIME));
  }

  /**
   * {@code promote api test -> stage --wait --rollback-on-failure}: written, did not run, rolled
   * back.
   */
  static List<PromotionEvent> notRunning() {
    Step verify = Step.failed("verify stage", "api " + RC + " is Degraded in stage");
    Step rollback = Step.done("rollback deploy stage", "api " + RC + " -> 0.1.0 in stage");
    return List.of(
        new PromotionEvent.StepFinished("promote", "api", DEPLOY_STAGE, TIME),
        new PromotionEvent.StepFinished("promote", "api", verify, TIME),
        new PromotionEvent.StepFinished("promote", "api", rollback, TIME),
        new PromotionEvent.OperationFinished(
            "promote",
            "api",
            new Result.Done<>(promotion(), List.of(DEPLOY_STAGE, verify, rollback)),
            TIME));
  }

  static List<PromotionEvent> failed() {
    Step read = Step.alreadyDone("read test", "test runs api " + RC);
    return List.of(
        new PromotionEvent.StepFinished("release", "api", read, TIME),
        new PromotionEvent.OperationFailed(
            "release",
            "api",
            new IllegalStateException("The registry refused the chart. Try again later."),
            TIME));
  }

  static List<PromotionEvent> planned() {
    Step plan = Step.planned("deploy stage", "api 0.1.0 -> " + RC + " in stage");
    return List.of(
        new PromotionEvent.StepFinished("promote", "api", plan, TIME),
        new PromotionEvent.OperationFinished(
            "promote", "api", new Result.Planned<>(promotion(), List.of(plan)), TIME));
  }

  static List<PromotionEvent> plannedThenFailed() {
    Step plan = Step.planned("deploy stage", "api 0.1.0 -> " + RC + " in stage");
    return List.of(
        new PromotionEvent.StepFinished("promote", "api", plan, TIME),
        new PromotionEvent.OperationFailed(
            "promote", "api", new IllegalStateException("boom"), TIME));
  }
}
