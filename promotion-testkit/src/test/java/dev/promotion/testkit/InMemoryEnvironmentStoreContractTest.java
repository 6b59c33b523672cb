package dev.promotion.testkit;

import dev.promotion.spi.EnvironmentStore;
import dev.promotion.testkit.contract.EnvironmentStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryEnvironmentStore passes the EnvironmentStore contract")
class InMemoryEnvironmentStoreContractTest extends EnvironmentStoreContract {
  @Override
  protected EnvironmentStore createStore() {
    return new InMemoryEnvironmentStore();
  }
}
