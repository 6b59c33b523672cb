package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.git.FastImport;
import dev.promotion.git.GitDaemon;
import dev.promotion.git.GitRepository;
import dev.promotion.pipeline.Application;
import dev.promotion.result.StatusReport;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Promotions#status()} in a fresh process with an empty cache, as a hosted CI runner runs
 * it: a partial clone of a GitOps repository of 60 apps in 4 environments (prod on two clusters)
 * with 1,000 commits, served by {@code git daemon}. The history has what status must see through: a
 * pull request merged with a merge commit, and commits that changed a manifest but not its version.
 * Requests are counted in the daemon's log.
 */
@DisplayName("promotion status on a cold partial clone")
class ColdStatusOverGitDaemonTest {
  private static final int APPS = 60;
  private static final int COMMITS = 1_000;
  private static final long T0 = 1_700_000_000L;
  private static final String CHANGED_BY_MERGE = app(1);
  private static final String TOUCHED_AT_TIP = app(5);

  @TempDir Path temp;
  private GitDaemon daemon;
  private String url;

  @BeforeEach
  void seed() throws Exception {
    daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")));
    url = daemon.createRepository("gitops");
    int commits = 0;
    try (FastImport fastImport = FastImport.into(daemon.directory("gitops"))) {
      fastImport.commit(T0, "generate");
      commits++;
      for (int a = 0; a < APPS; a++) {
        fastImport.file(path("dev", "pre", a), manifest(a, "0.2.0-rc.a1b2c3d", ""));
        fastImport.file(path("test", "pre", a), manifest(a, "0.1.0", ""));
        fastImport.file(path("stage", "pre", a), manifest(a, "0.1.0", ""));
        fastImport.file(path("prod", "prod-eu", a), manifest(a, "0.0.1", ""));
        fastImport.file(path("prod", "prod-us", a), manifest(a, "0.0.1", ""));
      }
      for (int c = 1; commits < COMMITS - 4; c++, commits++) {
        int a = c % APPS;
        fastImport.commit(T0 + c, "change " + c);
        if (c % 11 == 0) {
          fastImport.file(path("prod", "prod-eu", a), manifest(a, "0.0." + c, ""));
          fastImport.file(path("prod", "prod-us", a), manifest(a, "0.0." + c, ""));
        } else if (c % 100 == 50) {
          fastImport.file(path("test", "pre", a), manifest(a, "0.1.0", "# reviewed " + c + "\n"));
        } else {
          fastImport.file(path("stage", "pre", a), manifest(a, "0.1." + c, ""));
        }
      }
      fastImport.commit("promote/app-00001", T0 + 5_000, "promote app-00001 to dev", "main");
      fastImport.file(path("dev", "pre", 1), manifest(1, "0.3.0-rc.d4e5f6a", ""));
      fastImport.commit(T0 + 5_001, "meanwhile: stage app-00002");
      fastImport.file(path("stage", "pre", 2), manifest(2, "0.9.0", ""));
      fastImport.commit("main", T0 + 5_002, "Merge pull request #9", "main", "promote/app-00001");
      fastImport.file(path("dev", "pre", 1), manifest(1, "0.3.0-rc.d4e5f6a", ""));
      fastImport.commit(T0 + 5_003, "a comment in test app-00005");
      fastImport.file(path("test", "pre", 5), manifest(5, "0.1.0", "# owner: team-a\n"));
      commits += 4;
    }
    assertThat(commits).isEqualTo(COMMITS);
    assertThat(GitDaemon.git(daemon.directory("gitops"), "rev-list", "--count", "main").strip())
        .isEqualTo(Integer.toString(COMMITS));
    daemon.allow("gitops", true, true);
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  @Test
  @DisplayName(
      "makes a dozen requests or so (not one or more per app and environment) and reports what a"
          + " complete clone reports")
  void fewRequestsSameReport() throws Exception {
    GitDaemon.Requests before = daemon.requests("gitops");

    StatusReport cold;
    try (GitRepository git = partialClone(temp.resolve("cold-cache"))) {
      cold = promotions(Stores.argoCd(git)).status();
    }
    GitDaemon.Requests made = daemon.requests("gitops").since(before);

    StatusReport complete;
    try (GitRepository git =
        GitRepository.builder().remote(url).cacheDirectory(temp.resolve("complete")).build()) {
      complete = promotions(Stores.argoCd(git)).status();
    }
    assertThat(made.receivePack()).isZero();
    assertThat(made.uploadPack())
        .as(
            "the tip and one deepening for history; per environment its manifests, the trees on"
                + " their paths and a first round of blobs (4 x 3); two more rounds for test, whose"
                + " manifests changed up to 4 times without a version change (rounds fetch 1, 2, 4"
                + " revisions ahead)")
        .isLessThanOrEqualTo(16);
    assertThat(cold).isEqualTo(complete);
    assertThat(cold.environments()).hasSize(4).allSatisfy(e -> assertThat(e.apps()).hasSize(APPS));
    assertThat(cell(cold, "dev", CHANGED_BY_MERGE).since())
        .as("dated by the merge")
        .contains(Instant.ofEpochSecond(T0 + 5_002));
    assertThat(cell(cold, "test", TOUCHED_AT_TIP).since())
        .as("the comment at the tip did not change the version")
        .contains(Instant.ofEpochSecond(T0));
    assertThat(cell(cold, "stage", app(2)).since()).contains(Instant.ofEpochSecond(T0 + 5_001));
    int lastProdChange = 0;
    for (int c = 1; c <= COMMITS - 5; c++) {
      lastProdChange = c % 11 == 0 && c % APPS == 22 ? c : lastProdChange;
    }
    assertThat(cell(cold, "prod", app(22)).version().map(Object::toString))
        .contains("0.0." + lastProdChange);
    assertThat(cell(cold, "prod", app(22)).since())
        .contains(Instant.ofEpochSecond(T0 + lastProdChange));
  }

  @Test
  @DisplayName(
      "the bulk read of last changes on a cold partial clone equals history(app, env, 1) of every"
          + " app in every environment on a complete clone, through merges and changes that kept"
          + " the version")
  void lastChangesEqualHistory() throws Exception {
    try (GitRepository git = partialClone(temp.resolve("cache"));
        GitRepository whole =
            GitRepository.builder().remote(url).cacheDirectory(temp.resolve("whole")).build()) {
      GitOpsEnvironmentStore store = Stores.argoCd(git);
      GitOpsEnvironmentStore reference = Stores.argoCd(whole);
      List<String> apps = new ArrayList<>();
      for (int a = 0; a < APPS; a++) {
        apps.add(app(a));
      }
      apps.add("app-never");
      for (String env : Stores.PIPELINE.names()) {
        Map<String, Optional<HistoryEntry>> last = store.lastChanges(env, apps);

        assertThat(last.keySet()).containsExactlyElementsOf(apps);
        for (String app : apps) {
          assertThat(last.get(app))
              .as(app + " in " + env)
              .isEqualTo(reference.history(app, env, 1).stream().findFirst());
        }
        assertThat(last.get("app-never")).isEmpty();
      }
      HistoryEntry merged = store.lastChanges("dev", List.of(CHANGED_BY_MERGE)).get(app(1)).get();
      assertThat(merged.subject()).isEqualTo("promote app-00001 to dev");
      assertThat(merged.previous().map(Object::toString)).contains("0.2.0-rc.a1b2c3d");
    }
  }

  private static StatusReport.AppStatus cell(StatusReport report, String env, String app) {
    return report.environments().stream()
        .filter(e -> e.environment().equals(env))
        .flatMap(e -> e.apps().stream())
        .filter(a -> a.app().equals(app))
        .findFirst()
        .orElseThrow();
  }

  /** As the command line opens a remote GitOps repository: partial, reusing the tip it read. */
  private GitRepository partialClone(Path cache) {
    return GitRepository.builder()
        .remote(url)
        .cacheDirectory(cache)
        .partial(true)
        .reuseTip(Duration.ofMinutes(1))
        .build();
  }

  private static Promotions promotions(GitOpsEnvironmentStore store) {
    Promotions.Builder builder =
        Promotions.builder()
            .pipeline(Stores.PIPELINE)
            .environments(store)
            .registry(new InMemoryChartRegistry())
            .sourceControl(new InMemorySourceControl())
            .clock(new MutableClock(Instant.parse("2026-03-02T09:00:00Z")));
    for (int a = 0; a < APPS; a++) {
      builder.application(Application.named(app(a)));
    }
    return builder.build();
  }

  private static String path(String env, String cluster, int app) {
    return "registry/environments/" + env + "/" + cluster + "/" + app(app) + ".yaml";
  }

  private static String app(int i) {
    return String.format(Locale.ROOT, "app-%05d", i);
  }

  private static String manifest(int app, String version, String comment) {
    return comment
        + "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: "
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
