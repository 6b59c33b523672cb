package dev.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.BackendException;
import dev.promotion.error.ImmutableArtifactException;
import dev.promotion.spi.ChartContent;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("InMemoryChartRegistry beyond the contract")
class InMemoryChartRegistryTest {
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");

  @Test
  @DisplayName("counts the pushes that wrote, not the idempotent ones")
  void writes() {
    InMemoryChartRegistry registry = new InMemoryChartRegistry();
    ChartContent content = ChartFixture.chart("api", RC).content();

    registry.push("api", RC, content, Map.of());
    registry.push("api", RC, content, Map.of());

    assertThat(registry.writes()).isEqualTo(1);
    assertThat(registry).hasToString("InMemoryChartRegistry{api=[0.2.0-rc.abc1234]}");
  }

  @Test
  @DisplayName("tags are mutable by default and immutable when built so")
  void settings() {
    InMemoryChartRegistry immutable = InMemoryChartRegistry.builder().immutableTags(true).build();
    immutable.push("api", RC, ChartFixture.chart("api", RC).content(), Map.of());

    assertThat(new InMemoryChartRegistry().immutableTags()).isFalse();
    assertThat(immutable.immutableTags()).isTrue();
    assertThatThrownBy(
            () ->
                immutable.push(
                    "api", RC, ChartFixture.chart("api", RC).description("x").content(), Map.of()))
        .isInstanceOf(ImmutableArtifactException.class);
  }

  @Test
  @DisplayName("a package file that changes while it is pushed is refused")
  void changedWhilePushed(@TempDir Path dir) throws IOException {
    Path file = ChartFixture.chart("api", RC).writePackage(dir);
    ChartContent content = ChartContent.of(file);
    Files.write(file, ChartFixture.chart("api", RC).description("changed").packageBytes());
    InMemoryChartRegistry registry = new InMemoryChartRegistry();

    assertThatThrownBy(() -> registry.push("api", RC, content, Map.of()))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("changed while it was pushed");
    assertThat(registry.versions("api")).isEmpty();
  }
}
