package dev.promotion.testkit.example;

import dev.promotion.Promotions;
import dev.promotion.Settings;
import dev.promotion.chart.ChartYaml;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.result.Result;
import dev.promotion.result.StatusReport;
import dev.promotion.result.Step;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.Release;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.testkit.MutableClock;
import dev.promotion.testkit.fixture.AppRepositoryFixture;
import dev.promotion.testkit.fixture.Checkout;
import dev.promotion.version.Bump;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The seed walkthrough (first deploy, promotions, release, bump, hotfix) run step by step on the
 * in-memory backends, printing after each step what it did, the environment table and the commits
 * it made. It checks at the end that the lifecycle ended as the walkthrough says, and fails if not.
 *
 * <p>Run it with {@code mvn -B -q -Pwalkthrough -DskipTests package}, or {@code java
 * dev.promotion.testkit.example.Walkthrough [DIR]} with the testkit on the class path.
 */
public final class Walkthrough {
  private static final Pipeline PIPELINE =
      new Pipeline(
          List.of(
              Environment.of("dev", "preprod"),
              Environment.of("test", "preprod"),
              Environment.of("stage", "preprod"),
              Environment.of("prod", "production")),
          "prod");

  private final PrintStream out;
  private final Path dir;
  private final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");
  private final InMemoryEnvironmentStore gitops = new InMemoryEnvironmentStore();
  private final InMemoryChartRegistry registry = new InMemoryChartRegistry();
  private final InMemorySourceControl app;
  private final Promotions promotions;
  private final Set<String> seenGitOps = new HashSet<>();
  private final Set<String> seenCommits = new HashSet<>();
  private final List<String> failures = new ArrayList<>();
  private int step;

  Walkthrough(Path dir, PrintStream out) {
    this.dir = dir;
    this.out = out;
    this.app = InMemorySourceControl.builder().clock(clock).build();
    this.promotions =
        Promotions.builder()
            .pipeline(PIPELINE)
            .application(Application.named("api"))
            .environments(gitops)
            .registry(registry)
            .sourceControl(app)
            .clock(clock)
            .settings(
                Settings.defaults()
                    .withActor("walkthrough")
                    .withRunId("walkthrough-1")
                    .withWorkDirectory(dir.resolve("spool")))
            .build();
  }

  public static void main(String[] args) throws IOException {
    Path dir =
        args.length > 0
            ? Files.createDirectories(Path.of(args[0]))
            : Files.createTempDirectory("promotion-walkthrough-");
    if (!new Walkthrough(dir, System.out).run()) {
      throw new IllegalStateException("The walkthrough did not end as the seed says; see above.");
    }
  }

  /** Runs the lifecycle; returns whether every check passed. */
  boolean run() {
    out.println("promotion walkthrough (seed 000) on in-memory backends, working in " + dir);
    out.println("Pipeline: dev, test, stage on cluster preprod; prod on cluster production.");
    AppRepositoryFixture.on(app).app("api").version("0.1.0").seed();
    markSeen();

    String first = app.resolveCommit("main");
    show("First deploy to dev (publish-dev on push to main)", () -> publish("main"));
    expect("dev runs " + candidate("0.1.0", first), "dev", candidate("0.1.0", first));
    show("Promote to test", () -> promotions.promote("api", "test"));
    show("Promote to stage", () -> promotions.promote("api", "stage"));
    show("Release to production", () -> promotions.release("api"));
    expect("prod runs 0.1.0", "prod", "0.1.0");
    check(
        "release v0.1.0 is at the release candidate's commit",
        app.findTag("v0.1.0").map(t -> t.commit().equals(first)).orElse(false));
    check("main says 0.1.1", chartVersion("main").equals("0.1.1"));
    String bump = app.resolveCommit("main");
    show("Next dev build (publish-dev dispatched by the release)", () -> publish("main"));
    expect("dev runs " + candidate("0.1.1", bump), "dev", candidate("0.1.1", bump));
    show("Manual version bump: minor", () -> promotions.bumpVersion("api", Bump.MINOR));
    check("main says 0.2.0", chartVersion("main").equals("0.2.0"));
    String mainHead = app.resolveCommit("main");
    show("Hotfix v0.1.0", () -> promotions.startHotfix("api", "v0.1.0"));
    check("hotfix-0-1-1 says 0.1.1", chartVersion("hotfix-0-1-1").equals("0.1.1"));
    check("a draft pull request hotfix-0-1-1 -> main is open", !app.openPullRequests().isEmpty());
    clock.advance(Duration.ofMinutes(30));
    String fix =
        app.branch("hotfix-0-1-1")
            .commit("Fix the crash on empty input", Map.of("src/fix.txt", "fixed\n"));
    show("Publish the fix from hotfix-0-1-1", () -> publish("hotfix-0-1-1"));
    show("Promote the hotfix to test", () -> promotions.promote("api", "test"));
    show("Promote the hotfix to stage", () -> promotions.promote("api", "stage"));
    show("Release the hotfix", () -> promotions.release("api"));
    expect("prod runs 0.1.1", "prod", "0.1.1");
    check(
        "release v0.1.1 is at the fix",
        app.findTag("v0.1.1").map(t -> t.commit().equals(fix)).orElse(false));
    check(
        "main was not touched: it says 0.2.0 at the same commit",
        chartVersion("main").equals("0.2.0") && app.resolveCommit("main").equals(mainHead));

    out.println();
    out.println("== Releases");
    for (Release release : app.releases()) {
      out.println(release.tag() + " at " + release.commit().substring(0, 7));
      release.notes().lines().forEach(line -> out.println("    " + line));
    }
    out.println();
    if (failures.isEmpty()) {
      out.println("Walkthrough complete: " + step + " steps, every check passed.");
      return true;
    }
    out.println("Walkthrough FAILED: " + failures);
    return false;
  }

