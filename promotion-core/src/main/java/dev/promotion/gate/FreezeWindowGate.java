package dev.promotion.gate;

import java.util.List;

/** Refuses writes to an environment while one of its freeze windows is in force. */
public final class FreezeWindowGate implements PromotionGate {
  /** This gate's name in violations. */
  public static final String NAME = "freeze-window";

  private final List<FreezeWindow> windows;

  public FreezeWindowGate(List<FreezeWindow> windows) {
    this.windows = List.copyOf(windows);
  }

  /** The windows this gate enforces. */
  public List<FreezeWindow> windows() {
    return windows;
  }

  @Override
  public List<GateViolation> evaluate(GateContext context) {
    return windows.stream()
        .filter(w -> w.freezes(context.target(), context.now()))
        .map(
            w ->
                new GateViolation(
                    NAME,
                    context.target()
                        + " is frozen by '"
                        + w.name()
                        + "' ("
                        + w.schedule()
                        + "); wait until it ends"))
        .toList();
  }
}
