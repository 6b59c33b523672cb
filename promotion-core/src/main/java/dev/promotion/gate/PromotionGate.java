package dev.promotion.gate;

import java.util.List;

/**
 * A rule checked before any write. All gates are evaluated and all their violations reported
 * together, so a user fixes everything in one go.
 */
@FunctionalInterface
public interface PromotionGate {
  /**
   * Checks a write about to happen. Must not write anything.
   *
   * @return the violations, empty when the write may go ahead
   */
  List<GateViolation> evaluate(GateContext context);
}
