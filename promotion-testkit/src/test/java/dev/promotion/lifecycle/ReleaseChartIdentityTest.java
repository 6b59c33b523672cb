package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.chart.ChartPackages;
import dev.promotion.error.ImmutableArtifactException;
import dev.promotion.result.ReleaseOutcome;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.spi.ChartContent;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An existing release chart is accepted only if it holds exactly what the release would push. */
@DisplayName("An existing release chart")
class ReleaseChartIdentityTest {
  @TempDir Path tmp;
  World world;
  ChartVersion candidate;

  @BeforeEach
  void candidateInStage() {
    world = new World(tmp);
    candidate = world.publish("main").orThrow().version();
    world.promotions().promote("api", "test");
    world.promotions().promote("api", "stage");
  }

  private byte[] releaseChart() throws IOException {
    ByteArrayOutputStream rc = new ByteArrayOutputStream();
    world.registry.pull("api", candidate, rc);
    ByteArrayOutputStream release = new ByteArrayOutputStream();
    ChartPackages.reversion(
        new ByteArrayInputStream(rc.toByteArray()), release, candidate.release());
    return release.toByteArray();
  }

  @Test
  @DisplayName(
      "compressed differently by another runtime, with the same files, is the release chart")
  void sameFilesOtherCompression() throws IOException {
    byte[] recompressed = recompress(releaseChart());
    world.registry.push("api", candidate.release(), ChartContent.of(recompressed), Map.of());
    String existing = ChartContent.of(recompressed).digest();
    assertThat(existing).isNotEqualTo(ChartContent.of(releaseChart()).digest());

    Result<ReleaseOutcome> result = world.promotions().release("api");

    assertThat(result.orThrow().digest()).isEqualTo(existing);
    assertThat(result.steps())
        .filteredOn(s -> s.name().equals("publish release chart"))
        .singleElement()
        .extracting(Step::status)
        .isEqualTo(Step.Status.ALREADY_DONE);
  }

  @Test
  @DisplayName("with other files is refused before anything else is written")
  void otherFiles() throws IOException {
    byte[] other =
        dev.promotion.testkit.fixture.ChartFixture.chart("api", candidate.release())
            .description("something else")
            .packageBytes();
    world.registry.push("api", candidate.release(), ChartContent.of(other), Map.of());
    World.Snapshot before = world.snapshot();

    assertThatThrownBy(() -> world.promotions().release("api"))
        .isInstanceOf(ImmutableArtifactException.class);
    assertThat(world.snapshot()).isEqualTo(before);
  }

  private static byte[] recompress(byte[] gzip) throws IOException {
    byte[] tar;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      tar = in.readAllBytes();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz =
        new GZIPOutputStream(out) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      gz.write(tar);
    }
    return out.toByteArray();
  }
}
