package dev.promotion.testkit;

import dev.promotion.spi.SourceControl;
import dev.promotion.testkit.contract.RepositorySeed;
import dev.promotion.testkit.contract.SourceControlContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemorySourceControl passes the SourceControl contract")
class InMemorySourceControlContractTest extends SourceControlContract {
  private InMemorySourceControl scm;

  @Override
  protected SourceControl createSourceControl(RepositorySeed seed) {
    scm = Seeds.materialize(seed);
    return scm;
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
