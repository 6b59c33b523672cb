package dev.promotion.cli;

import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.PushResult;
import dev.promotion.version.ChartVersion;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A registry opened on first use: commands that never touch charts (promote, status, history,
 * rollback) do not pay for creating a registry client in a fresh process.
 */
final class LazyChartRegistry implements ChartRegistry {
  private final Supplier<ChartRegistry> open;
  private ChartRegistry registry;

  LazyChartRegistry(Supplier<ChartRegistry> open) {
    this.open = open;
  }

  private synchronized ChartRegistry registry() {
    if (registry == null) {
      registry = open.get();
    }
    return registry;
  }

  @Override
  public Optional<ChartArtifact> resolve(String chart, ChartVersion version) {
    return registry().resolve(chart, version);
  }

  @Override
  public ChartArtifact pull(String chart, ChartVersion version, OutputStream sink) {
    return registry().pull(chart, version, sink);
  }

  @Override
  public PushResult push(
      String chart, ChartVersion version, ChartContent content, Map<String, String> annotations) {
    return registry().push(chart, version, content, annotations);
  }

  @Override
  public List<ChartVersion> versions(String chart) {
    return registry().versions(chart);
  }
}
