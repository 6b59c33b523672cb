package dev.promotion.gitops;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Kustomize layout (helmCharts[].version) against a real git daemon")
class KustomizeHelmChartsOverGitDaemonContractTest extends OverGitDaemonContract {
  @Override
  Layout layout() {
    return KustomizeLayout.helmCharts().chartRepository("https://charts.example.com").build();
  }
}