  private Result<?> publish(String ref) {
    Path chartDir = Checkout.of(app, ref, dir.resolve("checkouts")).resolve("charts/api");
    return promotions.publishDev("api", ref, chartDir);
  }

  private void show(String title, Supplier<Result<?>> operation) {
    clock.advance(Duration.ofHours(1));
    step++;
    out.println();
    out.println("== " + step + ". " + title);
    Result<?> result = operation.get();
    out.println("   result: " + result.getClass().getSimpleName());
    for (Step s : result.steps()) {
      out.println("   - " + s);
    }
    printEnvironments();
    printNewCommits();
  }

  private void printEnvironments() {
    StatusReport status = promotions.status();
    out.println("   environments:");
    for (StatusReport.EnvironmentStatus env : status.environments()) {
      for (StatusReport.AppStatus cell : env.apps()) {
        out.printf(
            "     %-6s %-5s %-22s %s%n",
            env.environment(),
            cell.app(),
            cell.version().map(Object::toString).orElse("-"),
            cell.actor().map(a -> "by " + a + " at " + cell.since().orElseThrow()).orElse(""));
      }
    }
  }

  private void printNewCommits() {
    List<String> gitOps = new ArrayList<>();
    for (String env : PIPELINE.names()) {
      for (HistoryEntry entry : gitops.history("api", env, 100)) {
        if (seenGitOps.add(entry.revision() + env)) {
          gitOps.add(entry.subject());
        }
      }
    }
    gitOps.forEach(subject -> out.println("   gitops commit: " + subject));
    for (String branch : app.branches().keySet()) {
      for (InMemorySourceControl.Commit commit : app.commits(branch)) {
        if (seenCommits.add(commit.id())) {
          out.println(
              "   app commit on "
                  + branch
                  + ": "
                  + commit.id().substring(0, 7)
                  + " "
                  + commit.subject());
        }
      }
    }
  }

  private void markSeen() {
    for (String branch : app.branches().keySet()) {
      app.commits(branch).forEach(c -> seenCommits.add(c.id()));
    }
  }

  private String chartVersion(String branch) {
    return ChartYaml.parse(branch, app.readFile(branch, "charts/api/Chart.yaml").orElseThrow())
        .version()
        .toString();
  }

  private void expect(String what, String env, String version) {
    check(
        what,
        promotions
            .status()
            .version("api", env)
            .map(v -> v.toString().equals(version))
            .orElse(false));
  }

  private void check(String what, boolean ok) {
    out.println("   check: " + what + (ok ? " - ok" : " - FAILED"));
    if (!ok) {
      failures.add(what);
    }
  }

  /** The release candidate of {@code base} built from {@code commit}, as publish-dev names it. */
  private static String candidate(String base, String commit) {
    return ChartVersion.parse(base).rc(commit).toString();
  }
}
