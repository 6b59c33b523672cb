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
   * environment rolled back from is held until it is deployed there again with an override), prod
   * receives a mutable image tag ({@code latest}, {@code main}, ...) only pinned by digest ({@link
   * MutableTagGate}), and, when a live state is configured, a version leaves an environment only
   * when it runs there ({@link SourceRunningGate}). Replace a gate by building the list yourself,
   * for example with {@link #replacing}.
   */
  public static List<PromotionGate> defaults() {
    return List.of(
        new NoSkippingGate(),
        new ReleaseFromSourceGate(),
        new RollbackHoldGate(),
        new MutableTagGate(),
        new SourceRunningGate());
  }

  /**
   * {@code gates} with every gate of {@code replacement}'s class replaced by it (added when there
   * is none): {@code Gates.replacing(Gates.defaults(), MutableTagGate.ofTags(Set.of("latest")))}.
   */
  public static List<PromotionGate> replacing(
      List<PromotionGate> gates, PromotionGate replacement) {
    List<PromotionGate> result = new ArrayList<>();
    boolean replaced = false;
    for (PromotionGate gate : gates) {
      if (gate.getClass() == replacement.getClass()) {
        if (!replaced) {
          result.add(replacement);
          replaced = true;
        }
      } else {
        result.add(gate);
      }
    }
    if (!replaced) {
      result.add(replacement);
    }
    return List.copyOf(result);
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
