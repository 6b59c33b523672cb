package dev.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.spi.CommitResult;
import dev.promotion.spi.FileCommit;
import dev.promotion.testkit.contract.RepositorySeed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GitSourceControl instances with separate clones racing on one branch over git daemon")
class GitSourceControlConcurrencyOverGitDaemonTest {
  private static final int WRITERS = 6;

  @TempDir Path dir;
  private GitDaemon daemon;
  private String url;
  private final List<GitSourceControl> instances = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    daemon = GitDaemon.start(dir);
    url = daemon.createRepository("app");
    try (Repository repository =
        new FileRepositoryBuilder().setGitDir(daemon.directory("app").toFile()).build()) {
      SeededRepository.write(
          repository,
          RepositorySeed.onBranch("main")
              .commit("Add chart", Map.of("charts/api/Chart.yaml", "version: 0.1.0\n"))
              .build());
    }
    for (int i = 0; i < WRITERS; i++) {
      instances.add(
          GitSourceControl.builder().remote(url).cacheDirectory(dir.resolve("clone-" + i)).build());
    }
  }

  @AfterEach
  void stop() throws Exception {
    instances.forEach(GitSourceControl::close);
    daemon.close();
  }

  @Test
  @DisplayName("writers of different files all land: a lost push is retried on the new tip")
  void differentFilesAllLand() throws Exception {
    List<Object> outcomes =
        race(
            i ->
                new FileCommit(
                    "main",
                    "src/file-" + i + ".txt",
                    Optional.empty(),
                    i + "\n",
                    "Add file " + i,
                    "dev-" + i));

    assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(CommitResult.Committed.class));
    String log = GitDaemon.git(daemon.directory("app"), "log", "--format=%s", "main");
    for (int i = 0; i < WRITERS; i++) {
      assertThat(log).contains("Add file " + i);
      assertThat(instances.get(0).readFile("main", "src/file-" + i + ".txt")).contains(i + "\n");
    }
  }

  @Test
  @DisplayName(
      "writers of one file expecting the same content: exactly one wins, none is lost silently")
  void sameFileOneWins() throws Exception {
    List<Object> outcomes =
        race(
            i ->
                new FileCommit(
                    "main",
                    "charts/api/Chart.yaml",
                    Optional.of("version: 0.1.0\n"),
                    "version: 0.1." + (10 + i) + "\n",
                    "Bump to 0.1." + (10 + i),
                    "dev-" + i));

    assertThat(outcomes).filteredOn(CommitResult.Committed.class::isInstance).hasSize(1);
    assertThat(outcomes)
        .filteredOn(o -> !(o instanceof CommitResult.Committed))
        .hasSize(WRITERS - 1)
        .allSatisfy(o -> assertThat(o).isInstanceOf(ConcurrentModificationException.class));
    assertThat(GitDaemon.git(daemon.directory("app"), "rev-list", "--count", "main").strip())
        .isEqualTo("2");
  }

  private interface Change {
    FileCommit of(int writer);
  }

  private List<Object> race(Change change) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        GitSourceControl scm = instances.get(i);
        FileCommit commit = change.of(i);
        Callable<Object> call =
            () -> {
              try {
                return scm.commitFile(commit);
              } catch (ConcurrentModificationException e) {
                return e;
              }
            };
        futures.add(pool.submit(call));
      }
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> future : futures) {
        outcomes.add(future.get());
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }
}
