package dev.promotion.gitops;

import dev.promotion.git.GitRepository;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.testkit.contract.EnvironmentStoreContract;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Argo CD layout on an in-memory JGit repository")
class ArgoCdInMemoryContractTest extends EnvironmentStoreContract {
  @Override
  protected EnvironmentStore createStore() {
    InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("gitops"));
    return GitOpsEnvironmentStore.builder()
        .git(GitRepository.builder().repository(repository).build())
        .pipeline(Stores.PIPELINE)
        .layout(ArgoCdLayout.of(Stores.CHARTS))
        .build();
  }
}
