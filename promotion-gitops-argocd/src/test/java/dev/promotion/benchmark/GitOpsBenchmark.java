package dev.promotion.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.git.FastImport;
import dev.promotion.git.GitDaemon;
import dev.promotion.git.GitRepository;
import dev.promotion.gitops.ArgoCdLayout;
import dev.promotion.gitops.GitOpsEnvironmentStore;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Trailer;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark of docs/benchmarks.md. Not part of the default build (the class name does not end
 * in Test); run it with:
 *
 * <pre>
 * mvn -B -q -pl promotion-gitops-argocd -am verify -Dtest=GitOpsBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * It prints a Markdown table and writes it to {@code target/benchmark.md}.
 */
class GitOpsBenchmark {
  private static final List<String> ENVIRONMENTS = List.of("dev", "test", "stage", "prod");
  private static final Pipeline PIPELINE =
      new Pipeline(
          List.of(
              Environment.of("dev", "pre"),
              Environment.of("test", "pre"),
              Environment.of("stage", "pre"),
              Environment.of("prod", "prod")),
          "prod");
  private static final int REPEATS = 15;

  @TempDir Path temp;
  private final StringBuilder report = new StringBuilder();

  @Test
  void benchmark() throws Exception {
    Files.createDirectories(temp.resolve("served"));
    try (GitDaemon daemon = GitDaemon.start(temp.resolve("served"))) {
      line("| measurement | result |");
      line("|---|---|");
      String url = generate(daemon, "gitops-8k", 2_000, 1_000);
      onePromotionAgainstShell(daemon, url);
      thousandAppsInOneCommit(url);
      for (int apps : new int[] {250, 2_500, 12_500}) {
        String scaled = generate(daemon, "gitops-" + apps * 4, apps, 10);
        double median = warmPromotions(scaled, "flat-" + apps, apps);
        line(
            "| one promotion, warm cache, "
                + apps * 4
                + " manifests | "
                + ms(median)
                + " median of "
                + REPEATS
                + " |");
      }
    }
    Path out = Path.of("target", "benchmark.md");
    Files.writeString(out, report.toString());
    System.out.println(report);
  }

  private void onePromotionAgainstShell(GitDaemon daemon, String url) throws Exception {
    long cold = System.nanoTime();
    GitRepository git = clone(url, "warm");
    git.latest();
    double coldMs = (System.nanoTime() - cold) / 1e6;
    GitOpsEnvironmentStore store = store(git);
    double library = warmPromotions(store, 0);
    double[] shell = new double[5];
    for (int i = 0; i < shell.length; i++) {
      String app = app(1_000 + i);
      String path = "registry/environments/stage/pre/" + app + ".yaml";
      String script =
          "set -e; d=$(mktemp -d); git clone -q --depth 1 --branch main "
              + url
              + " \"$d/r\"; cd \"$d/r\"; sed -i 's/targetRevision: .*/targetRevision: 0.3."
              + i
              + "/' "
              + path
              + "; git -c user.name=bench -c user.email=bench@example.com commit -q -am 'promote "
              + app
              + "'; git push -q origin main; rm -rf \"$d\"";
      long start = System.nanoTime();
      Process p = new ProcessBuilder("bash", "-c", script).inheritIO().start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
      shell[i] = (System.nanoTime() - start) / 1e6;
    }
    double shellMedian = median(shell);
    line("| first fetch of the 8,000-manifest repository (cold cache) | " + ms(coldMs) + " |");
    line(
        "| (a) one promotion, warm cache, 8,000 manifests, 1,000+ commits | "
            + ms(library)
            + " median of "
            + REPEATS
            + " |");
    line(
        "| (a) the seed's shell method (clone --depth 1, sed, commit, push) | "
            + ms(shellMedian)
            + " median of "
            + shell.length
            + " |");
    line(
        "| (a) ratio shell / library | "
            + String.format(Locale.ROOT, "%.1fx", shellMedian / library)
            + " |");
    git.close();
  }

