package dev.promotion.gitops;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Argo CD layout against a real git daemon")
class ArgoCdOverGitDaemonContractTest extends OverGitDaemonContract {
  @Override
  Layout layout() {
    return ArgoCdLayout.of(Stores.CHARTS);
  }
}
