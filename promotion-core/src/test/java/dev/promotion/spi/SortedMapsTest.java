package dev.promotion.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.version.ChartVersion;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Maps the SPI documents as sorted")
class SortedMapsTest {
  private static final Map<String, String> UNSORTED =
      Map.of(
          "org.opencontainers.image.revision",
          "abc",
          "a",
          "1",
          "z",
          "2",
          "dev.promotion.x",
          "3",
          "m",
          "4");

  @Test
  @DisplayName("chart annotations iterate in key order and cannot be changed")
  void annotations() {
    ChartArtifact artifact =
        new ChartArtifact(
            "api", ChartVersion.parse("0.2.0"), "sha256:" + "0".repeat(64), 1, UNSORTED);

    assertThat(artifact.annotations().keySet())
        .containsExactly("a", "dev.promotion.x", "m", "org.opencontainers.image.revision", "z");
    assertThatThrownBy(() -> artifact.annotations().put("b", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @DisplayName("workflow inputs iterate in name order and cannot be changed")
  void inputs() {
    WorkflowDispatch dispatch = new WorkflowDispatch("publish-dev.yaml", "main", UNSORTED, "k");

    assertThat(dispatch.inputs().keySet())
        .containsExactly("a", "dev.promotion.x", "m", "org.opencontainers.image.revision", "z");
    assertThatThrownBy(() -> dispatch.inputs().put("b", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @DisplayName("null keys and values are still rejected")
  void nulls() {
    Map<String, String> withNull = new HashMap<>();
    withNull.put("a", null);

    assertThatThrownBy(() -> new WorkflowDispatch("w.yaml", "main", withNull, "k"))
        .isInstanceOf(NullPointerException.class);
  }
}
