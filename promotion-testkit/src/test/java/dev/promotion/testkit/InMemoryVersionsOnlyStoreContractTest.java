package dev.promotion.testkit;

import dev.promotion.spi.EnvironmentStore;
import dev.promotion.testkit.contract.EnvironmentStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryEnvironmentStore.versionsOnly() passes the contract, refusing digests")
class InMemoryVersionsOnlyStoreContractTest extends EnvironmentStoreContract {
  @Override
  protected EnvironmentStore createStore() {
    return InMemoryEnvironmentStore.versionsOnly();
  }
}
