package dev.promotion.testkit;

import dev.promotion.spi.SourceControl;
import dev.promotion.testkit.contract.RepositorySeed;
import dev.promotion.testkit.contract.SourceControlContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName(
    "InMemorySourceControl without pull requests and workflows passes the SourceControl contract")
class InMemorySourceControlWithoutCapabilitiesContractTest extends SourceControlContract {
  @Override
  protected SourceControl createSourceControl(RepositorySeed seed) {
    return Seeds.materialize(
        seed,
        InMemorySourceControl.builder()
            .clock(Seeds.clock())
            .withoutPullRequests()
            .withoutWorkflowDispatch()
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
}
