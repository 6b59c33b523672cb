package dev.promotion.testkit;

import dev.promotion.spi.ChartRegistry;
import dev.promotion.testkit.contract.ChartRegistryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryChartRegistry with mutable tags passes the ChartRegistry contract")
class InMemoryChartRegistryContractTest extends ChartRegistryContract {
  @Override
  protected ChartRegistry createRegistry() {
    return new InMemoryChartRegistry();
  }
}
