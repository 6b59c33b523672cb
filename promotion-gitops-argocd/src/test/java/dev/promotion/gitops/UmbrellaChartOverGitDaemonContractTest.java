package dev.promotion.gitops;

import org.junit.jupiter.api.DisplayName;

@DisplayName("umbrella-chart (dependencies[name={chart}].version) against a real git daemon")
class UmbrellaChartOverGitDaemonContractTest extends OverGitDaemonContract {
  @Override
  Layout layout() {
    return PathLayout.umbrellaChart().chartRepository(Stores.CHARTS).build();
  }
}
