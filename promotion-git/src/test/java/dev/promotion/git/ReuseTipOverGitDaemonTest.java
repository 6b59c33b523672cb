package dev.promotion.git;

import static dev.promotion.git.GitRepositoryTest.files;
import static dev.promotion.git.GitRepositoryTest.message;
import static dev.promotion.git.GitRepositoryTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitRepository.Builder#reuseTip}: reads within the window ask the server for the branch
 * once; a write on a tip that moved meanwhile is refused by compare-and-swap and planned again on a
 * fresh fetch. Requests are counted in {@code git daemon}'s log.
 */
@DisplayName("reusing the tip read in this process")
class ReuseTipOverGitDaemonTest {
  @TempDir Path temp;
  private GitDaemon daemon;
  private String url;

  @BeforeEach
  void seed() throws Exception {
    daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")));
    url = daemon.createRepository("gitops");
    try (GitRepository seed = clone("seed", Duration.ZERO)) {
      seed.update(s -> Plan.write(files("a.yaml", "a0", "b.yaml", "b0"), message("seed"), 0));
    }
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private GitRepository clone(String name, Duration reuseTip) {
    return GitRepository.builder()
        .remote(url)
        .cacheDirectory(temp.resolve("cache-" + name))
        .retry(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(20)))
        .reuseTip(reuseTip)
        .build();
  }

  @Test
  @DisplayName("three reads within the window make one request; without a window, three")
  void readsShareOneRequest() throws Exception {
    GitDaemon.Requests before = daemon.requests("gitops");
    try (GitRepository git = clone("reuse", Duration.ofMinutes(5))) {
      for (int i = 0; i < 3; i++) {
        assertThat(text(git.latest(), "a.yaml")).contains("a0");
      }
    }
    GitDaemon.Requests reused = daemon.requests("gitops");
    try (GitRepository git = clone("ask", Duration.ZERO)) {
      for (int i = 0; i < 3; i++) {
        assertThat(text(git.latest(), "a.yaml")).contains("a0");
      }
    }

    assertThat(reused.since(before)).isEqualTo(new GitDaemon.Requests(1, 0));
    assertThat(daemon.requests("gitops").since(reused)).isEqualTo(new GitDaemon.Requests(3, 0));
  }

  @Test
  @DisplayName("a write after reads makes no listing of its own: one fetch and one push in all")
  void writeReusesTheTipItRead() throws Exception {
    GitDaemon.Requests before = daemon.requests("gitops");
    try (GitRepository git = clone("reuse", Duration.ofMinutes(5))) {
      git.latest();
      git.update(s -> Plan.write(files("a.yaml", "a1"), message("mine"), 0));
      assertThat(text(git.latest(), "a.yaml")).as("its own push is the tip").contains("a1");
    }

    assertThat(daemon.requests("gitops").since(before)).isEqualTo(new GitDaemon.Requests(1, 1));
  }

  @Test
  @DisplayName(
      "a write on a reused tip that moved meanwhile is refused, planned again on a fresh fetch"
          + " and lands; the other change is kept")
  void staleTipIsNeverWrittenOver() throws Exception {
    try (GitRepository mine = clone("mine", Duration.ofMinutes(5));
        GitRepository theirs = clone("theirs", Duration.ZERO)) {
      assertThat(text(mine.latest(), "b.yaml")).contains("b0");
      theirs.update(s -> Plan.write(files("b.yaml", "b1"), message("theirs"), 0));
      assertThat(text(mine.latest(), "b.yaml")).as("still the tip it read").contains("b0");

      Updated<String> updated =
          mine.update(
              s -> Plan.write(files("a.yaml", "a1"), message("mine"), text(s, "b.yaml").get()));

      assertThat(updated.attempts()).isEqualTo(2);
      assertThat(updated.value()).as("the plan saw their change on the retry").isEqualTo("b1");
      Path bare = daemon.directory("gitops");
      assertThat(GitDaemon.git(bare, "show", "main:a.yaml")).isEqualTo("a1");
      assertThat(GitDaemon.git(bare, "show", "main:b.yaml")).isEqualTo("b1");
      assertThat(GitDaemon.git(bare, "log", "--format=%s", "main"))
          .isEqualTo("mine\ntheirs\nseed\n");
    }
  }

  @Test
  @DisplayName("a negative window is refused")
  void negativeWindow() {
    assertThatThrownBy(() -> GitRepository.builder().reuseTip(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reuseTip");
  }
}
