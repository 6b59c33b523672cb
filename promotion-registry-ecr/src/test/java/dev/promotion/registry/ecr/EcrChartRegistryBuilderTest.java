package dev.promotion.registry.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidNameException;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("configuring an ECR chart registry")
class EcrChartRegistryBuilderTest {
  @Test
  @DisplayName("a chart lives in the repository named by the prefix and the chart")
  void repositoryNaming() {
    try (EcrChartRegistry registry =
        EcrChartRegistry.builder().region("eu-west-1").repositoryPrefix("team/charts/").build()) {
      assertThat(registry.repository("api")).isEqualTo("team/charts/api");
    }
  }

  @Test
  @DisplayName("names ECR would refuse are refused up front")
  void invalidNames() {
    try (EcrChartRegistry registry = EcrChartRegistry.builder().region("eu-west-1").build()) {
      assertThatThrownBy(() -> registry.repository("Api")).isInstanceOf(InvalidNameException.class);
      assertThatThrownBy(() -> registry.repository("../api"))
          .isInstanceOf(InvalidNameException.class);
    }
    assertThatThrownBy(() -> EcrChartRegistry.builder().repositoryPrefix("Charts/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EcrChartRegistry.builder().repositoryPrefix("charts"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EcrChartRegistry.builder().registryId("12345"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EcrChartRegistry.builder().partSize(1024 * 1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 MiB");
  }

  @Test
  @DisplayName("the part size is bounded as ECR bounds it: 5 MiB to 10 MiB")
  void partSizeBounds() {
    int mib = 1024 * 1024;
    assertThat(EcrChartRegistry.builder().partSize(5 * mib)).isNotNull();
    assertThat(EcrChartRegistry.builder().partSize(10 * mib)).isNotNull();
    assertThatThrownBy(() -> EcrChartRegistry.builder().partSize(10 * mib + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10 MiB");
    assertThatThrownBy(() -> EcrChartRegistry.builder().partSize(5 * mib - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 MiB");
  }

  @Test
  @DisplayName("a registry needs a region or a client")
  void regionRequired() {
    assertThatThrownBy(() -> EcrChartRegistry.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("region");
  }

  @Test
  @DisplayName("the registry id is sent with every call: another account's registry is not ours")
  void registryIdIsSent() {
    try (FakeEcr fake = FakeEcr.launch();
        EcrChartRegistry other =
            EcrChartRegistryContractTest.builder(fake).registryId("210987654321").build();
        EcrChartRegistry ours = EcrChartRegistryContractTest.ecrRegistry(fake)) {
      fake.createRepository("charts/api", false);
      ChartVersion version = ChartVersion.parse("1.0.0");
      ours.push("api", version, ChartFixture.chart("api", version).content(), Map.of());

      assertThat(ours.versions("api")).containsExactly(version);
      assertThatThrownBy(() -> other.versions("api"))
          .isInstanceOf(EcrRepositoryNotFoundException.class)
          .hasMessageContaining("charts/api does not exist in registry 210987654321");
      assertThatThrownBy(() -> other.resolve("api", version))
          .isInstanceOf(EcrRepositoryNotFoundException.class);
    }
  }
}
