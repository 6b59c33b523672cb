package dev.promotion.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.promotion.chart.ChartPackages;
import dev.promotion.helm.oci.internal.Manifest;
import dev.promotion.helm.oci.internal.OciJson;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the layout is what real OCI tools and Helm read and write: {@code skopeo} copies it to a
 * real CNCF distribution registry and back, Helm loads the chart straight from that registry, and a
 * chart pushed by Helm itself is read from a layout skopeo made of it.
 */
@DisplayName("an OCI image layout, checked with skopeo, docker-registry and Helm")
class FormatFidelityWithRealToolsTest {
  private static final ChartVersion RELEASE = ChartVersion.parse("0.2.0");
  private static final Map<String, String> ANNOTATIONS =
      Map.of(
          ChartArtifact.SOURCE_COMMIT, "abc1234def5678abc1234def5678abc1234def56",
          ChartArtifact.RELEASE_CANDIDATE, "0.2.0-rc.abc1234");

  @TempDir Path dir;
  private DockerRegistry server;

  @BeforeEach
  void startRegistry() throws Exception {
    Tools.require("skopeo", "skopeo");
    Tools.require("docker-registry", "docker-registry");
    server = DockerRegistry.start(Files.createDirectories(dir.resolve("server")));
  }

  @AfterEach
  void stopRegistry() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName(
      "a chart copied by skopeo from the layout to a registry and back keeps its manifest, bytes"
          + " and annotations, and Helm loads it from the registry")
  void roundTripThroughARealRegistry() throws Exception {
    OciLayoutChartRegistry source =
        OciLayoutChartRegistry.builder().root(dir.resolve("source")).build();
    ChartContent content = ChartFixture.chart("api", RELEASE).appVersion("1.4.2").content();
    source.push("api", RELEASE, content, ANNOTATIONS);

    skopeoCopy(
        "oci:" + source.layout("api") + ":0.2.0", "docker://" + server.host() + "/api:0.2.0");
    String chart =
        Helm.show("oci://" + server.host() + "/api")
            .chart()
            .withVersion("0.2.0")
            .plainHttp()
            .call();
    String manifests =
        Helm.template("oci://" + server.host() + "/api")
            .withVersion("0.2.0")
            .withName("demo")
            .plainHttp()
            .call();
    OciLayoutChartRegistry back =
        OciLayoutChartRegistry.builder().root(dir.resolve("back")).build();
    Files.createDirectories(back.root());
    skopeoCopy("docker://" + server.host() + "/api:0.2.0", "oci:" + back.layout("api") + ":0.2.0");

    assertThat(chart)
        .contains("name: api")
        .contains("version: 0.2.0")
        .contains("appVersion: 1.4.2");
    ChartArtifact original = source.resolve("api", RELEASE).orElseThrow();
    ChartArtifact copied = back.resolve("api", RELEASE).orElseThrow();
    assertThat(copied).isEqualTo(original);
    assertThat(copied.digest()).isEqualTo(content.digest());
    assertThat(copied.annotations()).containsAllEntriesOf(ANNOTATIONS);
    assertThat(pull(back, "api")).isEqualTo(pull(source, "api"));
    assertThat(back.versions("api")).containsExactly(RELEASE);
    assertThat(manifestDigest(back)).isEqualTo(manifestDigest(source));
  }

  @Test
  @DisplayName(
      "a chart pushed by Helm is read from the layout skopeo makes of it, with Helm's exact config")
  void readsWhatHelmPushes() throws Exception {
    Path tgz = ChartFixture.chart("web", RELEASE).appVersion("2.0.1").writePackage(dir);
    Helm.push()
        .withChart(tgz)
        .withRemote(URI.create("oci://" + server.host() + "/helm"))
        .plainHttp()
        .call();
    OciLayoutChartRegistry fromHelm =
        OciLayoutChartRegistry.builder().root(dir.resolve("from-helm")).build();
    Files.createDirectories(fromHelm.root());
    skopeoCopy(
        "docker://" + server.host() + "/helm/web:0.2.0",
        "oci:" + fromHelm.layout("web") + ":0.2.0");
    OciLayoutChartRegistry ours =
        OciLayoutChartRegistry.builder().root(dir.resolve("ours")).build();

    ChartArtifact helmArtifact = fromHelm.resolve("web", RELEASE).orElseThrow();
    ours.push("web", RELEASE, ChartContent.of(tgz), Map.of());

    assertThat(helmArtifact.digest()).isEqualTo(ChartContent.of(tgz).digest());
    assertThat(helmArtifact.annotations())
        .containsEntry("org.opencontainers.image.title", "web")
        .containsEntry("org.opencontainers.image.version", "0.2.0");
    assertThat(pull(fromHelm, "web")).isEqualTo(Files.readAllBytes(tgz));
    assertThat(configBlob(fromHelm, "web")).isEqualTo(configBlob(ours, "web"));
  }

