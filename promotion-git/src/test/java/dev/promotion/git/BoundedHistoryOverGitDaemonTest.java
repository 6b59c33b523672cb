package dev.promotion.git;

import static dev.promotion.git.GitRepositoryTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shallow clone reads history by deepening it step by step ({@link
 * GitRepository.Builder#historyStep}): a read of recent history fetches the commits it reads, not
 * the whole history of the branch; a read of all of it still sees every change.
 */
@DisplayName("history of a shallow clone, deepened as far as it is read")
class BoundedHistoryOverGitDaemonTest {
  private static final int COMMITS = 40;
  private static final String PATH = "envs/stage/api.yaml";

  @TempDir Path temp;
  private GitDaemon daemon;
  private String url;

  @BeforeEach
  void seed() throws Exception {
    daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")));
    url = daemon.createRepository("gitops");
    daemon.allow("gitops", true, true);
    try (FastImport fastImport = FastImport.into(daemon.directory("gitops"))) {
      for (int c = 0; c < COMMITS; c++) {
        fastImport.commit(1_700_000_000L + c, "set " + c);
        fastImport.file(PATH, "v: " + c + "\n");
        fastImport.file("envs/dev/api-" + c + ".yaml", "other: " + c + "\n");
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  @Test
  @DisplayName("reading the three newest changes deepens once, to the step, and no further")
  void recentHistory() throws Exception {
    List<String> subjects = new ArrayList<>();
    Path cache = temp.resolve("partial");

    try (GitRepository git = clone(cache, b -> b.partial(true).historyStep(8))) {
      git.log(git.latest(), List.of(PATH), r -> subjects.add(r.subject()) && subjects.size() < 3);
    }

    assertThat(subjects).containsExactly("set 39", "set 38", "set 37");
    assertThat(commits(cache)).as("the step and the tip's shallow parent").isLessThanOrEqualTo(9);
  }

  @Test
  @DisplayName(
      "reading all of it deepens step by step and sees every change, as a complete clone does:"
          + " partial and shallow clones alike")
  void wholeHistory() throws Exception {
    List<String> complete = history(temp.resolve("complete"), b -> b);
    List<String> partial = history(temp.resolve("partial"), b -> b.partial(true).historyStep(3));
    List<String> shallow = history(temp.resolve("shallow"), b -> b.shallow(true).historyStep(3));

    assertThat(complete).hasSize(COMMITS).startsWith("set 39 v: 39").endsWith("set 0 v: 0");
    assertThat(partial).isEqualTo(complete);
    assertThat(shallow).isEqualTo(complete);
    assertThat(commits(temp.resolve("partial"))).isEqualTo(COMMITS);
  }

  @Test
  @DisplayName("a step below one commit is refused")
  void stepBounds() {
    assertThatThrownBy(() -> GitRepository.builder().historyStep(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("historyStep");
  }

  private List<String> history(
      Path cache, java.util.function.UnaryOperator<GitRepository.Builder> options) {
    List<String> seen = new ArrayList<>();
    try (GitRepository git = clone(cache, options::apply)) {
      git.log(
          git.latest(),
          List.of(PATH),
          r -> seen.add(r.subject() + " " + text(r.files(), PATH).orElseThrow().strip()));
    }
    return seen;
  }

  private GitRepository clone(Path cache, Consumer<GitRepository.Builder> options) {
    GitRepository.Builder builder = GitRepository.builder().remote(url).cacheDirectory(cache);
    options.accept(builder);
    return builder.build();
  }

  private static long commits(Path cache) throws Exception {
    return GitDaemon.git(cache, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype)")
        .lines()
        .filter("commit"::equals)
        .count();
  }
}
