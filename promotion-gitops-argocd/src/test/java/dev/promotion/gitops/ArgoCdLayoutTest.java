package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.error.SelectorMatchException;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.Deployment;
import dev.promotion.version.ChartVersion;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the Argo CD layout")
class ArgoCdLayoutTest {
  private static final String EU = "registry/environments/prod/prod-eu/api.yaml";
  private static final String US = "registry/environments/prod/prod-us/api.yaml";
  private static final ChartVersion OLD = ChartVersion.parse("0.1.0");
  private static final ChartVersion NEW = ChartVersion.parse("0.2.0");

  private final SeededRepository repo = new SeededRepository();

  private static String manifest(String version) {
    return "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source:\n"
        + "    chart: api\n    targetRevision: "
        + version
        + "\n";
  }

  @Test
  @DisplayName("an environment on two clusters is read from both manifests and written to both")
  void multiClusterReadAndWrite() {
    repo.write(EU, manifest("0.1.0")).write(US, manifest("0.1.0"));
    GitOpsEnvironmentStore store = repo.store();

    Deployment deployment = store.current("api", "prod").orElseThrow();
    ApplyResult result =
        store.apply(SeededRepository.changeSet(Change.of("api", "prod", OLD, NEW)));

    assertThat(deployment.version()).isEqualTo(OLD);
    assertThat(deployment.locations()).containsExactly(EU, US);
    assertThat(result).isInstanceOf(ApplyResult.Applied.class);
    assertThat(repo.read(EU)).isEqualTo(manifest("0.2.0"));
    assertThat(repo.read(US)).isEqualTo(manifest("0.2.0"));
    assertThat(store.history("api", "prod", 5))
        .extracting(
            h -> h.version() + " after " + h.previous().map(Object::toString).orElse("nothing"))
        .containsExactly("0.2.0 after 0.1.0", "0.1.0 after nothing");
  }

  @Test
  @DisplayName("clusters that disagree are a typed error naming the files; nothing is written")
  void disagreeingClusters() {
    repo.write(EU, manifest("0.1.0")).write(US, manifest("0.2.0"));
    GitOpsEnvironmentStore store = repo.store();
    Optional<String> tip = repo.tip();

    DisagreeingDeclarationsException read =
        catchThrowableOfType(
            DisagreeingDeclarationsException.class, () -> store.current("api", "prod"));
    DisagreeingDeclarationsException write =
        catchThrowableOfType(
            DisagreeingDeclarationsException.class,
            () ->
                store.apply(
                    SeededRepository.changeSet(
                        Change.of("api", "prod", OLD, ChartVersion.parse("0.3.0")))));

    assertThat(read.paths()).containsExactly(EU, US);
    assertThat(read)
        .hasMessageContaining(EU)
        .hasMessageContaining(US)
        .hasMessageContaining("0.1.0");
    assertThat(write.paths()).containsExactly(EU, US);
    assertThat(repo.tip()).isEqualTo(tip);
  }

  @Test
  @DisplayName("a first declaration on a two-cluster environment writes a manifest per cluster")
  void firstDeclarationOnEveryCluster() {
    GitOpsEnvironmentStore store = repo.store();

    store.apply(SeededRepository.changeSet(Change.create("api", "prod", NEW)));

    assertThat(repo.read(EU))
        .contains("targetRevision: 0.2.0")
        .contains("name: prod-eu")
        .contains("repoURL: " + Stores.CHARTS);
    assertThat(repo.read(US)).contains("name: prod-us");
  }

  @Test
  @DisplayName("an app found in no cluster declares nothing, and a change expecting it is refused")
  void appInNoCluster() {
    repo.write("registry/environments/prod/elsewhere/api.yaml", manifest("0.1.0"));
    GitOpsEnvironmentStore store = repo.store();

    ConcurrentModificationException e =
        catchThrowableOfType(
            ConcurrentModificationException.class,
            () -> store.apply(SeededRepository.changeSet(Change.of("api", "prod", OLD, NEW))));

    assertThat(store.current("api", "prod")).isEmpty();
    assertThat(e.actual()).isEqualTo("nothing declared");
  }

