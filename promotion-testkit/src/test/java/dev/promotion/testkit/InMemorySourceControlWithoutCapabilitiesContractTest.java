package dev.promotion.testkit;

import dev.promotion.spi.SourceControl;
import dev.promotion.testkit.contract.RepositorySeed;
import dev.promotion.testkit.contract.SourceControlContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName(
    "InMemorySourceControl without pull requests, workflows, deployments and release assets"
        + " passes the"
        + " SourceControl contract")
class InMemorySourceControlWithoutCapabilitiesContractTest extends SourceControlContract {
  @Override
  protected SourceControl createSourceControl(RepositorySeed seed) {
    return Seeds.materialize(
        seed,
        InMemorySourceControl.builder()
            .clock(Seeds.clock())
            .withoutPullRequests()
            .withoutWorkflowDispatch()
            .withoutDeployments()
            .withoutReleaseAssets()
            .build());
  }

  @Override
  protected boolean supportsPullRequests() {
    return false;
  }

  @Override
  protected boolean supportsWorkflowDispatch() {
    return false;
  }

  @Override
  protected boolean supportsDeployments() {
    return false;
  }
}
