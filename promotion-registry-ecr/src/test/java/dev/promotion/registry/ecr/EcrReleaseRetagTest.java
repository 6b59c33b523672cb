package dev.promotion.registry.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.promotion.chart.ChartPackages;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.PushResult;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a release re-tag through ECR: pull the RC, re-version it, push the release")
class EcrReleaseRetagTest {
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");
  private static final ChartVersion RELEASE = ChartVersion.parse("0.2.0");

  @TempDir Path dir;
  private FakeEcr fake;
  private EcrChartRegistry registry;

  @BeforeEach
  void startFake() {
    fake = FakeEcr.launch();
    fake.createRepository("charts/api", true);
    registry = EcrChartRegistryContractTest.ecrRegistry(fake);
  }

  @AfterEach
  void stopFake() {
    registry.close();
    fake.close();
  }

  @Test
  @DisplayName(
      "the release loads in Helm with the new version and the RC's appVersion, and records the RC")
  void releaseLoadsInHelm() throws Exception {
    registry.push(
        "api",
        RC,
        ChartFixture.chart("api", RC).appVersion("1.4.2").content(),
        Map.of(ChartArtifact.SOURCE_COMMIT, "abc1234def5678abc1234def5678abc1234def56"));
    Path rc = dir.resolve("rc.tgz");
    Path release = dir.resolve("api-0.2.0.tgz");
    try (OutputStream out = Files.newOutputStream(rc)) {
      registry.pull("api", RC, out);
    }
    try (InputStream in = Files.newInputStream(rc);
        OutputStream out = Files.newOutputStream(release)) {
      ChartPackages.reversion(in, out, RELEASE);
    }

    PushResult pushed =
        registry.push(
            "api",
            RELEASE,
            ChartContent.of(release),
            Map.of(ChartArtifact.RELEASE_CANDIDATE, RC.toString()));
    Path pulled = dir.resolve("pulled/api-0.2.0.tgz");
    Files.createDirectories(pulled.getParent());
    try (OutputStream out = Files.newOutputStream(pulled)) {
      registry.pull("api", RELEASE, out);
    }
    String chart = Helm.show(pulled.toString()).chart().call();

    assertThat(pushed).isInstanceOf(PushResult.Pushed.class);
    assertThat(chart).contains("version: 0.2.0").contains("appVersion: 1.4.2");
    assertThat(Files.readAllBytes(pulled)).isEqualTo(Files.readAllBytes(release));
    assertThat(registry.resolve("api", RELEASE).orElseThrow().annotations())
        .containsEntry(ChartArtifact.RELEASE_CANDIDATE, RC.toString());
    assertThat(Helm.template(pulled.toString()).withName("demo").call()).contains("1.4.2");
  }

  @Test
  @DisplayName("re-tagging the same RC again is AlreadyPresent and uploads nothing")
  void retagIsIdempotent() throws Exception {
    registry.push("api", RC, ChartFixture.chart("api", RC).content(), Map.of());
    Path release = dir.resolve("release.tgz");
    Path rc = dir.resolve("rc.tgz");
    try (OutputStream out = Files.newOutputStream(rc)) {
      registry.pull("api", RC, out);
    }
    try (InputStream in = Files.newInputStream(rc);
        OutputStream out = Files.newOutputStream(release)) {
      ChartPackages.reversion(in, out, RELEASE);
    }
    registry.push("api", RELEASE, ChartContent.of(release), Map.of());
    fake.resetCounters();

    PushResult again = registry.push("api", RELEASE, ChartContent.of(release), Map.of());

    assertThat(again).isInstanceOf(PushResult.AlreadyPresent.class);
    assertThat(fake.bytesUploaded()).isZero();
    assertThat(fake.calls("PutImage")).isZero();
  }
}
