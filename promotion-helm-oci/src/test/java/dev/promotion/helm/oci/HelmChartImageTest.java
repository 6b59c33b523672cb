package dev.promotion.helm.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.helm.oci.internal.MediaTypes;
import dev.promotion.helm.oci.internal.OciJson;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The Helm OCI image of a chart")
class HelmChartImageTest {
  private static final ChartVersion RELEASE = ChartVersion.parse("0.2.0");

  @TempDir Path dir;

  @Test
  @DisplayName(
      "the config is Chart.yaml as Go marshals Helm's chart.Metadata, field order included")
  void configAsHelmWritesIt() {
    String chartYaml =
        String.join(
            "\n",
            "# comment",
            "apiVersion: v2",
            "type: application",
            "name: api",
            "version: 0.2.0",
            "appVersion: 1.10",
            "description: A <b>bold</b> & \"quoted\" API",
            "home: https://example.com",
            "sources: [https://github.com/example/api]",
            "keywords: [a, b]",
            "maintainers:",
            "  - name: Ann",
            "    email: ann@example.com",
            "  - name: Bob",
            "annotations:",
            "  z: last",
            "  a: first",
            "dependencies:",
            "  - name: db",
            "    version: 1.x",
            "    repository: oci://registry/charts",
            "    enabled: true",
            "deprecated: false",
            "kubeVersion: '>=1.25'",
            "");

    HelmConfig config = HelmConfig.of(chartYaml);

    assertThat(new String(config.json(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"name\":\"api\",\"home\":\"https://example.com\","
                + "\"sources\":[\"https://github.com/example/api\"],\"version\":\"0.2.0\","
                + "\"description\":\"A \\u003cb\\u003ebold\\u003c/b\\u003e \\u0026 \\\"quoted\\\" API\","
                + "\"keywords\":[\"a\",\"b\"],"
                + "\"maintainers\":[{\"name\":\"Ann\",\"email\":\"ann@example.com\"},{\"name\":\"Bob\"}],"
                + "\"apiVersion\":\"v2\",\"appVersion\":\"1.10\","
                + "\"annotations\":{\"a\":\"first\",\"z\":\"last\"},"
                + "\"kubeVersion\":\"\\u003e=1.25\","
                + "\"dependencies\":[{\"name\":\"db\",\"version\":\"1.x\","
                + "\"repository\":\"oci://registry/charts\",\"enabled\":true}],"
                + "\"type\":\"application\"}");
    assertThat(config.annotations())
        .containsEntry(HelmConfig.AUTHORS, "Ann (ann@example.com), Bob")
        .containsEntry(HelmConfig.SOURCE, "https://github.com/example/api")
        .containsEntry(HelmConfig.URL, "https://example.com")
        .containsEntry("a", "first");
  }

  @Test
  @DisplayName(
      "a package becomes a manifest with Helm's config and one chart layer, read back alike")
  void manifestRoundTrip() throws IOException {
    // given
    Path tgz = ChartFixture.chart("api", RELEASE).writePackage(dir);
    ChartContent content = ChartContent.of(Files.readAllBytes(tgz));
    Map<String, String> annotations = Map.of(ChartArtifact.SOURCE_COMMIT, "abc1234");

    // when
    HelmChartImage image =
        HelmChartImage.of(
            tgz,
            "api",
            RELEASE,
            content.digest(),
            content.size(),
            annotations,
            HelmChartImage.defaultLimits());

    // then
    var manifest = OciJson.readManifest("manifest", image.manifest());
    assertThat(manifest.config().mediaType()).isEqualTo(MediaTypes.HELM_CONFIG);
    assertThat(manifest.config().digest()).isEqualTo(image.configDigest());
    assertThat(manifest.layers())
        .singleElement()
        .satisfies(
            layer -> {
              assertThat(layer.mediaType()).isEqualTo(MediaTypes.HELM_CHART);
              assertThat(layer.digest()).isEqualTo(content.digest());
            });
    assertThat(manifest.annotations())
        .containsEntry(HelmConfig.TITLE, "api")
        .containsEntry(HelmConfig.VERSION, "0.2.0")
        .containsEntry(ChartArtifact.SOURCE_COMMIT, "abc1234");
    assertThat(HelmChartImage.artifactOf("manifest", image.manifest(), "api", RELEASE))
        .isEqualTo(image.artifact());
    assertThat(new String(image.config(), StandardCharsets.UTF_8)).contains("\"name\":\"api\"");
  }

  @Test
  @DisplayName("a package of another chart or version is refused before anything is built")
  void wrongVersion() {
    Path tgz = ChartFixture.chart("api", "0.1.0").writePackage(dir);
    assertThatThrownBy(
            () ->
                HelmChartImage.of(
                    tgz,
                    "api",
                    RELEASE,
                    ChartContent.of(Files.readAllBytes(tgz)).digest(),
                    Files.size(tgz),
                    Map.of(),
                    HelmChartImage.defaultLimits()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("api 0.1.0");
  }

  @Test
  @DisplayName("a manifest without exactly one chart layer is an invalid manifest")
  void noChartLayer() {
    byte[] manifest =
        ("{\"schemaVersion\":2,\"config\":{\"mediaType\":\""
                + MediaTypes.HELM_CONFIG
                + "\",\"digest\":\"sha256:"
                + "0".repeat(64)
                + "\",\"size\":2},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> HelmChartImage.artifactOf("m", manifest, "api", RELEASE))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("holds 0 Helm chart layers");
  }
}