  @Test
  @DisplayName(
      "for a Chart.yaml using every metadata field, Helm's config blob and ours are byte-identical")
  void configMatchesHelmForEveryField() throws Exception {
    Path chartDir = ChartFixture.chart("full", RELEASE).writeTo(dir.resolve("src"));
    Files.writeString(
        chartDir.resolve("Chart.yaml"),
        String.join(
            "\n",
            "apiVersion: v2",
            "name: full",
            "version: 0.2.0",
            "kubeVersion: \">=1.25.0-0\"",
            "description: A <chart> & \"everything\"",
            "type: application",
            "keywords: [api, web]",
            "home: https://example.com/full",
            "sources:",
            "  - https://github.com/example/full",
            "  - https://github.com/example/other",
            "dependencies:",
            "  - name: db",
            "    version: 1.2.3",
            "    repository: oci://registry.example.com/charts",
            "    condition: db.enabled",
            "    tags: [backend]",
            "    alias: database",
            "    import-values:",
            "      - child: exported",
            "        parent: imported",
            "      - simple",
            "maintainers:",
            "  - name: Ann",
            "    email: ann@example.com",
            "    url: https://example.com/ann",
            "  - name: Bob",
            "icon: https://example.com/icon.png",
            "appVersion: \"1.10\"",
            "deprecated: true",
            "annotations:",
            "  example.com/zeta: last",
            "  example.com/alpha: first",
            ""));
    Path tgz = dir.resolve("full-0.2.0.tgz");
    try (var out = Files.newOutputStream(tgz)) {
      ChartPackages.packageDirectory(chartDir, RELEASE, "1.10", out);
    }
    Helm.push()
        .withChart(tgz)
        .withRemote(URI.create("oci://" + server.host() + "/helm"))
        .plainHttp()
        .call();
    OciLayoutChartRegistry fromHelm =
        OciLayoutChartRegistry.builder().root(dir.resolve("from-helm")).build();
    Files.createDirectories(fromHelm.root());
    skopeoCopy(
        "docker://" + server.host() + "/helm/full:0.2.0",
        "oci:" + fromHelm.layout("full") + ":0.2.0");
    OciLayoutChartRegistry ours =
        OciLayoutChartRegistry.builder().root(dir.resolve("ours")).build();

    ours.push("full", RELEASE, ChartContent.of(tgz), Map.of());

    assertThat(configBlob(ours, "full")).isEqualTo(configBlob(fromHelm, "full"));
    Map<String, String> helmAnnotations =
        fromHelm.resolve("full", RELEASE).orElseThrow().annotations();
    Map<String, String> ourAnnotations = ours.resolve("full", RELEASE).orElseThrow().annotations();
    Map<String, String> withoutCreated = new java.util.TreeMap<>(helmAnnotations);
    withoutCreated.remove("org.opencontainers.image.created");
    assertThat(ourAnnotations).isEqualTo(withoutCreated);
  }

  private void skopeoCopy(String from, String to) throws Exception {
    Tools.run(
        dir,
        List.of(
            "skopeo",
            "--insecure-policy",
            "copy",
            "--src-tls-verify=false",
            "--dest-tls-verify=false",
            from,
            to));
  }

  private static byte[] pull(OciLayoutChartRegistry registry, String chart) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    registry.pull(chart, RELEASE, sink);
    return sink.toByteArray();
  }

  private static String manifestDigest(OciLayoutChartRegistry registry) throws Exception {
    return OciJson.readIndex(
            "index.json", Files.readAllBytes(registry.layout("api").resolve("index.json")))
        .get(0)
        .digest();
  }

  private static String configBlob(OciLayoutChartRegistry registry, String chart) throws Exception {
    Path layout = registry.layout(chart);
    String manifest =
        OciJson.readIndex("index.json", Files.readAllBytes(layout.resolve("index.json")))
            .get(0)
            .hex();
    Manifest parsed =
        OciJson.readManifest(
            "manifest", Files.readAllBytes(layout.resolve("blobs/sha256/" + manifest)));
    return Files.readString(layout.resolve("blobs/sha256/" + parsed.config().hex()));
  }
}
