package dev.promotion.testkit.fault;

import dev.promotion.spi.SourceControl;
import dev.promotion.testkit.Seeds;
import dev.promotion.testkit.contract.RepositorySeed;
import dev.promotion.testkit.contract.SourceControlContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName(
    "A source control wrapped with a plan that fails nothing passes the SourceControl contract")
class FaultySourceControlContractTest extends SourceControlContract {
  @Override
  protected SourceControl createSourceControl(RepositorySeed seed) {
    return Faults.wrap(Seeds.materialize(seed), FaultPlan.none());
  }
}
