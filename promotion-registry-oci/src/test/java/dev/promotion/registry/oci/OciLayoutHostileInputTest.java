package dev.promotion.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.BackendException;
import dev.promotion.error.InvalidChartException;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.helm.oci.internal.OciJson;
import dev.promotion.spi.ChartContent;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("an OCI image layout facing hostile names, files and packages")
class OciLayoutHostileInputTest {
  private static final ChartVersion RELEASE = ChartVersion.parse("0.2.0");

  @TempDir Path root;
  private OciLayoutChartRegistry registry;

  @BeforeEach
  void createRegistry() {
    registry = OciLayoutChartRegistry.builder().root(root.resolve("charts")).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../etc", "a/b", "a\\b", ".hidden", "", "a\nb", "a..b"})
  @DisplayName("a chart name that could escape the root is refused before anything is written")
  void unsafeChartNames(String chart) {
    ChartContent content = ChartFixture.chart("api", RELEASE).content();

    assertThatThrownBy(() -> registry.push(chart, RELEASE, content, Map.of()))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> registry.resolve(chart, RELEASE))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> registry.versions(chart)).isInstanceOf(InvalidNameException.class);
    assertThat(root.resolve("charts")).doesNotExist();
  }

  @Test
  @DisplayName("an index.json that is not JSON is an InvalidManifestException naming the file")
  void indexNotJson() throws Exception {
    writeIndex("{\"schemaVersion\": 2, \"manifests\": [");

    InvalidManifestException e =
        catchThrowableOfType(InvalidManifestException.class, () -> registry.versions("api"));

    assertThat(e).isNotNull();
    assertThat(e.path()).isEqualTo(Path.of("api", "index.json").toString());
    assertThat(e.line()).isPresent();
  }

  @Test
  @DisplayName("an index.json with duplicate keys, deep nesting or a wrong schema is refused")
  void indexMalformed() throws Exception {
    writeIndex("{\"schemaVersion\":2,\"schemaVersion\":2,\"manifests\":[]}");
    assertThatThrownBy(() -> registry.versions("api")).isInstanceOf(InvalidManifestException.class);

    writeIndex("{\"schemaVersion\":2,\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
    assertThatThrownBy(() -> registry.versions("api")).isInstanceOf(InvalidManifestException.class);

    writeIndex("{\"schemaVersion\":1,\"manifests\":[]}");
    assertThatThrownBy(() -> registry.versions("api")).isInstanceOf(InvalidManifestException.class);

    writeIndex(
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"sha256:../../etc\","
            + "\"size\":1}]}");
    assertThatThrownBy(() -> registry.versions("api")).isInstanceOf(InvalidManifestException.class);
  }

  @Test
  @DisplayName("an index.json larger than 16 MiB is refused without being parsed")
  void indexTooLarge() throws Exception {
    Path index = Files.createDirectories(root.resolve("charts/api")).resolve("index.json");
    Files.write(index, new byte[16 * 1024 * 1024 + 1]);

    assertThatThrownBy(() -> registry.resolve("api", RELEASE))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("larger than");
  }

  @Test
  @DisplayName("a manifest whose bytes do not match its digest is a non-retryable BackendException")
  void tamperedManifest() throws Exception {
    registry.push("api", RELEASE, ChartFixture.chart("api", RELEASE).content(), Map.of());
    Path manifest = manifestBlob();
    Files.writeString(manifest, Files.readString(manifest).replace("0.2.0", "0.2.1"));

    BackendException e =
        catchThrowableOfType(BackendException.class, () -> registry.resolve("api", RELEASE));

    assertThat(e).isNotNull();
    assertThat(e.retryable()).isFalse();
    assertThat(e.backend()).isEqualTo("oci-layout");
  }

  @Test
  @DisplayName("a chart package whose bytes do not match their digest fails the pull")
  void tamperedLayer() throws Exception {
    ChartContent content = ChartFixture.chart("api", RELEASE).content();
    registry.push("api", RELEASE, content, Map.of());
    Path layer = root.resolve("charts/api/blobs/sha256/" + content.digest().substring(7));
    byte[] bytes = Files.readAllBytes(layer);
    bytes[bytes.length / 2] ^= 1;
    Files.write(layer, bytes);

    assertThatThrownBy(() -> registry.pull("api", RELEASE, new ByteArrayOutputStream()))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("corrupt");
  }

  @Test
  @DisplayName("bytes that are not a chart package are refused and nothing is written")
  void notAChart() {
    ChartContent garbage = ChartContent.of("not a chart".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> registry.push("api", RELEASE, garbage, Map.of()))
        .isInstanceOf(InvalidChartException.class);
    assertThat(root.resolve("charts/api/index.json")).doesNotExist();
    assertThat(root.resolve("charts/.promotion/tmp")).isEmptyDirectory();
  }

  @Test
  @DisplayName("a package of another chart or version is refused and nothing is written")
  void mismatchedPackage() {
    ChartContent web = ChartFixture.chart("web", RELEASE).content();
    ChartContent other = ChartFixture.chart("api", ChartVersion.parse("0.3.0")).content();

    assertThatThrownBy(() -> registry.push("api", RELEASE, web, Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("web");
    assertThatThrownBy(() -> registry.push("api", RELEASE, other, Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("0.3.0");
    assertThat(registry.versions("api")).isEmpty();
  }

  @Test
  @DisplayName("a package file that changes after it was measured is refused")
  void contentChangedWhilePushing() throws Exception {
    Path file = ChartFixture.chart("api", RELEASE).writePackage(root);
    ChartContent content = ChartContent.of(file);
    Files.write(file, ChartFixture.chart("api", RELEASE).description("swapped").packageBytes());

    assertThatThrownBy(() -> registry.push("api", RELEASE, content, Map.of()))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("changed while it was pushed");
    assertThat(registry.versions("api")).isEmpty();
  }

  private void writeIndex(String json) throws Exception {
    Path layout = Files.createDirectories(root.resolve("charts/api"));
    Files.writeString(layout.resolve("index.json"), json);
  }

  private Path manifestBlob() throws Exception {
    Path layout = root.resolve("charts/api");
    String hex =
        OciJson.readIndex("index.json", Files.readAllBytes(layout.resolve("index.json")))
            .get(0)
            .hex();
    return layout.resolve("blobs/sha256/" + hex);
  }
}
