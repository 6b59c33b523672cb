package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.git.GitRepository;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.LiveApplication;
import dev.promotion.version.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the controller applications a declaration names (EnvironmentStore.liveApplications)")
class LiveApplicationsTest {
  private static final String TEMPLATE =
      ArgoCdLayout.DEFAULT_TEMPLATE
          .replace("name: {app}-{env}", "name: {app}-{env}-{cluster}")
          .replace("namespace: argocd", "namespace: team-a");

  private static GitOpsEnvironmentStore store(Layout layout) {
    InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("gitops"));
    return GitOpsEnvironmentStore.builder()
        .git(GitRepository.builder().repository(repository).build())
        .pipeline(Stores.PIPELINE)
        .layout(layout)
        .applications(List.of(Application.named("api")))
        .build();
  }

  private static void declare(GitOpsEnvironmentStore store, String env) {
    store.apply(
        new ChangeSet(
            List.of(
                Change.create(
                    "api", env, Version.parse(Application.named("api").versionKind(), "0.1.0"))),
            "deploy api to " + env,
            List.of(),
            "ci-bot",
            Instant.parse("2026-03-02T09:00:00Z")));
  }

  @Test
  @DisplayName(
      "in the Argo CD layout, each cluster's manifest names its Application: metadata.name and"
          + " metadata.namespace, in the pipeline's order of clusters")
  void argoCdLayout() {
    GitOpsEnvironmentStore store =
        store(ArgoCdLayout.builder().chartRepository(Stores.CHARTS).template(TEMPLATE).build());
    declare(store, "prod");

    assertThat(store.liveApplications("api", "prod"))
        .containsExactly(
            new LiveApplication("prod-eu", "api-prod-prod-eu", Optional.of("team-a")),
            new LiveApplication("prod-us", "api-prod-prod-us", Optional.of("team-a")));
    assertThat(store.liveApplications("api", "dev")).isEmpty();
  }

  @Test
  @DisplayName("Kustomize overlays name no Application: the live state's naming rule applies")
  void kustomize() {
    GitOpsEnvironmentStore store =
        store(KustomizeLayout.helmCharts().chartRepository(Stores.CHARTS).build());
    declare(store, "dev");

    assertThat(store.liveApplications("api", "dev")).isEmpty();
  }
}
