package dev.promotion.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidNameException;
import dev.promotion.error.InvalidPipelineException;
import dev.promotion.error.UnknownEnvironmentException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineTest {
  static final Pipeline SEED =
      new Pipeline(
          List.of(
              Environment.of("dev", "preprod"),
              Environment.of("test", "preprod"),
              Environment.of("stage", "preprod"),
              Environment.of("prod", "production")),
          "prod");

  @Test
  @DisplayName("orders environments and knows each one's predecessor")
  void predecessors() {
    assertThat(SEED.first().name()).isEqualTo("dev");
    assertThat(SEED.predecessorOf("dev")).isEmpty();
    assertThat(SEED.predecessorOf("stage").orElseThrow().name()).isEqualTo("test");
    assertThat(SEED.releaseSource().name()).isEqualTo("stage");
    assertThat(SEED.release().clusters()).containsExactly("production");
    assertThat(SEED.successorOf("prod")).isEmpty();
  }

  @Test
  @DisplayName("names are data: dev/stg/prd and dev/staging/prod are pipelines too")
  void namesAreData() {
    assertThat(Pipeline.of("prd", "dev", "stg", "prd").releaseSource().name()).isEqualTo("stg");
    assertThat(Pipeline.of("prod", "dev", "staging", "prod").isRelease("prod")).isTrue();
  }

  @Test
  @DisplayName("an unknown environment is a typed error naming the known ones")
  void unknownEnvironment() {
    assertThatThrownBy(() -> SEED.environment("qa"))
        .isInstanceOf(UnknownEnvironmentException.class)
        .hasMessageContaining("dev, test, stage, prod");
  }

  @Test
  @DisplayName("environment names are unique")
  void uniqueNames() {
    assertThatThrownBy(() -> Pipeline.of("prod", "dev", "dev", "prod"))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("twice");
  }

  @Test
  @DisplayName("exactly one release environment, which exists and is not the first")
  void releaseEnvironment() {
    assertThatThrownBy(() -> Pipeline.of("live", "dev", "prod"))
        .isInstanceOf(InvalidPipelineException.class);
    assertThatThrownBy(() -> Pipeline.of("dev", "dev", "prod"))
        .isInstanceOf(InvalidPipelineException.class);
    assertThatThrownBy(() -> Pipeline.of("prod", "prod"))
        .isInstanceOf(InvalidPipelineException.class);
  }

  @Test
  @DisplayName("an environment spans at least one cluster, each named once")
  void clusters() {
    assertThatThrownBy(() -> new Environment("dev", List.of()))
        .isInstanceOf(InvalidPipelineException.class);
    assertThatThrownBy(() -> Environment.of("dev", "a", "a"))
        .isInstanceOf(InvalidPipelineException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        "../prod",
        "a/b",
        "a\\b",
        ".hidden",
        "-dash",
        "",
        "a\u0000b",
        "pro d",
        "a..b"
      })
  @DisplayName("names unsafe in paths are rejected with a typed error")
  void unsafeNames(String name) {
    assertThatThrownBy(() -> Environment.of(name)).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> Application.named(name)).isInstanceOf(InvalidNameException.class);
  }

  @Test
  @DisplayName("an app's chart path is relative and safe")
  void chartPath() {
    assertThat(new Application("api", "api", "charts/api/", "ecr/api").chartYamlPath())
        .isEqualTo("charts/api/Chart.yaml");
    assertThat(new Application("api", "api", ".", "ecr/api").chartYamlPath())
        .isEqualTo("Chart.yaml");
    assertThat(new Application("api", "api", ".platform/charts/api", "x").chartYamlPath())
        .isEqualTo(".platform/charts/api/Chart.yaml");
    assertThatThrownBy(() -> new Application("api", "api", "/etc", "x"))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> new Application("api", "api", "charts/../../etc", "x"))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> new Application("api", "api", "charts/.../x", "x"))
        .isInstanceOf(InvalidNameException.class);
  }
}
