package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.promotion.git.RequiredTool;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.Change;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.ImageTag;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a promotion writes still renders with the tools that consume it: {@code kubectl kustomize}
 * (kustomize v5.5) for overlays, real Helm (helm-java's {@code template}) for values files, Argo CD
 * Helm parameters and umbrella charts.
 */
@DisplayName("what a promotion writes renders with the real tools that consume it")
class RenderingWithRealToolsTest {
  private static final ImageDigest DIGEST = ImageDigest.parse("sha256:" + "a".repeat(64));
  private static final Application API = Application.image("api", "ghcr.io/acme/api");
  private static final String POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: {{ .Release.Name }}-pinned
      spec:
        containers:
          - name: app
            image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}{{ with .Values.image.digest }}@{{ . }}{{ end }}"
      """;

  @TempDir Path dir;
  private final SeededRepository repo = new SeededRepository();

  private GitOpsEnvironmentStore store(Layout layout, Application app) {
    return GitOpsEnvironmentStore.builder()
        .git(repo.git)
        .pipeline(Stores.PIPELINE)
        .layout(layout)
        .applications(List.of(app))
        .build();
  }

  private void promoteImage(Layout layout, String from, String to, boolean pin) {
    Change change = Change.of("api", "stage", ImageTag.parse(from), ImageTag.parse(to));
    store(layout, API).apply(SeededRepository.changeSet(pin ? change.pinnedTo(DIGEST) : change));
  }

  private Path export(String path, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Files.writeString(target, repo.read(path), StandardCharsets.UTF_8);
    return target;
  }

  private String kustomize(Path overlay) throws IOException, InterruptedException {
    RequiredTool.require(
        "kubectl", "kubectl (.ci/run installs the official static binary)", "version", "--client");
    Process p =
        new ProcessBuilder("kubectl", "kustomize", overlay.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private void base() throws IOException {
    Files.createDirectories(dir.resolve("base"));
    Files.writeString(dir.resolve("base/kustomization.yaml"), "resources:\n  - deployment.yaml\n");
    Files.writeString(
        dir.resolve("base/deployment.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              containers:
                - name: api
                  image: ghcr.io/acme/api:latest
        """);
  }

  @Test
  @DisplayName("kustomize-images with a digest field: kubectl kustomize renders tag@digest")
  void kustomizeImages() throws Exception {
    String path = "overlays/stage/kustomization.yaml";
    repo.write(
        path,
        "resources:\n  - ../../base\nimages:\n  - name: ghcr.io/acme/api\n    newTag: v1.2.2\n");
    promoteImage(KustomizeLayout.images().build(), "v1.2.2", "v1.2.3", true);
    base();

    String rendered = kustomize(export(path, dir.resolve(path)).getParent());

    assertThat(rendered).contains("image: ghcr.io/acme/api:v1.2.3@" + DIGEST);
  }

  @Test
  @DisplayName("kustomize-images with tag@digest in newTag: kubectl kustomize renders it")
  void kustomizeInlineDigest() throws Exception {
    String path = "overlays/stage/kustomization.yaml";
    repo.write(
        path,
        "resources:\n  - ../../base\nimages:\n  - name: ghcr.io/acme/api\n    newTag: 8.8.0-alpine@"
            + ImageDigest.parse("sha256:" + "b".repeat(64))
            + "\n");
    promoteImage(KustomizeLayout.images().build(), "8.8.0-alpine", "8.8.1-alpine", true);
    base();

    String rendered = kustomize(export(path, dir.resolve(path)).getParent());

    assertThat(repo.read(path)).contains("newTag: 8.8.1-alpine@" + DIGEST + "\n");
    assertThat(rendered).contains("image: ghcr.io/acme/api:8.8.1-alpine@" + DIGEST);
  }

  @Test
  @DisplayName("kustomize-images, first declaration of a new overlay: kubectl kustomize renders it")
  void kustomizeNewOverlay() throws Exception {
    store(KustomizeLayout.images().build(), API)
        .apply(
            SeededRepository.changeSet(
                Change.create("api", "dev", ImageTag.parse("v0.0.1")).pinnedTo(DIGEST)));
    base();

    String path = "overlays/dev/kustomization.yaml";
    String rendered = kustomize(export(path, dir.resolve(path)).getParent());

    assertThat(rendered).contains("image: ghcr.io/acme/api:v0.0.1@" + DIGEST);
  }

  @Test
  @DisplayName("helm-values: helm template with the promoted values file renders tag and digest")
  void helmValues() throws Exception {
    String path = "api/values-stage.yaml";
    repo.write(path, "image:\n  repository: ghcr.io/acme/api\n  tag: \"v1.2.2\"\n");
    promoteImage(PathLayout.helmValues().build(), "v1.2.2", "v1.2.3", true);
    Path chart = ChartFixture.chart("api", "0.1.0").file("templates/pod.yaml", POD).writeTo(dir);

    String rendered =
        new Helm(chart)
            .template()
            .withName("api")
            .withValuesFile(export(path, dir.resolve(path)))
            .call();

    assertThat(rendered).contains("image: \"ghcr.io/acme/api:v1.2.3@" + DIGEST + "\"");
  }

  @Test
  @DisplayName(
      "argocd-helm-parameters: the chart rendered with the parameter as Argo CD passes it (--set)"
          + " shows the promoted tag@digest")
  void helmParameters() throws Exception {
    String path = "registry/environments/stage/pre/api.yaml";
    repo.write(
        path,
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: api-stage
        spec:
          source:
            chart: api
            targetRevision: 0.1.0
            helm:
              parameters:
                - name: image.tag
                  value: v1
        """);
    promoteImage(PathLayout.argoCdHelmParameters().build(), "v1", "v2", true);
    YamlText manifest = YamlText.parse(path, repo.read(path));
    String value =
        manifest
            .value(YamlPath.parse("spec.source.helm.parameters[name=image.tag].value"))
            .orElseThrow();
    Path chart = ChartFixture.chart("api", "0.1.0").file("templates/pod.yaml", POD).writeTo(dir);

    String rendered = new Helm(chart).template().withName("api").set("image.tag", value).call();

    assertThat(rendered).contains("image: \"registry.example.com/api:v2@" + DIGEST + "\"");
  }

  @Test
  @DisplayName(
      "umbrella-chart: helm resolves the promoted dependency version and renders the subchart; the"
          + " old version no longer resolves")
  void umbrella() throws Exception {
    String path = "registry/environments/stage/api/Chart.yaml";
    repo.write(
        path,
        """
        apiVersion: v2
        name: api-stage
        version: 0.1.0
        dependencies:
          - name: api
            # version: 0.2.0
            version: 0.2.0
            repository: file://../api
        """);
    store(PathLayout.umbrellaChart().build(), Application.named("api"))
        .apply(
            SeededRepository.changeSet(
                Change.of(
                    "api", "stage", ChartVersion.parse("0.2.0"), ChartVersion.parse("0.3.0"))));
    ChartFixture.chart("api", "0.3.0").writeTo(dir);
    Path umbrella = export(path, dir.resolve("umbrella/Chart.yaml")).getParent();
    Path old = dir.resolve("old/Chart.yaml");
    Files.createDirectories(old.getParent());
    Files.writeString(old, repo.read(path).replace("version: 0.3.0", "version: 0.2.0"));

    String rendered = new Helm(umbrella).template().dependencyUpdate().withName("api").call();

    assertThat(rendered).contains("value: \"0.3.0\"");
    assertThatThrownBy(
            () -> new Helm(old.getParent()).template().dependencyUpdate().withName("api").call())
        .hasMessageContaining("can't get a valid version")
        .hasMessageContaining("version \"0.2.0\"");
  }
}
