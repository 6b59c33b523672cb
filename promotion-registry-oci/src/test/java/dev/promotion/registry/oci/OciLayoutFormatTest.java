package dev.promotion.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promotion.helm.oci.HelmChartImage;
import dev.promotion.helm.oci.internal.Descriptor;
import dev.promotion.helm.oci.internal.Manifest;
import dev.promotion.helm.oci.internal.MediaTypes;
import dev.promotion.helm.oci.internal.OciJson;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the files of an OCI image layout")
class OciLayoutFormatTest {
  private static final ChartVersion RELEASE = ChartVersion.parse("0.2.0");
  private static final Map<String, String> ANNOTATIONS =
      Map.of(
          ChartArtifact.SOURCE_COMMIT, "abc1234def5678abc1234def5678abc1234def56",
          ChartArtifact.RELEASE_CANDIDATE, "0.2.0-rc.abc1234");

  @TempDir Path root;

  @Test
  @DisplayName(
      "a chart is a layout of its own with oci-layout, index.json tagging the version and sha256"
          + " blobs")
  void layoutPerChart() throws Exception {
    OciLayoutChartRegistry registry = OciLayoutChartRegistry.builder().root(root).build();
    ChartContent content = ChartFixture.chart("api", RELEASE).content();

    registry.push("api", RELEASE, content, ANNOTATIONS);

    Path layout = root.resolve("api");
    assertThat(layout.resolve("oci-layout")).hasContent("{\"imageLayoutVersion\":\"1.0.0\"}");
    JsonNode index = json(layout.resolve("index.json"));
    assertThat(index.get("schemaVersion").intValue()).isEqualTo(2);
    assertThat(index.get("mediaType").asText()).isEqualTo(MediaTypes.IMAGE_INDEX);
    JsonNode descriptor = index.get("manifests").get(0);
    assertThat(descriptor.get("mediaType").asText()).isEqualTo(MediaTypes.IMAGE_MANIFEST);
    assertThat(descriptor.get("annotations").get(MediaTypes.REF_NAME).asText()).isEqualTo("0.2.0");
    Path manifestFile = blob(layout, descriptor.get("digest").asText());
    assertThat(HelmChartImage.digestOf(Files.readAllBytes(manifestFile)))
        .isEqualTo(descriptor.get("digest").asText());
    assertThat(Files.readAllBytes(blob(layout, content.digest()))).isEqualTo(readAll(content));
  }

  @Test
  @DisplayName(
      "the manifest has Helm's media types, the package as its only layer and the annotations")
  void helmShape() throws Exception {
    OciLayoutChartRegistry registry = OciLayoutChartRegistry.builder().root(root).build();
    ChartContent content =
        ChartFixture.chart("api", RELEASE).appVersion("1.4.2").description("The API").content();

    registry.push("api", RELEASE, content, ANNOTATIONS);

    JsonNode manifest = json(manifestFile(root.resolve("api")));
    assertThat(manifest.get("schemaVersion").intValue()).isEqualTo(2);
    assertThat(manifest.get("mediaType").asText()).isEqualTo(MediaTypes.IMAGE_MANIFEST);
    assertThat(manifest.get("config").get("mediaType").asText())
        .isEqualTo("application/vnd.cncf.helm.config.v1+json");
    assertThat(manifest.get("layers")).hasSize(1);
    JsonNode layer = manifest.get("layers").get(0);
    assertThat(layer.get("mediaType").asText())
        .isEqualTo("application/vnd.cncf.helm.chart.content.v1.tar+gzip");
    assertThat(layer.get("digest").asText()).isEqualTo(content.digest());
    assertThat(layer.get("size").longValue()).isEqualTo(content.size());
    JsonNode annotations = manifest.get("annotations");
    assertThat(annotations.get("org.opencontainers.image.title").asText()).isEqualTo("api");
    assertThat(annotations.get("org.opencontainers.image.version").asText()).isEqualTo("0.2.0");
    assertThat(annotations.get("org.opencontainers.image.description").asText())
        .isEqualTo("The API");
    assertThat(annotations.get(ChartArtifact.SOURCE_COMMIT).asText())
        .isEqualTo(ANNOTATIONS.get(ChartArtifact.SOURCE_COMMIT));
    assertThat(annotations.get(ChartArtifact.RELEASE_CANDIDATE).asText())
        .isEqualTo("0.2.0-rc.abc1234");
    assertThat(annotations.has("org.opencontainers.image.created")).isFalse();
    JsonNode config =
        json(blob(root.resolve("api"), manifest.get("config").get("digest").asText()));
    assertThat(config.get("name").asText()).isEqualTo("api");
    assertThat(config.get("version").asText()).isEqualTo("0.2.0");
    assertThat(config.get("appVersion").asText()).isEqualTo("1.4.2");
    assertThat(config.get("apiVersion").asText()).isEqualTo("v2");
  }

