package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.git.GitDaemon;
import dev.promotion.git.GitRepository;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.Trailer;
import dev.promotion.version.ChartVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate JVMs, not threads: each promoter is its own process with its own clone, as CI jobs are,
 * and they all start their write at the same moment. Threads of one JVM share a warm JIT and never
 * showed the failures 16 to 24 processes did on 2 cores with 8 attempts.
 */
@DisplayName("16 promoter processes push to one git daemon at once")
class ConcurrentPromoterProcessesOverGitDaemonTest {
  private static final int PROMOTERS = 16;
  private static final String RC = "0.2.0-rc.abc1234";
  private static final String NEXT = "0.2.0-rc.def5678";

  @TempDir Path temp;
  private GitDaemon daemon;
  private String url;

  @BeforeEach
  void start() throws Exception {
    daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")));
    url = daemon.createRepository("gitops");
    try (GitRepository git = clone("seed")) {
      List<Change> declarations = new ArrayList<>();
      for (int i = 0; i < PROMOTERS; i++) {
        declarations.add(Change.create(app(i), "stage", ChartVersion.parse(RC)));
      }
      Stores.argoCd(git)
          .apply(
              new ChangeSet(
                  declarations,
                  "seed",
                  List.of(new Trailer("Promotion-Actor", "ci")),
                  "ci",
                  Instant.parse("2026-03-02T09:00:00Z")));
    }
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private GitRepository clone(String name) {
    return GitRepository.builder().remote(url).cacheDirectory(temp.resolve(name)).build();
  }

  private static String app(int i) {
    return "app-" + i;
  }

  @Test
  @DisplayName(
      "promotions of 16 different apps all land: 17 commits, every app at its target, fsck clean")
  void differentAppsAllLand() throws Exception {
    List<WriterProcesses.Writer> writers = new ArrayList<>();
    for (int i = 0; i < PROMOTERS; i++) {
      writers.add(new WriterProcesses.Writer(app(i), "stage", RC, NEXT));
    }

    WriterProcesses.Run run = WriterProcesses.run(url, temp.resolve("work"), writers);

    assertThat(run.outcomes())
        .allSatisfy(
            o -> {
              assertThat(o.exitCode()).as(o.output()).isZero();
              assertThat(o.result()).as(o.output()).isEqualTo("applied");
            });
    Path bare = daemon.directory("gitops");
    assertThat(GitDaemon.git(bare, "rev-list", "--count", "main").strip())
        .isEqualTo(String.valueOf(PROMOTERS + 1));
    assertThat(GitDaemon.git(bare, "fsck", "--strict", "--no-dangling")).isEmpty();
    try (GitRepository git = clone("reader")) {
      assertThat(Stores.argoCd(git).list("stage"))
          .hasSize(PROMOTERS)
          .allSatisfy(d -> assertThat(d.version()).hasToString(NEXT));
    }
  }

  @Test
  @DisplayName(
      "16 processes promoting the same app to 4 different versions: one wins; those with the"
          + " winner's version are already done (exit 0), the others exit 4; one commit")
  void sameAppHasOneWinner() throws Exception {
    List<WriterProcesses.Writer> writers = new ArrayList<>();
    for (int i = 0; i < PROMOTERS; i++) {
      writers.add(new WriterProcesses.Writer(app(0), "stage", RC, "0.2.0-rc.abc" + (1000 + i % 4)));
    }

    WriterProcesses.Run run = WriterProcesses.run(url, temp.resolve("work"), writers);

    List<WriterProcesses.Outcome> winners =
        run.outcomes().stream().filter(o -> o.result().equals("applied")).toList();
    assertThat(winners).hasSize(1);
    String won = winners.get(0).writer().target();
    assertThat(run.outcomes())
        .filteredOn(o -> !o.result().equals("applied"))
        .hasSize(PROMOTERS - 1)
        .allSatisfy(
            o -> {
              if (o.writer().target().equals(won)) {
                assertThat(o.result()).as(o.output()).isEqualTo("already");
                assertThat(o.exitCode()).isZero();
              } else {
                assertThat(o.result()).as(o.output()).isEqualTo("conflict");
                assertThat(o.exitCode()).isEqualTo(4);
                assertThat(o.output()).contains("changed concurrently", "expected " + RC);
              }
            });
    assertThat(run.outcomes()).filteredOn(o -> o.result().equals("already")).hasSize(3);
    Path bare = daemon.directory("gitops");
    assertThat(GitDaemon.git(bare, "rev-list", "--count", "main").strip()).isEqualTo("2");
    try (GitRepository git = clone("reader")) {
      assertThat(Stores.argoCd(git).current(app(0), "stage"))
          .map(Deployment::version)
          .hasValueSatisfying(v -> assertThat(v).hasToString(won));
    }
  }
}
