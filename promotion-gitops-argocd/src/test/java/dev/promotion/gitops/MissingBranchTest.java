package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.git.GitDaemon;
import dev.promotion.git.GitRepository;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.version.ChartVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configured branch the repository does not have is an error, not an empty branch to create: a
 * branch Argo CD does not watch would receive every promotion. Only an empty repository gets its
 * first branch.
 */
@DisplayName("a branch the repository does not have")
class MissingBranchTest {
  private static final ChartVersion VERSION = ChartVersion.parse("0.1.0");

  @Test
  @DisplayName("in memory: reads and writes of main fail naming master; nothing is written")
  void inMemory() throws Exception {
    InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("gitops"));
    GitRepository master = GitRepository.builder().repository(repository).branch("master").build();
    Stores.argoCd(master).apply(SeededRepository.changeSet(Change.create("api", "dev", VERSION)));
    GitOpsEnvironmentStore store =
        Stores.argoCd(GitRepository.builder().repository(repository).build());

    assertRefusedWithoutWriting(store);
    assertThat(repository.getRefDatabase().exactRef(Constants.R_HEADS + "main")).isNull();
  }

  @Test
  @DisplayName("over git daemon: reads and writes of main fail naming master; nothing is pushed")
  void overGitDaemon(@TempDir Path temp) throws Exception {
    try (GitDaemon daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")))) {
      String url = daemon.createRepository("gitops");
      try (GitRepository master =
              GitRepository.builder()
                  .remote(url)
                  .cacheDirectory(temp.resolve("master"))
                  .branch("master")
                  .build();
          GitRepository main =
              GitRepository.builder().remote(url).cacheDirectory(temp.resolve("main")).build()) {
        Stores.argoCd(master)
            .apply(SeededRepository.changeSet(Change.create("api", "dev", VERSION)));

        assertRefusedWithoutWriting(Stores.argoCd(main));
        assertThat(
                GitDaemon.git(
                    daemon.directory("gitops"), "for-each-ref", "--format=%(refname)", "refs/"))
            .isEqualTo("refs/heads/master\n");
      }
    }
  }

  @Test
  @DisplayName("an empty repository gets main with the first write")
  void emptyRepositoryGetsItsFirstBranch(@TempDir Path temp) throws Exception {
    try (GitDaemon daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")))) {
      String url = daemon.createRepository("gitops");
      try (GitRepository main =
          GitRepository.builder().remote(url).cacheDirectory(temp.resolve("main")).build()) {
        GitOpsEnvironmentStore store = Stores.argoCd(main);

        assertThat(store.current("api", "dev")).isEmpty();
        assertThat(store.apply(SeededRepository.changeSet(Change.create("api", "dev", VERSION))))
            .isInstanceOf(ApplyResult.Applied.class);
        assertThat(
                GitDaemon.git(
                    daemon.directory("gitops"), "for-each-ref", "--format=%(refname)", "refs/"))
            .isEqualTo("refs/heads/main\n");
      }
    }
  }

  private static void assertRefusedWithoutWriting(GitOpsEnvironmentStore store) {
    assertThatThrownBy(() -> store.current("api", "dev"))
        .isInstanceOf(ReferenceNotFoundException.class)
        .hasMessageContaining("'main'")
        .hasMessageContaining("has: master");
    assertThatThrownBy(
            () ->
                store.apply(
                    SeededRepository.changeSet(
                        Change.of("api", "dev", VERSION, ChartVersion.parse("0.2.0")))))
        .isInstanceOf(ReferenceNotFoundException.class)
        .hasMessageContaining("has: master");
    assertThatThrownBy(
            () ->
                store.apply(
                    SeededRepository.changeSet(
                        Change.create("web", "dev", ChartVersion.parse("1.0.0")))))
        .isInstanceOf(ReferenceNotFoundException.class)
        .hasMessageContaining("has: master");
  }
}
