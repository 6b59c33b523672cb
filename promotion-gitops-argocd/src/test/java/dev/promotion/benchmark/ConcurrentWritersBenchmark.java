package dev.promotion.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.git.GitDaemon;
import dev.promotion.git.GitRepository;
import dev.promotion.gitops.ArgoCdLayout;
import dev.promotion.gitops.GitOpsEnvironmentStore;
import dev.promotion.gitops.WriterProcesses;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Trailer;
import dev.promotion.version.ChartVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Concurrent writers" table of docs/benchmarks.md: N promoter processes (separate JVMs, own
 * clones, default retry policy), each promoting a different app, released together against one
 * {@code git daemon}. Not part of the default build (the class name does not end in Test); run it
 * with:
 *
 * <pre>
 * mvn -B -q -o -pl promotion-gitops-argocd -am verify -Dtest=ConcurrentWritersBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dwriters=8,32,64
 * </pre>
 *
 * It prints a Markdown table and writes it to {@code target/concurrent-writers.md}.
 */
class ConcurrentWritersBenchmark {
  private static final Pipeline PIPELINE =
      new Pipeline(
          List.of(
              Environment.of("dev", "pre"),
              Environment.of("test", "pre"),
              Environment.of("stage", "pre"),
              Environment.of("prod", "prod-eu", "prod-us")),
          "prod");
  private static final String CHARTS = "oci://registry.example.com/charts";
  private static final String RC = "0.2.0-rc.abc1234";
  private static final String NEXT = "0.2.0-rc.def5678";

  @TempDir Path temp;

  @Test
  void benchmark() throws Exception {
    int[] counts =
        Arrays.stream(System.getProperty("writers", "8,32,64").split(","))
            .mapToInt(s -> Integer.parseInt(s.strip()))
            .toArray();
    StringBuilder report = new StringBuilder();
    report.append(
        "| writers | landed | exit 4 | other failures | wall (s) | landed/s | p50 (ms) | p99 (ms)"
            + " | pushes per landed write (mean / max) |\n|---|---|---|---|---|---|---|---|---|\n");
    try (GitDaemon daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")))) {
      for (int n : counts) {
        String url = daemon.createRepository("gitops-" + n);
        seed(url, n, temp.resolve("seed-" + n));
        List<WriterProcesses.Writer> writers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          writers.add(new WriterProcesses.Writer("app-" + i, "stage", RC, NEXT));
        }
        WriterProcesses.Run run = WriterProcesses.run(url, temp.resolve("work-" + n), writers);
        report.append(row(n, run)).append('\n');
        System.out.println(row(n, run));
        run.outcomes().stream()
            .filter(o -> !o.result().equals("applied"))
            .limit(3)
            .forEach(o -> System.out.println(o.output()));
        String commits =
            GitDaemon.git(daemon.directory("gitops-" + n), "rev-list", "--count", "main").strip();
        long landed = run.outcomes().stream().filter(o -> o.result().equals("applied")).count();
        assertThat(commits).isEqualTo(String.valueOf(landed + 1));
      }
    }
    Files.writeString(Path.of("target", "concurrent-writers.md"), report.toString());
    System.out.println(report);
  }

  private static void seed(String url, int apps, Path clone) {
    try (GitRepository git = GitRepository.builder().remote(url).cacheDirectory(clone).build()) {
      List<Change> declarations = new ArrayList<>();
      for (int i = 0; i < apps; i++) {
        declarations.add(Change.create("app-" + i, "stage", ChartVersion.parse(RC)));
      }
      GitOpsEnvironmentStore.builder()
          .git(git)
          .pipeline(PIPELINE)
          .layout(ArgoCdLayout.of(CHARTS))
          .build()
          .apply(
              new ChangeSet(
                  declarations,
                  "seed",
                  List.of(new Trailer("Promotion-Actor", "ci")),
                  "ci",
                  Instant.parse("2026-03-02T09:00:00Z")));
    }
  }

  private static String row(int n, WriterProcesses.Run run) {
    List<WriterProcesses.Outcome> outcomes = run.outcomes();
    long[] latencies =
        outcomes.stream()
            .filter(o -> o.result().equals("applied"))
            .mapToLong(WriterProcesses.Outcome::latencyMillis)
            .sorted()
            .toArray();
    long conflicts = outcomes.stream().filter(o -> o.exitCode() == 4).count();
    long other =
        outcomes.stream().filter(o -> o.exitCode() != 4 && !o.result().equals("applied")).count();
    double wall = run.wallMillis() / 1000.0;
    IntSummaryStatistics pushes =
        outcomes.stream()
            .filter(o -> o.result().equals("applied"))
            .mapToInt(WriterProcesses.Outcome::attempts)
            .summaryStatistics();
    return String.format(
        Locale.ROOT,
        "| %d | %d | %d | %d | %.1f | %.1f | %d | %d | %.1f / %d |",
        n,
        latencies.length,
        conflicts,
        other,
        wall,
        wall == 0 ? 0 : latencies.length / wall,
        percentile(latencies, 50),
        percentile(latencies, 99),
        pushes.getAverage(),
        pushes.getCount() == 0 ? 0 : pushes.getMax());
  }

  /** The nearest-rank percentile; 0 when there is nothing. */
  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
