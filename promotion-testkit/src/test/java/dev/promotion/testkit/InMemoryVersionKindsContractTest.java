package dev.promotion.testkit;

import dev.promotion.pipeline.Application;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.testkit.contract.VersionKindsContract;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("InMemoryEnvironmentStore passes the VersionKinds contract")
class InMemoryVersionKindsContractTest extends VersionKindsContract {
  @Override
  protected EnvironmentStore createStore(List<Application> applications) {
    return new InMemoryEnvironmentStore();
  }

  @Nested
  @DisplayName("and so does one that declares versions only")
  class VersionsOnly extends VersionKindsContract {
    @Override
    protected EnvironmentStore createStore(List<Application> applications) {
      return InMemoryEnvironmentStore.versionsOnly();
    }
  }
}
