package dev.promotion.testkit;

import dev.promotion.spi.ChartRegistry;
import dev.promotion.testkit.contract.ChartRegistryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryChartRegistry with immutable tags passes the ChartRegistry contract")
class InMemoryChartRegistryWithImmutableTagsContractTest extends ChartRegistryContract {
  @Override
  protected ChartRegistry createRegistry() {
    return InMemoryChartRegistry.builder().immutableTags(true).build();
  }

  @Override
  protected boolean hasImmutableTags() {
    return true;
  }
}