  @Test
  @DisplayName("pushing the same package twice, anywhere, yields the same manifest digest")
  void deterministic() throws Exception {
    Path first = root.resolve("first");
    Path second = root.resolve("second");
    byte[] bytes = ChartFixture.packageChart("api", RELEASE.toString());

    OciLayoutChartRegistry.builder()
        .root(first)
        .build()
        .push("api", RELEASE, ChartContent.of(bytes), ANNOTATIONS);
    OciLayoutChartRegistry.builder()
        .root(second)
        .build()
        .push("api", RELEASE, ChartContent.of(bytes), ANNOTATIONS);

    assertThat(Files.readAllBytes(second.resolve("api/index.json")))
        .isEqualTo(Files.readAllBytes(first.resolve("api/index.json")));
  }

  @Test
  @DisplayName("a chart whose layer has the legacy media type application/tar+gzip is read")
  void legacyLayer() throws Exception {
    byte[] bytes = ChartFixture.packageChart("api", RELEASE.toString());
    ChartContent content = ChartContent.of(bytes);
    OciLayoutChartRegistry registry = OciLayoutChartRegistry.builder().root(root).build();
    registry.push("api", RELEASE, content, Map.of());
    Path layout = root.resolve("api");
    Manifest helm = OciJson.readManifest("m", Files.readAllBytes(manifestFile(layout)));
    byte[] legacy =
        OciJson.writeManifest(
            new Manifest(
                helm.config(),
                List.of(new Descriptor("application/tar+gzip", content.digest(), content.size())),
                Map.of()));
    String digest = HelmChartImage.digestOf(legacy);
    Files.write(blob(layout, digest), legacy);
    Files.write(
        layout.resolve("index.json"),
        OciJson.writeIndex(
            List.of(
                new Descriptor(
                    MediaTypes.IMAGE_MANIFEST,
                    digest,
                    legacy.length,
                    Map.of(MediaTypes.REF_NAME, "0.2.0")))));

    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    ChartArtifact pulled = registry.pull("api", RELEASE, sink);

    assertThat(pulled.digest()).isEqualTo(content.digest());
    assertThat(sink.toByteArray()).isEqualTo(bytes);
  }

  @Test
  @DisplayName("tags that are not chart versions (latest) are left out of the versions")
  void foreignTags() throws Exception {
    OciLayoutChartRegistry registry = OciLayoutChartRegistry.builder().root(root).build();
    registry.push("api", RELEASE, ChartFixture.chart("api", RELEASE).content(), Map.of());
    Path index = root.resolve("api/index.json");
    List<Descriptor> descriptors = OciJson.readIndex("index.json", Files.readAllBytes(index));
    Descriptor latest = descriptors.get(0).withAnnotations(Map.of(MediaTypes.REF_NAME, "latest"));
    Descriptor untagged = descriptors.get(0).withAnnotations(Map.of());
    Files.write(index, OciJson.writeIndex(List.of(descriptors.get(0), latest, untagged)));

    assertThat(registry.versions("api")).containsExactly(RELEASE);
  }

  private static JsonNode json(Path file) throws Exception {
    return OciJson.parse(file.toString(), Files.readAllBytes(file));
  }

  private static Path manifestFile(Path layout) throws Exception {
    String digest =
        json(layout.resolve("index.json")).get("manifests").get(0).get("digest").asText();
    return blob(layout, digest);
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
  }

  private static byte[] readAll(ChartContent content) throws Exception {
    try (var in = content.open()) {
      return in.readAllBytes();
    }
  }
}
