package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.Change;
import dev.promotion.spi.Deployment;
import dev.promotion.version.ChartVersion;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the Kustomize layout")
class KustomizeLayoutTest {
  private static final String PATH = "overlays/stage/kustomization.yaml";
  private static final ChartVersion OLD = ChartVersion.parse("0.1.0");
  private static final ChartVersion NEW = ChartVersion.parse("0.2.0");
  private static final String OVERLAY =
      """
      # stage overlay
      apiVersion: kustomize.config.k8s.io/v1beta1
      kind: Kustomization
      resources:
        - ../../base
      images:
        - name: ghcr.io/acme/api   # the API
          newTag: "0.1.0"
        - name: ghcr.io/acme/web
          digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
      helmCharts:
        - name: api-chart
          repo: https://charts.example.com
          version: 0.1.0 # pinned
          releaseName: api
      """;

  private final SeededRepository repo = new SeededRepository();

  private GitOpsEnvironmentStore store(Layout layout) {
    return GitOpsEnvironmentStore.builder()
        .git(repo.git)
        .pipeline(Stores.PIPELINE)
        .layout(layout)
        .applications(
            List.of(
                new Application("api", "api-chart", "charts/api", "ghcr.io/acme/api"),
                new Application("web", "web", "charts/web", "ghcr.io/acme/web")))
        .build();
  }

  @Test
  @DisplayName("images[].newTag by the app's image is changed on exactly one line")
  void imageTag() {
    repo.write(PATH, OVERLAY);
    GitOpsEnvironmentStore store = store(KustomizeLayout.images().build());

    store.apply(SeededRepository.changeSet(Change.of("api", "stage", OLD, NEW)));

    assertThat(repo.read(PATH))
        .isEqualTo(OVERLAY.replace("newTag: \"0.1.0\"", "newTag: \"0.2.0\""));
    assertThat(store.current("api", "stage")).map(Deployment::version).contains(NEW);
  }

  @Test
  @DisplayName("helmCharts[].version by the app's chart is changed on exactly one line")
  void helmChartVersion() {
    repo.write(PATH, OVERLAY);
    GitOpsEnvironmentStore store = store(KustomizeLayout.helmCharts().build());

    store.apply(SeededRepository.changeSet(Change.of("api", "stage", OLD, NEW)));

    assertThat(repo.read(PATH))
        .isEqualTo(OVERLAY.replace("version: 0.1.0 # pinned", "version: 0.2.0 # pinned"));
    assertThat(store.list("stage")).extracting(Deployment::app).containsExactly("api");
  }

  @Test
  @DisplayName("an image pinned by digest is a typed error, not a version")
  void digestPinned() {
    repo.write(PATH, OVERLAY);
    GitOpsEnvironmentStore store = store(KustomizeLayout.images().build());

    InvalidManifestException e =
        catchThrowableOfType(InvalidManifestException.class, () -> store.current("web", "stage"));

    assertThat(e).hasMessageContaining("digest").hasMessageContaining(PATH);
  }

  @Test
  @DisplayName("a first declaration appends an entry at the list's indentation")
  void firstDeclarationAppends() {
    repo.write(PATH, OVERLAY);
    GitOpsEnvironmentStore store = store(KustomizeLayout.images().build());

    store.apply(SeededRepository.changeSet(Change.create("worker", "stage", NEW)));

    String digest = "sha256:" + "0".repeat(64) + "\n";
    assertThat(repo.read(PATH))
        .isEqualTo(OVERLAY.replace(digest, digest + "  - name: worker\n    newTag: 0.2.0\n"));
    assertThat(store.current("worker", "stage")).map(Deployment::version).contains(NEW);
  }

  @Test
  @DisplayName("a new helmCharts[] entry takes the app's own chart repository over the default")
  void perAppChartRepository() {
    repo.write(PATH, OVERLAY);
    GitOpsEnvironmentStore store =
        store(
            KustomizeLayout.helmCharts()
                .chartRepository("https://charts.example.com")
                .chartRepository("web", "oci://registry.example.com/web-team")
                .build());

    store.apply(SeededRepository.changeSet(Change.create("web", "stage", NEW)));

    assertThat(repo.read(PATH))
        .endsWith(
            "  - name: web\n"
                + "    repo: oci://registry.example.com/web-team\n"
                + "    version: 0.2.0\n"
                + "    releaseName: web\n");
  }
}
