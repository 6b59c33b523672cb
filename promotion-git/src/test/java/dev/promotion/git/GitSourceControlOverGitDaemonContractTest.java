package dev.promotion.git;

import dev.promotion.spi.SourceControl;
import dev.promotion.testkit.contract.RepositorySeed;
import dev.promotion.testkit.contract.SourceControlContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GitSourceControl over git daemon passes the SourceControl contract")
class GitSourceControlOverGitDaemonContractTest extends SourceControlContract {
  @TempDir static Path served;
  private static GitDaemon daemon;
  private static int repositories;
  @TempDir Path cache;
  private GitSourceControl scm;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = GitDaemon.start(served);
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Override
  protected SourceControl createSourceControl(RepositorySeed seed) {
    try {
      String name = "app" + (++repositories);
      String url = daemon.createRepository(name);
      try (Repository repository =
          new FileRepositoryBuilder().setGitDir(daemon.directory(name).toFile()).build()) {
        SeededRepository.write(repository, seed);
      }
      scm = GitSourceControl.builder().remote(url).cacheDirectory(cache.resolve("clone")).build();
      return scm;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected boolean supportsPullRequests() {
    return false;
  }

  @Override
  protected boolean supportsWorkflowDispatch() {
    return false;
  }

  @Override
  protected boolean supportsDeployments() {
    return false; // git keeps no deployments: the kit expects UnsupportedCapabilityException
  }

  @AfterEach
  void close() {
    scm.close();
  }
}
