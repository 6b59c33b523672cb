package dev.promotion.testkit.fault;

import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.SourceControl;

/**
 * Wraps ports so that their calls go through a {@link FaultPlan}. Wrap every port an operation uses
 * with the same plan to count calls across them. The wrappers are plain delegating classes: every
 * method of the port is counted, named {@code store.*}, {@code registry.*} or {@code scm.*}.
 */
public final class Faults {
  private Faults() {}

  /** A store whose calls are counted as {@code store.current}, {@code store.apply}, ... */
  public static EnvironmentStore wrap(EnvironmentStore store, FaultPlan plan) {
    return new FaultyEnvironmentStore(store, plan);
  }

  /** A registry whose calls are counted as {@code registry.resolve}, {@code registry.push}, ... */
  public static ChartRegistry wrap(ChartRegistry registry, FaultPlan plan) {
    return new FaultyChartRegistry(registry, plan);
  }

  /** A source control whose calls are counted as {@code scm.resolveCommit}, ... */
  public static SourceControl wrap(SourceControl scm, FaultPlan plan) {
    return new FaultySourceControl(scm, plan);
  }
}
