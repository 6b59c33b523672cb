package dev.promotion.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The built-in gates. */
public final class Gates {
  private Gates() {}

  /**
   * The gates every pipeline has: no skipping environments, prod only receives the release of a
   * release candidate deployed in the release source, no write undoes a rollback (a version an
   * environment rolled back from is held until it is deployed there again with an override), and,
   * when a live state is configured, a version leaves an environment only when it runs there.
   */
  public static List<PromotionGate> defaults() {
    return List.of(
        new NoSkippingGate(),
        new ReleaseFromSourceGate(),
        new RollbackHoldGate(),
        new SourceRunningGate());
  }

  /** The defaults plus freeze windows and minimum soak times (per source environment). */
  public static List<PromotionGate> standard(
      List<FreezeWindow> freezeWindows, Map<String, Duration> minimumSoak) {
    List<PromotionGate> gates = new ArrayList<>(defaults());
    if (!freezeWindows.isEmpty()) {
      gates.add(new FreezeWindowGate(freezeWindows));
    }
    if (!minimumSoak.isEmpty()) {
      gates.add(new SoakTimeGate(minimumSoak));
    }
    return List.copyOf(gates);
  }
}
