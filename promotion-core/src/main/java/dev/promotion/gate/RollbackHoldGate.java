package dev.promotion.gate;

import dev.promotion.spi.HistoryEntry;
import java.util.List;
import java.util.Optional;

/**
 * A write must not undo a rollback: an environment that rolled back from a version does not receive
 * it again (by publish, promotion or release) until someone deploys it deliberately, with an
 * explicit override. A rolled-back version is held while the target's history shows a rollback away
 * from it that is newer than its newest deployment there ({@link Rollbacks#holdingBack}). Rollbacks
 * themselves are not checked.
 */
public final class RollbackHoldGate implements PromotionGate {
  /** This gate's name in violations. */
  public static final String NAME = "rollback-hold";

  @Override
  public List<GateViolation> evaluate(GateContext context) {
    if (context.operation() == Operation.ROLLBACK) {
      return List.of();
    }
    List<HistoryEntry> history =
        context.store().history(context.app(), context.target(), Rollbacks.HISTORY_DEPTH);
    Optional<HistoryEntry> rollback = Rollbacks.holdingBack(context.version(), history);
    return rollback.map(r -> List.of(violation(context, r))).orElse(List.of());
  }

  private static GateViolation violation(GateContext context, HistoryEntry rollback) {
    return new GateViolation(
        NAME,
        context.target()
            + " was rolled back from "
            + context.version()
            + " to "
            + rollback.version()
            + " by "
            + rollback.actor()
            + " at "
            + rollback.time()
            + " (revision "
            + rollback.revision()
            + "), and deploying "
            + context.version()
            + " again would undo that rollback; ship a fixed version, or override with a reason"
            + " once "
            + context.version()
            + " is known to be good");
  }
}
