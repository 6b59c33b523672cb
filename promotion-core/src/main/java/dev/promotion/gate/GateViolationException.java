package dev.promotion.gate;

import dev.promotion.error.PromotionException;
import java.util.List;
import java.util.stream.Collectors;

/** Gates refused an operation; every violation is listed. Nothing was written. */
public class GateViolationException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final transient List<GateViolation> violations;

  public GateViolationException(List<GateViolation> violations) {
    super(
        "Blocked by "
            + violations.size()
            + (violations.size() == 1 ? " gate: " : " gates: ")
            + violations.stream().map(GateViolation::toString).collect(Collectors.joining("; "))
            + ". Fix them, or override explicitly with a reason (it is recorded).");
    this.violations = List.copyOf(violations);
  }

  public List<GateViolation> violations() {
    return violations;
  }
}
