package dev.promotion.testkit;

import dev.promotion.spi.SourceControl;
import dev.promotion.testkit.contract.RepositorySeed;
import dev.promotion.testkit.contract.SourceControlContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemorySourceControl passes the SourceControl contract")
class InMemorySourceControlContractTest extends SourceControlContract {
  @Override
  protected SourceControl createSourceControl(RepositorySeed seed) {
    return Seeds.materialize(seed);
  }
}
