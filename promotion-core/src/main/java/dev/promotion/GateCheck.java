package dev.promotion;

import dev.promotion.gate.GateContext;
import dev.promotion.gate.GateViolation;
import dev.promotion.gate.PromotionGate;
import dev.promotion.result.Step;
import dev.promotion.spi.Trailer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates every gate before a write and decides: go ahead, go ahead on an explicit override
 * (recorded), or stop with all the violations.
 */
final class GateCheck {
  private final List<GateViolation> violations;
  private final Optional<GateOverride> override;

  private GateCheck(List<GateViolation> violations, Optional<GateOverride> override) {
    this.violations = violations;
    this.override = override;
  }

  static GateCheck evaluate(
      List<PromotionGate> gates, GateContext context, Optional<GateOverride> override) {
    List<GateViolation> violations = new ArrayList<>();
    for (PromotionGate gate : gates) {
      violations.addAll(gate.evaluate(context));
    }
    return new GateCheck(List.copyOf(violations), override);
  }

  /** Whether the write must not happen. */
  boolean blocks() {
    return !violations.isEmpty() && override.isEmpty();
  }

  List<GateViolation> violations() {
    return violations;
  }

  /** Records the outcome of the check in the run: every gate passed, or which were overridden. */
  void record(Run<?> run) {
    if (violations.isEmpty()) {
      return;
    }
    for (GateViolation violation : violations) {
      run.record(
          Step.skipped(
              "gate " + violation.gate(),
              "overridden (" + override.orElseThrow().reason() + "): " + violation.message()));
    }
  }

  /** The audit trailers that record an override, empty when nothing was overridden. */
  List<Trailer> trailers() {
    if (violations.isEmpty() || override.isEmpty()) {
      return List.of();
    }
    List<Trailer> trailers = new ArrayList<>();
    trailers.add(new Trailer(Audit.OVERRIDE, override.get().reason()));
    violations.stream()
        .map(GateViolation::gate)
        .distinct()
        .forEach(gate -> trailers.add(new Trailer(Audit.OVERRIDDEN, gate)));
    return trailers;
  }
}
