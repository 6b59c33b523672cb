package dev.promotion.gate;

import java.util.Objects;

/**
 * Why a gate refuses an operation.
 *
 * @param gate the gate's name, for example {@code freeze-window}
 * @param message one sentence saying what is wrong and what would make it pass
 */
public record GateViolation(String gate, String message) {
  public GateViolation {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return gate + ": " + message;
  }
}
