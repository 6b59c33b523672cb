package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.gate.Gates;
import dev.promotion.gate.RollbackHoldGate;
import dev.promotion.git.FastImport;
import dev.promotion.git.GitDaemon;
import dev.promotion.git.GitRepository;
import dev.promotion.pipeline.Application;
import dev.promotion.result.Promotion;
import dev.promotion.result.Result;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A promotion through {@link Promotions} with the default gates (the rollback hold reads the
 * target's history) on a cold, partial clone of a GitOps repository served by {@code git daemon}:
 * what it fetched is counted in the clone's object database by git itself.
 */
@DisplayName("a first promotion on a cold partial clone")
class PartialClonePromotionOverGitDaemonTest {
  private static final int APPS = 200;
  private static final int COMMITS = 60;
  private static final List<String> ENVS = List.of("dev", "test", "stage");
  private static final Map<String, String> VERSIONS =
      Map.of("dev", "0.2.0", "test", "0.1.0", "stage", "0.0.9");

  @TempDir Path temp;
  private GitDaemon daemon;
  private String url;

  @BeforeEach
  void seed() throws Exception {
    daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")));
    url = daemon.createRepository("gitops");
    try (FastImport fastImport = FastImport.into(daemon.directory("gitops"))) {
      fastImport.commit(1_700_000_000L, "generate");
      for (int a = 0; a < APPS; a++) {
        for (String env : ENVS) {
          fastImport.file(path(env, a), manifest(a, VERSIONS.get(env)));
        }
      }
      for (int c = 1; c < COMMITS; c++) {
        fastImport.commit(1_700_000_000L + c, "set app-" + c + " in stage");
        fastImport.file(path("stage", 100 + c), manifest(100 + c, "0.1." + c));
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  @Test
  @DisplayName(
      "with filters allowed it reads history for the rollback hold, promotes and pushes, fetching"
          + " every commit but only a few blobs and the trees on the paths it reads")
  void promote() throws Exception {
    daemon.allow("gitops", true, true);
    Path cache = temp.resolve("cache");

    Result<Promotion> result = promote(cache);

    assertThat(result).isInstanceOf(Result.Done.class);
    Path bare = daemon.directory("gitops");
    assertThat(GitDaemon.git(bare, "show", "main:" + path("test", 7)))
        .isEqualTo(manifest(7, "0.2.0"));
    assertThat(GitDaemon.git(bare, "fsck", "--strict", "--no-dangling")).isEmpty();
    Map<String, Long> objects = objects(cache);
    assertThat(objects.get("commit")).as("history was read: every commit").isEqualTo(COMMITS + 1L);
    assertThat(objects.get("blob"))
        .as("dev and test read, test's history (the same blob), test written")
        .isLessThanOrEqualTo(4L);
    long served = objects(bare).get("tree");
    assertThat(objects.get("tree"))
        .as("every tree of the server but the earlier versions of the large directory stage/pre")
        .isEqualTo(served - (COMMITS - 1));
    assertThat(looseObjects(bare))
        .as(
            "the push carried the commit and the five trees on the path, no more (the new test"
                + " manifest has the bytes of dev's, which the server has)")
        .isEqualTo(6);
  }

  @Test
  @DisplayName(
      "reusing the tip it read, it asks the server three times (the tip, the app's manifests in"
          + " one request, history) and pushes once")
  void requests() throws Exception {
    daemon.allow("gitops", true, true);

    Result<Promotion> result = promote(temp.resolve("cache"), Duration.ofMinutes(1));

    assertThat(result).isInstanceOf(Result.Done.class);
    assertThat(daemon.requests("gitops")).isEqualTo(new GitDaemon.Requests(3, 1));
  }

  @Test
  @DisplayName(
      "asking for the tip before each read (the default) adds one listing per read, and reads"
          + " the app's manifests in one request all the same")
  void requestsWithoutReuse() throws Exception {
    daemon.allow("gitops", true, true);

    Result<Promotion> result = promote(temp.resolve("cache"), Duration.ZERO);

    assertThat(result).isInstanceOf(Result.Done.class);
    assertThat(daemon.requests("gitops").receivePack()).isEqualTo(1);
    assertThat(daemon.requests("gitops").uploadPack())
        .as("the three above and a listing for each later read of the tip")
        .isGreaterThan(3);
  }

  @Test
  @DisplayName("with filters refused it falls back to a whole fetch and promotes all the same")
  void fallback() throws Exception {
    daemon.allow("gitops", false, false);
    Path cache = temp.resolve("cache");

    Result<Promotion> result = promote(cache);

    assertThat(result).isInstanceOf(Result.Done.class);
    assertThat(GitDaemon.git(daemon.directory("gitops"), "show", "main:" + path("test", 7)))
        .isEqualTo(manifest(7, "0.2.0"));
    assertThat(objects(cache).get("blob"))
        .as("every manifest of the tip")
        .isGreaterThanOrEqualTo(3L * APPS);
  }

  private Result<Promotion> promote(Path cache) {
    return promote(cache, Duration.ZERO);
  }

  private Result<Promotion> promote(Path cache, Duration reuseTip) {
    assertThat(Gates.defaults()).anyMatch(RollbackHoldGate.class::isInstance);
    try (GitRepository git =
        GitRepository.builder()
            .remote(url)
            .cacheDirectory(cache)
            .partial(true)
            .reuseTip(reuseTip)
            .build()) {
      GitOpsEnvironmentStore store =
          GitOpsEnvironmentStore.builder()
              .git(git)
              .pipeline(Stores.PIPELINE)
              .layout(ArgoCdLayout.of(Stores.CHARTS))
              .build();
      Promotions promotions =
          Promotions.builder()
              .pipeline(Stores.PIPELINE)
              .application(Application.named(app(7)))
              .environments(store)
              .registry(new InMemoryChartRegistry())
              .sourceControl(new InMemorySourceControl())
              .clock(new MutableClock(Instant.parse("2026-03-02T09:00:00Z")))
              .gates(Gates.defaults())
              .build();
      return promotions.promote(app(7), "test");
    }
  }

  /** Objects the server holds unpacked: those of the pushes (git unpacks fewer than 100). */
  private static long looseObjects(Path bare) throws Exception {
    return GitDaemon.git(bare, "count-objects", "-v")
        .lines()
        .filter(line -> line.startsWith("count: "))
        .mapToLong(line -> Long.parseLong(line.substring("count: ".length())))
        .sum();
  }

  private static Map<String, Long> objects(Path cache) throws Exception {
    return GitDaemon.git(cache, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype)")
        .lines()
        .collect(Collectors.groupingBy(type -> type, TreeMap::new, Collectors.counting()));
  }

  private static String path(String env, int app) {
    return "registry/environments/" + env + "/pre/" + app(app) + ".yaml";
  }

  private static String app(int i) {
    return String.format(Locale.ROOT, "app-%03d", i);
  }

  private static String manifest(int app, String version) {
    return "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: "
        + app(app)
        + "\nspec:\n  source:\n    repoURL: "
        + Stores.CHARTS
        + "\n    chart: "
        + app(app)
        + "\n    targetRevision: "
        + version
        + "\n";
  }
}
