package dev.promotion.testkit.fault;

import dev.promotion.spi.ChartRegistry;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.contract.ChartRegistryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("A registry wrapped with a plan that fails nothing passes the ChartRegistry contract")
class FaultyChartRegistryContractTest extends ChartRegistryContract {
  @Override
  protected ChartRegistry createRegistry() {
    return Faults.wrap(new InMemoryChartRegistry(), FaultPlan.none());
  }
}
