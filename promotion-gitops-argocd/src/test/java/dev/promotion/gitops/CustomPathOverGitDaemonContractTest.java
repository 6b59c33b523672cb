package dev.promotion.gitops;

import org.junit.jupiter.api.DisplayName;

@DisplayName(
    "a custom pattern and path (deploy/{env}/{cluster}/{app}.yaml, app.containers[name=main].image.tag) against a real git daemon")
class CustomPathOverGitDaemonContractTest extends OverGitDaemonContract {
  @Override
  Layout layout() {
    return PathLayout.builder()
        .pattern("deploy/{env}/{cluster}/{app}.yaml")
        .version("app.containers[name=main].image.tag")
        .build();
  }
}
