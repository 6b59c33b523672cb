package com.example.deploy;

import dev.promotion.spi.EnvironmentStore;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.testkit.contract.EnvironmentStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("CountingEnvironmentStore passes the EnvironmentStore contract")
class CountingEnvironmentStoreContractTest extends EnvironmentStoreContract {
  @Override
  protected EnvironmentStore createStore() {
    return new CountingEnvironmentStore(new InMemoryEnvironmentStore());
  }
}
