package dev.promotion.git;

import static dev.promotion.git.GitRepositoryTest.files;
import static dev.promotion.git.GitRepositoryTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.BackendException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a real git daemon's answers to a push: a race is retried, a refusal is not")
class PushRejectionOverGitDaemonTest {
  @TempDir Path temp;
  private GitDaemon daemon;
  private Path bare;
  private GitRepository git;

  @BeforeEach
  void start() throws Exception {
    daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")));
    String url = daemon.createRepository("gitops");
    bare = daemon.directory("gitops");
    git = GitRepository.builder().remote(url).cacheDirectory(temp.resolve("clone")).build();
    git.update(s -> Plan.write(files("seed.yaml", "seed"), message("seed"), 0));
  }

  @AfterEach
  void stop() throws Exception {
    git.close();
    daemon.close();
  }

  private void hook(String name, String script) throws Exception {
    Path hook = bare.resolve("hooks").resolve(name);
    Files.writeString(hook, "#!/bin/sh\n" + script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  @DisplayName(
      "a branch moved on the server after it advertised the tip (receive-pack's ref transaction"
          + " fails) is a race: planned again on the new tip, the other commit kept")
  void serverSideRaceIsRetried() throws Exception {
    // The first push is overtaken inside the server: the hook moves main before receive-pack
    // updates it, so the advertised old id no longer holds when the ref transaction runs.
    hook(
        "pre-receive",
        """
        cat > /dev/null
        if [ ! -f raced ]; then
          touch raced
          unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
          export GIT_AUTHOR_NAME=racer GIT_AUTHOR_EMAIL=racer@example.com
          export GIT_COMMITTER_NAME=racer GIT_COMMITTER_EMAIL=racer@example.com
          commit=$(git commit-tree "main^{tree}" -p main -m racer)
          git update-ref refs/heads/main "$commit"
        fi
        exit 0
        """);
    AtomicInteger planned = new AtomicInteger();

    Updated<Integer> updated =
        git.update(
            s -> Plan.write(files("api.yaml", "v: 2"), message("mine"), planned.incrementAndGet()));

    assertThat(updated.attempts()).isEqualTo(2);
    assertThat(GitDaemon.git(bare, "log", "--format=%s", "main")).isEqualTo("mine\nracer\nseed\n");
    assertThat(GitDaemon.git(bare, "fsck", "--strict", "--no-dangling")).isEmpty();
  }

  @Test
  @DisplayName(
      "a push the pre-receive hook declines (as branch protection does) fails at once with a"
          + " non-retryable BackendException naming the reason, planned once, nothing written")
  void refusalIsNotRetried() throws Exception {
    hook(
        "pre-receive",
        "cat > /dev/null\necho 'GH006: Protected branch update failed' >&2\nexit 1\n");
    String before = GitDaemon.git(bare, "rev-parse", "main");
    AtomicInteger planned = new AtomicInteger();

    assertThatThrownBy(
            () ->
                git.update(
                    s -> {
                      planned.incrementAndGet();
                      return Plan.write(files("api.yaml", "v: 2"), message("mine"), 0);
                    }))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("refused the push")
        .hasMessageContaining("pre-receive hook declined")
        .hasMessageContaining("not retried");

    assertThat(planned.get()).isEqualTo(1);
    assertThat(GitDaemon.git(bare, "rev-parse", "main")).isEqualTo(before);
  }
}
