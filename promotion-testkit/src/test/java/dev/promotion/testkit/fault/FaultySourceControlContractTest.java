package dev.promotion.testkit.fault;

import dev.promotion.spi.SourceControl;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.testkit.Seeds;
import dev.promotion.testkit.contract.RepositorySeed;
import dev.promotion.testkit.contract.SourceControlContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName(
    "A source control wrapped with a plan that fails nothing passes the SourceControl contract")
class FaultySourceControlContractTest extends SourceControlContract {
  private InMemorySourceControl scm;

  @Override
  protected SourceControl createSourceControl(RepositorySeed seed) {
    scm = Seeds.materialize(seed);
    return Faults.wrap(scm, FaultPlan.none());
  }

  @Override
  protected boolean supportsReleaseAssets() {
    return true;
  }

  @Override
  protected void attachReleaseAsset(String tag, String name, byte[] content) {
    scm.uploadReleaseAsset(tag, name, content);
  }
}
