package dev.promotion.testkit;

import dev.promotion.testkit.contract.LiveScenario;
import dev.promotion.testkit.contract.LiveStateContract;

class InMemoryLiveStateContractTest extends LiveStateContract {
  @Override
  protected LiveScenario createScenario() {
    return new InMemoryLiveScenario();
  }
}
