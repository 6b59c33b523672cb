package com.example.deploy;

import dev.promotion.Promotions;
import dev.promotion.gate.GateViolation;
import dev.promotion.gate.Gates;
import dev.promotion.gate.Operation;
import dev.promotion.gate.PromotionGate;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.result.Promotion;
import dev.promotion.result.ReleaseOutcome;
import dev.promotion.result.Result;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.SourceControl;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * This team's pipeline: {@code dev -> staging -> prod} for the {@code shop} service, the standard
 * gates plus one of its own (no release to prod on a Friday, UTC), over whatever backends it is
 * given: the GitOps repository and registries in production, the testkit's in-memory fakes in tests.
 */
public final class DeployPipeline {
  public static final Pipeline PIPELINE =
      new Pipeline(
          List.of(
              Environment.of("dev", "preprod"),
              Environment.of("staging", "preprod"),
              Environment.of("prod", "eu-1", "us-1")),
          "prod");
  public static final Application SHOP = Application.named("shop");

  /** The team's own gate: releases wait for Monday. */
  public static final PromotionGate NO_FRIDAY_RELEASES =
      context ->
          context.operation() == Operation.RELEASE
                  && context.now().atZone(ZoneOffset.UTC).getDayOfWeek() == DayOfWeek.FRIDAY
              ? List.of(new GateViolation("no-friday-releases", "prod is not released on Fridays"))
              : List.of();

  private final Promotions promotions;

  public DeployPipeline(
      EnvironmentStore environments, ChartRegistry charts, SourceControl scm, Clock clock) {
    List<PromotionGate> gates = new ArrayList<>(Gates.defaults());
    gates.add(NO_FRIDAY_RELEASES);
    this.promotions =
        Promotions.builder()
            .pipeline(PIPELINE)
            .application(SHOP)
            .environments(environments)
            .registry(charts)
            .sourceControl(scm)
            .clock(clock)
            .gates(gates)
            .build();
  }

  public Promotions promotions() {
    return promotions;
  }

  /** What the team's "ship it" button does: staging gets dev's build, then prod gets its release. */
  public Result<ReleaseOutcome> ship() {
    Result<Promotion> staged = promotions.promote(SHOP.name(), "staging");
    if (staged instanceof Result.Blocked<Promotion> blocked) {
      throw new IllegalStateException("staging is blocked: " + blocked.violations());
    }
    return promotions.release(SHOP.name());
  }
}
