package dev.promotion.registry.ecr;

import dev.promotion.spi.ChartRegistry;
import dev.promotion.testkit.contract.ChartRegistryContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

@DisplayName("Amazon ECR (a stateful fake on WireMock)")
class EcrChartRegistryContractTest extends ChartRegistryContract {
  private FakeEcr fake;
  private EcrChartRegistry registry;

  @Override
  protected ChartRegistry createRegistry() {
    fake = FakeEcr.launch();
    fake.createRepository("charts/" + API, false);
    fake.createRepository("charts/" + WEB, false);
    registry = ecrRegistry(fake);
    return registry;
  }

  static EcrChartRegistry.Builder builder(FakeEcr fake) {
    return EcrChartRegistry.builder()
        .region("eu-west-1")
        .endpointOverride(fake.endpoint())
        .credentials(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .registryId("123456789012")
        .repositoryPrefix("charts/")
        .partSize(5 * 1024 * 1024)
        .retryBaseDelay(Duration.ofMillis(5));
  }

  static EcrChartRegistry ecrRegistry(FakeEcr fake) {
    return builder(fake).build();
  }

  @AfterEach
  void stopFake() {
    registry.close();
    fake.close();
  }

  @Nested
  @DisplayName("with immutable tags")
  class WithImmutableTags extends ChartRegistryContract {
    private FakeEcr immutableFake;
    private EcrChartRegistry immutableRegistry;

    @Override
    protected ChartRegistry createRegistry() {
      immutableFake = FakeEcr.launch();
      immutableFake.createRepository("charts/" + API, true);
      immutableFake.createRepository("charts/" + WEB, true);
      immutableRegistry = ecrRegistry(immutableFake);
      return immutableRegistry;
    }

    @Override
    protected boolean hasImmutableTags() {
      return true;
    }

    @AfterEach
    void stopImmutableFake() {
      immutableRegistry.close();
      immutableFake.close();
    }
  }
}
