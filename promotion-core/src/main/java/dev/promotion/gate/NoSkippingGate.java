package dev.promotion.gate;

import dev.promotion.pipeline.Environment;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.HistoryEntry;
import java.util.List;
import java.util.Optional;

/**
 * A promoted version must have run in the target's predecessor: a version reaches an environment
 * only through the one before it. It runs there now (a zero-input promotion), or it ran there
 * before and was not rolled back from since (a chosen version, {@code promote --version}); the
 * history read is the predecessor's last {@value Rollbacks#HISTORY_DEPTH} changes.
 */
public final class NoSkippingGate implements PromotionGate {
  /** This gate's name in violations. */
  public static final String NAME = "no-skipping";

  @Override
  public List<GateViolation> evaluate(GateContext context) {
    if (context.operation() != Operation.PROMOTE) {
      return List.of();
    }
    Optional<Environment> predecessor = context.pipeline().predecessorOf(context.target());
    if (predecessor.isEmpty()) {
      return List.of(
          new GateViolation(
              NAME,
              context.target()
                  + " is the first environment; it receives builds by publish, not"
                  + " by promotion"));
    }
    String from = predecessor.get().name();
    if (context.source().isPresent() && !context.source().get().equals(from)) {
      return List.of(
          new GateViolation(
              NAME,
              context.target()
                  + " is promoted from "
                  + from
                  + ", not from "
                  + context.source().get()));
    }
    Optional<Deployment> deployed = context.store().current(context.app(), from);
    if (deployed.isPresent() && deployed.get().version().equals(context.version())) {
      return List.of();
    }
    List<HistoryEntry> history =
        context.store().history(context.app(), from, Rollbacks.HISTORY_DEPTH);
    boolean ranThere = history.stream().anyMatch(h -> h.version().equals(context.version()));
    String runs = deployed.map(d -> d.version().toString()).orElse("nothing");
    if (!ranThere) {
      return List.of(
          new GateViolation(
              NAME,
              context.version()
                  + " never ran in "
                  + from
                  + " (it runs "
                  + runs
                  + "); promote it through "
                  + from
                  + " first"));
    }
    Optional<HistoryEntry> rollback = Rollbacks.holdingBack(context.version(), history);
    if (rollback.isPresent()) {
      return List.of(
          new GateViolation(
              NAME,
              from
                  + " rolled back from "
                  + context.version()
                  + " (revision "
                  + rollback.get().revision()
                  + "), so it did not prove itself there; promote a version that "
                  + from
                  + " kept"));
    }
    return List.of();
  }
}
