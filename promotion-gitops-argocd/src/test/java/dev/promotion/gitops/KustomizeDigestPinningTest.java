package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.spi.Change;
import dev.promotion.spi.Deployment;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the Kustomize images layout pins image digests")
class KustomizeDigestPinningTest {
  private static final String PATH = "overlays/stage/kustomization.yaml";
  private static final ChartVersion OLD = ChartVersion.parse("0.1.0");
  private static final ChartVersion NEW = ChartVersion.parse("0.2.0");
  private static final ImageDigest FIRST = ImageDigest.parse("sha256:" + "1".repeat(64));
  private static final ImageDigest SECOND = ImageDigest.parse("sha256:" + "2".repeat(64));
  private static final String PINNED =
      """
      # stage overlay
      images:
        - name: ghcr.io/acme/api   # the API
          newTag: "0.1.0"
          digest: sha256:1111111111111111111111111111111111111111111111111111111111111111 # pin
        - name: ghcr.io/acme/web
          newTag: 0.1.0
      """;

  private final SeededRepository repo = new SeededRepository();

  private GitOpsEnvironmentStore store(Layout layout, Pipeline pipeline) {
    return GitOpsEnvironmentStore.builder()
        .git(repo.git)
        .pipeline(pipeline)
        .layout(layout)
        .applications(
            List.of(
                new Application("api", "api", "charts/api", "ghcr.io/acme/api"),
                new Application("web", "web", "charts/web", "ghcr.io/acme/web")))
        .build();
  }

  private GitOpsEnvironmentStore store() {
    return store(KustomizeLayout.images().build(), Stores.PIPELINE);
  }

  @Test
  @DisplayName("reads the digest next to newTag")
  void reads() {
    repo.write(PATH, PINNED);

    Deployment api = store().current("api", "stage").orElseThrow();

    assertThat(api.version()).isEqualTo(OLD);
    assertThat(api.digest()).contains(FIRST);
    assertThat(store().current("web", "stage").orElseThrow().digest()).isEmpty();
  }

  @Test
  @DisplayName("moving a pinned version changes exactly the newTag and digest values")
  void movesThePin() {
    repo.write(PATH, PINNED);

    store().apply(SeededRepository.changeSet(Change.of("api", "stage", OLD, NEW).pinnedTo(SECOND)));

    assertThat(repo.read(PATH))
        .isEqualTo(
            PINNED
                .replace("newTag: \"0.1.0\"", "newTag: \"0.2.0\"")
                .replace("1".repeat(64), "2".repeat(64)));
  }

  @Test
  @DisplayName("pinning an unpinned version adds one digest line right after newTag")
  void addsThePin() {
    repo.write(PATH, PINNED);

    store().apply(SeededRepository.changeSet(Change.of("web", "stage", OLD, NEW).pinnedTo(SECOND)));

    assertThat(repo.read(PATH))
        .isEqualTo(
            PINNED.replace("newTag: 0.1.0\n", "newTag: 0.2.0\n    digest: " + SECOND + "\n"));
  }

  @Test
  @DisplayName("a change without a digest removes the pin line, so no stale digest pins the image")
  void removesThePin() {
    repo.write(PATH, PINNED);

    store().apply(SeededRepository.changeSet(Change.of("api", "stage", OLD, NEW)));

    assertThat(repo.read(PATH))
        .isEqualTo(
            PINNED
                .replace("newTag: \"0.1.0\"", "newTag: \"0.2.0\"")
                .replace("    digest: sha256:" + "1".repeat(64) + " # pin\n", ""));
    assertThat(store().current("api", "stage").orElseThrow().digest()).isEmpty();
  }

  @Test
  @DisplayName("a first declaration writes name, newTag and digest")
  void firstDeclaration() {
    repo.write(PATH, PINNED);

    store()
        .apply(SeededRepository.changeSet(Change.create("worker", "stage", NEW).pinnedTo(FIRST)));

    assertThat(repo.read(PATH))
        .isEqualTo(PINNED + "  - name: worker\n    newTag: 0.2.0\n    digest: " + FIRST + "\n");
  }

  @Test
  @DisplayName("clusters that pin different digests of one version are a typed error naming both")
  void disagreeingPins() {
    Pipeline pipeline =
        new Pipeline(
            List.of(Environment.of("stage", "east", "west"), Environment.of("prod", "prod")),
            "prod");
    repo.write("overlays/stage/east/kustomization.yaml", PINNED)
        .write(
            "overlays/stage/west/kustomization.yaml",
            PINNED.replace("1".repeat(64), "2".repeat(64)));
    GitOpsEnvironmentStore store =
        store(
            KustomizeLayout.images().pattern("overlays/{env}/{cluster}/kustomization.yaml").build(),
            pipeline);

    DisagreeingDeclarationsException e =
        catchThrowableOfType(
            DisagreeingDeclarationsException.class, () -> store.current("api", "stage"));

    assertThat(e.paths())
        .containsExactly(
            "overlays/stage/east/kustomization.yaml", "overlays/stage/west/kustomization.yaml");
    assertThat(e).hasMessageContaining("@" + SECOND);
  }

  @Test
  @DisplayName("a malformed digest in the file is a typed error naming the file")
  void malformedDigest() {
    repo.write(PATH, PINNED.replace("1".repeat(64), "XYZ"));

    InvalidManifestException e =
        catchThrowableOfType(InvalidManifestException.class, () -> store().current("api", "stage"));

    assertThat(e).hasMessageContaining(PATH).hasMessageContaining("not an image digest");
  }

  @Test
  @DisplayName("the helmCharts layout refuses a digest, naming the app, and pushes nothing")
  void helmChartsRefuse() {
    repo.write(PATH, "helmCharts:\n  - name: api\n    version: 0.1.0\n");
    String before = repo.tip().orElseThrow();
    GitOpsEnvironmentStore store = store(KustomizeLayout.helmCharts().build(), Stores.PIPELINE);

    InvalidRequestException e =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                store.apply(
                    SeededRepository.changeSet(
                        Change.of("api", "stage", OLD, NEW).pinnedTo(FIRST))));

    assertThat(store.pinsDigests()).isFalse();
    assertThat(e).hasMessageContaining("api in stage");
    assertThat(repo.tip()).contains(before);
  }
}
