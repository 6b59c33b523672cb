package dev.promotion.gitops;

import dev.promotion.git.GitDaemon;
import dev.promotion.git.GitRepository;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.testkit.contract.EnvironmentStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract against a real {@code git daemon}: each test gets a fresh repository served on
 * 127.0.0.1 and its own on-disk clone; a subclass names the layout.
 */
abstract class OverGitDaemonContract extends EnvironmentStoreContract {
  @TempDir static Path temp;
  private static GitDaemon daemon;
  private static int repositories;
  private final List<GitRepository> opened = new ArrayList<>();

  /** The layout the store under test uses. */
  abstract Layout layout();

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")));
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    daemon.close();
  }

  @AfterEach
  void closeClones() {
    opened.forEach(GitRepository::close);
  }

  @Override
  protected EnvironmentStore createStore() {
    try {
      String name = "gitops-" + ++repositories;
      String url = daemon.createRepository(name);
      GitRepository git =
          GitRepository.builder().remote(url).cacheDirectory(temp.resolve("cache-" + name)).build();
      opened.add(git);
      return GitOpsEnvironmentStore.builder()
          .git(git)
          .pipeline(Stores.PIPELINE)
          .layout(layout())
          .build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
