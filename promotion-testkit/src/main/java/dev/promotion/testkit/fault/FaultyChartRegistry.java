package dev.promotion.testkit.fault;

import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.PushResult;
import dev.promotion.version.ChartVersion;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A {@link ChartRegistry} whose calls go through a {@link FaultPlan}. */
final class FaultyChartRegistry implements ChartRegistry {
  private final ChartRegistry delegate;
  private final FaultPlan plan;

  FaultyChartRegistry(ChartRegistry delegate, FaultPlan plan) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  @Override
  public Optional<ChartArtifact> resolve(String chart, ChartVersion version) {
    return plan.call("registry.resolve", () -> delegate.resolve(chart, version));
  }

  @Override
  public ChartArtifact pull(String chart, ChartVersion version, OutputStream sink) {
    return plan.call("registry.pull", () -> delegate.pull(chart, version, sink));
  }

  @Override
  public PushResult push(
      String chart, ChartVersion version, ChartContent content, Map<String, String> annotations) {
    return plan.call("registry.push", () -> delegate.push(chart, version, content, annotations));
  }

  @Override
  public List<ChartVersion> versions(String chart) {
    return plan.call("registry.versions", () -> delegate.versions(chart));
  }

  @Override
  public String toString() {
    return "Faulty[" + delegate + "]";
  }
}
