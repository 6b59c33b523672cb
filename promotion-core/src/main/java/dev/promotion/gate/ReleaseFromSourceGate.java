package dev.promotion.gate;

import dev.promotion.spi.Deployment;
import dev.promotion.version.ChartVersion;
import java.util.List;
import java.util.Optional;

/**
 * The release environment only receives the release of a release candidate that is deployed in the
 * release source: prod gets {@code 0.2.0} only while stage runs {@code 0.2.0-rc.*}.
 *
 * <p>It governs release candidates only. A version that is no candidate (an image tag, a chart
 * version such as {@code v1.11.0} or {@code 1.0.0-beta.1}) has no release to derive and reaches
 * prod by promotion, under the other gates; a candidate itself is never promoted into prod, only
 * released.
 */
public final class ReleaseFromSourceGate implements PromotionGate {
  /** This gate's name in violations. */
  public static final String NAME = "release-from-source";

  @Override
  public List<GateViolation> evaluate(GateContext context) {
    if (!context.pipeline().isRelease(context.target())
        || context.operation() == Operation.ROLLBACK) {
      return List.of();
    }
    String source = context.pipeline().releaseSource().name();
    Optional<ChartVersion> chart = context.version().chart();
    if (context.operation() == Operation.PROMOTE) {
      return chart.filter(ChartVersion::isReleaseCandidate).isPresent()
          ? List.of(
              new GateViolation(
                  NAME,
                  context.target()
                      + " receives the release of "
                      + context.version()
                      + ", not the candidate itself; release it from "
                      + source))
          : List.of();
    }
    if (chart.isEmpty()) {
      return List.of();
    }
    if (!chart.get().isRelease()) {
      return List.of(
          new GateViolation(
              NAME,
              context.target()
                  + " only receives releases, and "
                  + context.version()
                  + " is a pre-release; release it from "
                  + source));
    }
    Optional<Deployment> deployed = context.store().current(context.app(), source);
    boolean fromSource =
        deployed.isPresent()
            && deployed.get().version().chart().filter(ChartVersion::isReleaseCandidate).isPresent()
            && deployed.get().version().chart().get().release().equals(chart.get());
    if (!fromSource) {
      return List.of(
          new GateViolation(
              NAME,
              context.version()
                  + " is not the release of the candidate deployed in "
                  + source
                  + " (it runs "
                  + deployed.map(d -> d.version().toString()).orElse("nothing")
                  + ")"));
    }
    return List.of();
  }
}
