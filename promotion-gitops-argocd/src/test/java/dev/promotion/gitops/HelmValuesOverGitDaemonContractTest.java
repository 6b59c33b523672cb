package dev.promotion.gitops;

import org.junit.jupiter.api.DisplayName;

@DisplayName("helm-values ({app}/values-{env}.yaml, image.tag) against a real git daemon")
class HelmValuesOverGitDaemonContractTest extends OverGitDaemonContract {
  @Override
  Layout layout() {
    return PathLayout.helmValues().build();
  }
}
