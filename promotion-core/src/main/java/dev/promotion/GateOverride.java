package dev.promotion;

import java.util.Objects;

/**
 * An explicit decision to go ahead despite gate violations. The reason and every overridden
 * violation are recorded in the audit trail.
 */
public record GateOverride(String reason) {
  public GateOverride {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank() || reason.indexOf('\n') >= 0 || reason.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("An override reason is one non-blank line");
    }
  }
}
