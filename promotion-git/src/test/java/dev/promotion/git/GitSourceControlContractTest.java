package dev.promotion.git;

import dev.promotion.spi.SourceControl;
import dev.promotion.testkit.contract.RepositorySeed;
import dev.promotion.testkit.contract.SourceControlContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GitSourceControl on a bare repository on disk passes the SourceControl contract")
class GitSourceControlContractTest extends SourceControlContract {
  @TempDir Path dir;
  private GitSourceControl scm;

  @Override
  protected SourceControl createSourceControl(RepositorySeed seed) {
    try {
      Path bare = dir.resolve("app.git");
      try (Repository repository = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
        repository.create(true);
        SeededRepository.write(repository, seed);
      }
      scm = GitSourceControl.builder().directory(bare).build();
      return scm;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
