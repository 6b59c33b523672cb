package dev.promotion.gate;

import dev.promotion.pipeline.Environment;
import dev.promotion.spi.Deployment;
import java.util.List;
import java.util.Optional;

/**
 * A promoted version must be the one deployed in the target's predecessor: a version reaches an
 * environment only through the one before it.
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
    if (deployed.isEmpty() || !deployed.get().version().equals(context.version())) {
      return List.of(
          new GateViolation(
              NAME,
              context.version()
                  + " is not deployed in "
                  + from
                  + " (it runs "
                  + deployed.map(d -> d.version().toString()).orElse("nothing")
                  + "); promote it through "
                  + from
                  + " first"));
    }
    return List.of();
  }
}
