package dev.promotion.gate;

import dev.promotion.live.LiveVerdict;
import java.util.List;

/**
 * A version leaves an environment only when that environment runs it: synced, healthy, no operation
 * in progress ({@link dev.promotion.live.RunningRule}), not merely declared. Applies only when a
 * live state is configured; a release checks that the release source runs the candidate.
 */
public final class SourceRunningGate implements PromotionGate {
  /** This gate's name in violations. */
  public static final String NAME = "source-running";

  @Override
  public List<GateViolation> evaluate(GateContext context) {
    if (context.operation() == Operation.ROLLBACK
        || context.source().isEmpty()
        || context.live().isEmpty()) {
      return List.of();
    }
    String source = context.source().get();
    LiveVerdict verdict = context.live().get().verdict(context.app(), source);
    if (verdict.running()) {
      return List.of();
    }
    return List.of(
        new GateViolation(
            NAME,
            source
                + " does not run what it declares for "
                + context.app()
                + ": "
                + verdict.reason()
                + "; promote once it runs there (promotion verify --env "
                + source
                + " --timeout ...)"));
  }
}