  private void thousandAppsInOneCommit(String url) {
    try (GitRepository git = clone(url, "batch")) {
      GitOpsEnvironmentStore store = store(git);
      git.latest();
      for (String env : List.of("test", "stage")) {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
          String from = env.equals("stage") && i < REPEATS ? "0.2.0" : "0.1.0";
          changes.add(Change.of(app(i), env, version(from), version("0.4.0")));
        }
        long start = System.nanoTime();
        ApplyResult result = store.apply(changeSet("promote 1000 apps", changes));
        double elapsed = (System.nanoTime() - start) / 1e6;
        assertThat(result).isInstanceOf(ApplyResult.Applied.class);
        assertThat(((ApplyResult.Applied) result).changed()).hasSize(1_000);
        line(
            "| (b) 1,000 apps promoted in one commit, warm cache ("
                + (env.equals("test") ? "first batch in this JVM" : "second batch")
                + ") | "
                + ms(elapsed)
                + " |");
      }
    }
  }

  private double warmPromotions(String url, String name, int apps) {
    try (GitRepository git = clone(url, name)) {
      git.latest();
      return warmPromotions(store(git), apps / 2);
    }
  }

  private double warmPromotions(GitOpsEnvironmentStore store, int firstApp) {
    store.current(app(firstApp + REPEATS), "stage");
    double[] times = new double[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      Change change = Change.of(app(firstApp + i), "stage", version("0.1.0"), version("0.2.0"));
      long start = System.nanoTime();
      ApplyResult result = store.apply(changeSet("promote " + change.app(), List.of(change)));
      times[i] = (System.nanoTime() - start) / 1e6;
      assertThat(result).isInstanceOf(ApplyResult.Applied.class);
    }
    return median(times);
  }

  private GitRepository clone(String url, String name) {
    return GitRepository.builder()
        .remote(url)
        .cacheDirectory(temp.resolve("cache-" + name))
        .build();
  }

  private static GitOpsEnvironmentStore store(GitRepository git) {
    return GitOpsEnvironmentStore.builder()
        .git(git)
        .pipeline(PIPELINE)
        .layout(ArgoCdLayout.of("oci://registry.example.com/charts"))
        .build();
  }

  /** A repository of {@code apps} x 4 manifests and {@code commits} commits, via fast-import. */
  private String generate(GitDaemon daemon, String name, int apps, int commits)
      throws IOException, InterruptedException {
    String url = daemon.createRepository(name);
    try (FastImport fastImport = FastImport.into(daemon.directory(name))) {
      long time = 1_700_000_000L;
      fastImport.commit(time, "generate " + apps * 4 + " manifests");
      for (int a = 0; a < apps; a++) {
        for (String env : ENVIRONMENTS) {
          fastImport.file(path(env, a), manifest(app(a), env, "0.1.0"));
        }
      }
      for (int c = 1; c < commits; c++) {
        int a = c % apps;
        fastImport.commit(time + c, "set " + app(a) + " 0.1." + c + " in dev");
        fastImport.file(path("dev", a), manifest(app(a), "dev", "0.1." + c));
      }
    }
    return url;
  }

  private static String path(String env, int app) {
    String cluster = env.equals("prod") ? "prod" : "pre";
    return "registry/environments/" + env + "/" + cluster + "/" + app(app) + ".yaml";
  }

  private static String manifest(String app, String env, String version) {
    return ArgoCdLayout.DEFAULT_TEMPLATE
        .replace("{app}", app)
        .replace("{env}", env)
        .replace("{cluster}", env.equals("prod") ? "prod" : "pre")
        .replace("{chart}", app)
        .replace("{repoURL}", "oci://registry.example.com/charts")
        .replace("{version}", version);
  }

  private static String app(int i) {
    return String.format(Locale.ROOT, "app-%05d", i);
  }

  private static ChartVersion version(String v) {
    return ChartVersion.parse(v);
  }

  private static ChangeSet changeSet(String subject, List<Change> changes) {
    return new ChangeSet(
        changes,
        subject,
        List.of(new Trailer("Promotion-Actor", "bench")),
        "bench",
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%.1f ms", millis);
  }

  private void line(String text) {
    report.append(text).append('\n');
    System.out.println(text);
  }
}
