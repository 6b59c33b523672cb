package dev.promotion.testkit.fault;

import dev.promotion.spi.EnvironmentStore;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.testkit.contract.EnvironmentStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("A store wrapped with a plan that fails nothing passes the EnvironmentStore contract")
class FaultyEnvironmentStoreContractTest extends EnvironmentStoreContract {
  @Override
  protected EnvironmentStore createStore() {
    return Faults.wrap(new InMemoryEnvironmentStore(), FaultPlan.none());
  }
}