  @Test
  @DisplayName("a multi-source Application is read at the entry whose chart is the app's chart")
  void multiSourceByChart() {
    String path = "registry/environments/dev/pre/worker.yaml";
    repo.write(
        path,
        "kind: Application\nspec:\n  sources:\n"
            + "    - chart: api\n      targetRevision: 9.9.9\n"
            + "    - chart: api-worker\n      targetRevision: 0.1.0\n");
    GitOpsEnvironmentStore store = repo.store();

    assertThat(store.current("worker", "dev").orElseThrow().version()).isEqualTo(OLD);
    store.apply(SeededRepository.changeSet(Change.of("worker", "dev", OLD, NEW)));
    assertThat(repo.read(path)).contains("targetRevision: 9.9.9").contains("targetRevision: 0.2.0");
  }

  @Test
  @DisplayName(
      "a multi-source Application without the app's chart is a typed error naming the line and"
          + " the sources there are")
  void multiSourceWithoutChart() {
    repo.write(
        "registry/environments/dev/pre/api.yaml",
        "kind: Application\nspec:\n  sources:\n    - chart: other\n      targetRevision: 1.0.0\n");

    SelectorMatchException e =
        catchThrowableOfType(
            SelectorMatchException.class, () -> repo.store().current("api", "dev"));

    assertThat(e.selector()).isEqualTo("spec.sources[chart=api]");
    assertThat(e.matches()).isZero();
    assertThat(e.candidates()).containsExactly("[chart=other] at line 4");
    assertThat(e.line()).contains(4);
    assertThat(e).hasMessageContaining("registry/environments/dev/pre/api.yaml");
  }

  @Test
  @DisplayName("list reads only files matching the pattern with safe app names")
  void listIgnoresOtherFiles() {
    repo.write("registry/environments/dev/pre/api.yaml", manifest("0.1.0"))
        .write("registry/environments/dev/pre/README.md", "docs")
        .write("registry/environments/dev/pre/.hidden.yaml", manifest("0.1.0"));

    assertThat(repo.store().list("dev")).extracting(Deployment::app).containsExactly("api");
  }

  /** A store over {@code apps/{env}/{app}.yaml} (no cluster directory) for dev and prod. */
  private GitOpsEnvironmentStore flatStore(PathLayout.Builder layout) {
    return GitOpsEnvironmentStore.builder()
        .git(repo.git)
        .pipeline(Pipeline.of("prod", "dev", "prod"))
        .layout(layout.pattern("apps/{env}/{app}.yaml").chartRepository(Stores.CHARTS).build())
        .build();
  }

  @Test
  @DisplayName("a custom pattern without a cluster directory")
  void customPattern() {
    GitOpsEnvironmentStore store = flatStore(ArgoCdLayout.builder());

    store.apply(SeededRepository.changeSet(Change.create("api", "prod", NEW)));

    assertThat(repo.read("apps/prod/api.yaml")).contains("targetRevision: 0.2.0");
    assertThat(store.current("api", "prod")).map(Deployment::version).contains(NEW);
  }

  @Test
  @DisplayName("a new manifest takes the app's own chart repository over the default")
  void perAppChartRepository() {
    GitOpsEnvironmentStore store =
        flatStore(
            ArgoCdLayout.builder().chartRepository("web", "oci://registry.example.com/web-team"));

    store.apply(
        SeededRepository.changeSet(
            Change.create("api", "prod", NEW), Change.create("web", "prod", NEW)));

    assertThat(repo.read("apps/prod/api.yaml")).contains("repoURL: " + Stores.CHARTS);
    assertThat(repo.read("apps/prod/web.yaml"))
        .contains("repoURL: oci://registry.example.com/web-team");
  }

  @Test
  @DisplayName("a per-app chart repository for an unsafe app name is refused when configured")
  void perAppChartRepositoryName() {
    assertThat(
            catchThrowableOfType(
                InvalidNameException.class,
                () -> ArgoCdLayout.builder().chartRepository("../web", Stores.CHARTS)))
        .hasMessageContaining("..");
  }
}
