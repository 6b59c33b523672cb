package dev.promotion.gitops;

import dev.promotion.git.GitRepository;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.testkit.contract.VersionKindsContract;
import java.util.List;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.junit.jupiter.api.DisplayName;

@DisplayName(
    "Kustomize images layout passes the VersionKinds contract (image tags, v-prefixed charts)")
class KustomizeImagesVersionKindsContractTest extends VersionKindsContract {
  @Override
  protected EnvironmentStore createStore(List<Application> applications) {
    InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("gitops"));
    return GitOpsEnvironmentStore.builder()
        .git(GitRepository.builder().repository(repository).build())
        .pipeline(Stores.PIPELINE)
        .layout(KustomizeLayout.images().build())
        .applications(applications)
        .build();
  }
}
