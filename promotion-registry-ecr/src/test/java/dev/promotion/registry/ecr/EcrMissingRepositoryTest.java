package dev.promotion.registry.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.promotion.error.BackendException;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a chart whose ECR repository does not exist is a typed error naming what to create")
class EcrMissingRepositoryTest {
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");

  private FakeEcr fake;
  private EcrChartRegistry registry;

  @BeforeEach
  void startFake() {
    fake = FakeEcr.launch();
    fake.createRepository("charts/api", false);
    registry = EcrChartRegistryContractTest.ecrRegistry(fake);
  }

  @AfterEach
  void stopFake() {
    registry.close();
    fake.close();
  }

  @Test
  @DisplayName("push")
  void push() {
    assertMissingRepository(
        () -> registry.push("web", RC, ChartFixture.chart("web", RC).content(), Map.of()));
    assertThat(fake.calls("InitiateLayerUpload")).isZero();
  }

  @Test
  @DisplayName("resolve")
  void resolve() {
    assertMissingRepository(() -> registry.resolve("web", RC));
  }

  @Test
  @DisplayName("pull")
  void pull() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    assertMissingRepository(() -> registry.pull("web", RC, sink));
    assertThat(sink.size()).isZero();
  }

  @Test
  @DisplayName("versions")
  void versions() {
    assertMissingRepository(() -> registry.versions("web"));
  }

  private static void assertMissingRepository(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown)
        .isInstanceOf(BackendException.class)
        .isInstanceOf(EcrRepositoryNotFoundException.class);
    EcrRepositoryNotFoundException e = (EcrRepositoryNotFoundException) thrown;
    assertThat(e.retryable()).isFalse();
    assertThat(e.backend()).isEqualTo("ecr");
    assertThat(e.repository()).isEqualTo("charts/web");
    assertThat(e.registryId()).contains("123456789012");
    assertThat(e.region()).contains("eu-west-1");
    assertThat(e.getMessage())
        .contains("charts/web")
        .contains("does not exist")
        .contains("123456789012")
        .contains("eu-west-1")
        .contains("create-repository");
  }
}
