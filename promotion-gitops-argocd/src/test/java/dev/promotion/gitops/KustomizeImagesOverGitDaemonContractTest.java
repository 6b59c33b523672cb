package dev.promotion.gitops;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Kustomize layout (images[].newTag, digest pins) against a real git daemon")
class KustomizeImagesOverGitDaemonContractTest extends OverGitDaemonContract {
  @Override
  Layout layout() {
    return KustomizeLayout.images().build();
  }
}
