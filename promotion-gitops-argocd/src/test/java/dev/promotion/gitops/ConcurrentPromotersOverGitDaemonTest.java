package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.git.GitDaemon;
import dev.promotion.git.GitRepository;
import dev.promotion.spi.ApplyResult;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName(
    "16 promoter threads with separate clones (half of them shallow) and the default retry policy"
        + " push to one git daemon at once")
class ConcurrentPromotersOverGitDaemonTest {
  private static final int PROMOTERS = 16;
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");
  private static final ChartVersion NEXT = ChartVersion.parse("0.2.0-rc.def5678");

  @TempDir Path temp;
  private GitDaemon daemon;
  private String url;
  private final List<GitRepository> clones = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")));
    url = daemon.createRepository("gitops");
  }

  @AfterEach
  void stop() throws Exception {
    clones.forEach(GitRepository::close);
    daemon.close();
  }

  private GitOpsEnvironmentStore promoter(int i) {
    GitRepository git =
        GitRepository.builder()
            .remote(url)
            .cacheDirectory(temp.resolve("clone-" + i))
            .shallow(i % 2 == 1)
            .build();
    clones.add(git);
    return GitOpsEnvironmentStore.builder()
        .git(git)
        .pipeline(Stores.PIPELINE)
        .layout(ArgoCdLayout.of(Stores.CHARTS))
        .build();
  }

  private static ChangeSet changeSet(String subject, Change... changes) {
    return new ChangeSet(
        List.of(changes),
        subject,
        List.of(new Trailer("Promotion-Actor", "ci")),
        "ci",
        Instant.parse("2026-03-02T09:00:00Z"));
  }

  private static String app(int i) {
    return "app-" + i;
  }

  private void seed(GitOpsEnvironmentStore store) {
    List<Change> declarations = new ArrayList<>();
    for (int i = 0; i < PROMOTERS; i++) {
      declarations.add(Change.create(app(i), "stage", RC));
    }
    store.apply(changeSet("seed", declarations.toArray(Change[]::new)));
  }

  @Test
  @DisplayName("promotions of different apps all land; none is lost")
  void differentApps() throws Exception {
    seed(promoter(100));
    List<Callable<ApplyResult>> promotions = new ArrayList<>();
    for (int i = 0; i < PROMOTERS; i++) {
      GitOpsEnvironmentStore store = promoter(i);
      Change change = Change.of(app(i), "stage", RC, NEXT);
      promotions.add(() -> store.apply(changeSet("promote " + change.app(), change)));
    }

    List<Object> outcomes = together(promotions);

    assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(ApplyResult.Applied.class));
    List<Deployment> stage = promoter(101).list("stage");
    assertThat(stage).hasSize(PROMOTERS).allSatisfy(d -> assertThat(d.version()).isEqualTo(NEXT));
    Path bare = daemon.directory("gitops");
    assertThat(GitDaemon.git(bare, "rev-list", "--count", "main").strip())
        .isEqualTo(String.valueOf(PROMOTERS + 1));
    assertThat(GitDaemon.git(bare, "fsck", "--strict", "--no-dangling")).isEmpty();
  }

  @Test
  @DisplayName("of promoters of the same app, one wins and the others get the typed error")
  void sameApp() throws Exception {
    seed(promoter(100));
    List<Callable<ApplyResult>> promotions = new ArrayList<>();
    for (int i = 0; i < PROMOTERS; i++) {
      GitOpsEnvironmentStore store = promoter(i);
      Change change =
          Change.of(app(0), "stage", RC, ChartVersion.parse("0.2.0-rc.abc" + (1000 + i)));
      promotions.add(() -> store.apply(changeSet("promote " + change.target(), change)));
    }

    List<Object> outcomes = together(promotions);

    List<ApplyResult.Applied> winners =
        outcomes.stream()
            .filter(ApplyResult.Applied.class::isInstance)
            .map(ApplyResult.Applied.class::cast)
            .toList();
    assertThat(winners).hasSize(1);
    assertThat(outcomes)
        .filteredOn(o -> !(o instanceof ApplyResult.Applied))
        .hasSize(PROMOTERS - 1)
        .allSatisfy(
            o ->
                assertThat(o)
                    .isInstanceOfSatisfying(
                        ConcurrentModificationException.class,
                        e -> assertThat(e.expected()).isEqualTo(RC.toString())));
    GitOpsEnvironmentStore reader = promoter(101);
    assertThat(reader.current(app(0), "stage"))
        .map(Deployment::version)
        .contains(winners.get(0).changed().get(0).target());
    assertThat(reader.history(app(0), "stage", 10)).hasSize(2);
    assertThat(GitDaemon.git(daemon.directory("gitops"), "rev-list", "--count", "main").strip())
        .isEqualTo("2");
  }

  private static List<Object> together(List<Callable<ApplyResult>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ApplyResult>> futures = new ArrayList<>();
      for (Callable<ApplyResult> call : calls) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return call.call();
                }));
      }
      go.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (Future<ApplyResult> future : futures) {
        try {
          outcomes.add(future.get(120, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          outcomes.add(e.getCause());
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }
}
