package dev.promotion.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.git.FastImport;
import dev.promotion.git.GitDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promotion promote} end to end, a fresh JVM each time, against the seed's shell method, on
 * a generated GitOps repository served by {@code git daemon}. Not part of the default build (the
 * class name does not end in Test); run it with:
 *
 * <pre>
 * mvn -B -q -pl promotion-cli -am verify -Dtest='CliPromoteBenchmark#benchmark' \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * It prints a Markdown table and writes it to {@code promotion-cli/target/benchmark.md}.
 *
 * <p>{@link #cold} is the cold runner of a hosted CI: every run a fresh JVM with an empty cache
 * directory, alternating with the same run of the code at another commit (its module classes, by
 * {@code -Dbaseline=/path/to/worktree}, built there with {@code mvn -o -pl promotion-cli -am
 * test-compile}) and with the seed's shell method, at 1,000, 8,000 and 50,000 manifests (1,000
 * commits each; {@code -Dmanifests=1000,8000} to choose) on a server that allows filters:
 *
 * <pre>
 * mvn -B -q -o -pl promotion-cli -am verify -Dtest='CliPromoteBenchmark#cold' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbaseline=/work/wt-cold-base
 * </pre>
 *
 * It writes {@code promotion-cli/target/benchmark-cold.md}. With {@code -Djar=} the shaded jar
 * ({@code promotion-cli/target/promotion.jar}, from an earlier {@code package}) it adds a column:
 * the same cold promotion with the start-up archive a workflow keeps in its cache (a dynamic AppCDS
 * archive on Java 17 to 23, the AOT cache on 24 and later, made by one promotion of another app).
 */
class CliPromoteBenchmark {
  private static final int APPS = 2_000;
  private static final int COMMITS = 1_000;
  private static final int RUNS = 7;
  private static final String DEV = "0.2.0-rc.a1b2c3d";

  /** The JVM settings of {@code promotion-cli/bin/promotion}. */
  private static final List<String> LAUNCHER =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static final int COLD_RUNS = 5;

  @TempDir Path temp;
  private final StringBuilder report = new StringBuilder();

  @Test
  void benchmark() throws Exception {
    Path served = Files.createDirectories(temp.resolve("served"));
    try (GitDaemon daemon = GitDaemon.start(served)) {
      String url = generate(daemon, "gitops");
      Path config = configuration(daemon, url);
      line("| measurement (" + APPS * 4 + " manifests, " + COMMITS + " commits) | median |");
      line("|---|---|");
      double cold = promote(config, 0, List.of());
      double[] cli = new double[RUNS];
      double[] launcher = new double[RUNS];
      for (int i = 0; i < RUNS; i++) {
        cli[i] = promote(config, 1 + 2 * i, List.of());
        launcher[i] = promote(config, 2 + 2 * i, LAUNCHER);
      }
      double[] shell = new double[5];
      for (int i = 0; i < shell.length; i++) {
        shell[i] = shellPromote(url, 100 + i);
      }
      line("| `promotion promote`, fresh JVM, cold cache (first run) | " + ms(cold) + " |");
      line(
          "| `promotion promote`, fresh JVM, warm cache | "
              + ms(median(cli))
              + " (of "
              + RUNS
              + ", min "
              + ms(Arrays.stream(cli).min().orElseThrow())
              + ") |");
      line(
          "| `promotion promote` with `bin/promotion`'s JVM settings ("
              + String.join(" ", LAUNCHER)
              + "), fresh JVM, warm cache | "
              + ms(median(launcher))
              + " (of "
              + RUNS
              + ", min "
              + ms(Arrays.stream(launcher).min().orElseThrow())
              + ") |");
      line(
          "| the seed's shell method (clone --depth 1, read dev, sed test, commit, push) | "
              + ms(median(shell))
              + " (of "
              + shell.length
              + ") |");
      line(
          "| **ratio shell / promotion** (default JVM settings / `bin/promotion`'s) | **"
              + String.format(Locale.ROOT, "%.1fx", median(shell) / median(cli))
              + " / "
              + String.format(Locale.ROOT, "%.1fx", median(shell) / median(launcher))
              + "** |");
      line("");
      line(
          "load average after the runs: "
              + Files.readString(Path.of("/proc/loadavg")).split(" ")[0]
              + ", "
              + Runtime.getRuntime().availableProcessors()
              + " CPUs, "
              + System.getProperty("java.vm.name")
              + " "
              + System.getProperty("java.version"));
    }
    Files.writeString(Path.of("target", "benchmark.md"), report.toString());
  }

  @Test
  void cold() throws Exception {
    String baseline = System.getProperty("baseline", "");
    String jar = System.getProperty("jar", "");
    String here = Path.of("").toAbsolutePath().getParent().toString();
    String classPath = System.getProperty("java.class.path");
    String baselineClassPath =
        baseline.isEmpty() ? "" : baselineClassPath(classPath, here, baseline);
    List<Integer> sizes =
        Arrays.stream(System.getProperty("manifests", "1000,8000,50000").split(","))
            .map(String::strip)
            .map(Integer::valueOf)
            .toList();
    Path served = Files.createDirectories(temp.resolve("served"));
    line(
        "| manifests (1,000 commits) | `promotion promote`, cold (this branch) | "
            + (jar.isEmpty() ? "" : "cold, with the start-up archive | ")
            + (baseline.isEmpty() ? "" : "cold, baseline " + baseline + " | ")
            + "shell method | shell / promotion |"
            + (jar.isEmpty() ? "" : " shell / promotion with the archive |"));
    line(
        "|---|---|---|---|"
            + (jar.isEmpty() ? "" : "---|---|")
            + (baseline.isEmpty() ? "" : "---|"));
    double first = 0;
    double firstArchived = 0;
    try (GitDaemon daemon = GitDaemon.start(served)) {
      List<String> archive = List.of();
      for (int manifests : sizes) {
        String name = "gitops-" + manifests;
        String url = generate(daemon, name, manifests / 4);
        daemon.allow(name, true, true);
        if (!jar.isEmpty() && archive.isEmpty()) {
          archive = train(daemon, url, name, jar);
        }
        double[] promotion = new double[COLD_RUNS];
        double[] archived = new double[COLD_RUNS];
        double[] before = new double[COLD_RUNS];
        double[] shell = new double[COLD_RUNS];
        for (int i = 0; i < COLD_RUNS; i++) {
          promotion[i] = coldPromote(daemon, url, name, i, LAUNCHER, classPath);
          if (!jar.isEmpty()) {
            archived[i] = coldPromote(daemon, url, name, 10 + i, archive, jar);
          }
          if (!baseline.isEmpty()) {
            before[i] = coldPromote(daemon, url, name, 20 + i, LAUNCHER, baselineClassPath);
          }
          shell[i] = shellPromote(url, 40 + i);
        }
        if (first == 0) {
          first = median(promotion);
          firstArchived = jar.isEmpty() ? 0 : median(archived);
        }
        line(
            "| "
                + String.format(Locale.ROOT, "%,d", manifests)
                + " | "
                + ms(median(promotion))
                + " (min "
                + ms(Arrays.stream(promotion).min().orElseThrow())
                + ") | "
                + (jar.isEmpty()
                    ? ""
                    : ms(median(archived))
                        + " (min "
                        + ms(Arrays.stream(archived).min().orElseThrow())
                        + ") | ")
                + (baseline.isEmpty() ? "" : ms(median(before)) + " | ")
                + ms(median(shell))
                + " | **"
                + String.format(Locale.ROOT, "%.1fx", median(shell) / median(promotion))
                + "** (cold cost "
                + String.format(Locale.ROOT, "%.2fx", median(promotion) / first)
                + " the first size's) |"
                + (jar.isEmpty()
                    ? ""
                    : " **"
                        + String.format(Locale.ROOT, "%.1fx", median(shell) / median(archived))
                        + "** (cold cost "
                        + String.format(Locale.ROOT, "%.2fx", median(archived) / firstArchived)
                        + " the first size's) |"));
      }
    }
    line("");
    line("medians of " + COLD_RUNS + " runs each, alternating; " + environment());
    Files.writeString(Path.of("target", "benchmark-cold.md"), report.toString());
  }

  /**
   * The start-up archive a workflow keeps in its cache between runs (what {@code bin/promotion}
   * writes on the first successful command): made here by one promotion of another app, with its
   * own empty cache, on the shaded jar; the JVM options that map it.
   */
  private List<String> train(GitDaemon daemon, String url, String name, String jar)
      throws Exception {
    boolean aot = Runtime.version().feature() >= 24;
    Path archive = temp.resolve(aot ? "promotion.aot" : "promotion.jsa");
    List<String> record = new ArrayList<>(LAUNCHER);
    if (aot) {
      Path configuration = temp.resolve("promotion.aotconf");
      record.add("-XX:AOTMode=record");
      record.add("-XX:AOTConfiguration=" + configuration);
      coldPromote(daemon, url, name, 30, record, jar);
      List<String> create = new ArrayList<>();
      create.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      create.addAll(LAUNCHER);
      create.addAll(
          List.of(
              "-XX:AOTMode=create",
              "-XX:AOTConfiguration=" + configuration,
              "-XX:AOTCache=" + archive,
              "-cp",
              jar));
      Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0).as(log).isTrue();
    } else {
      record.add("-XX:ArchiveClassesAtExit=" + archive);
      record.add("-Xlog:cds=off");
      coldPromote(daemon, url, name, 30, record, jar);
    }
    assertThat(archive).isNotEmptyFile();
    List<String> use = new ArrayList<>(LAUNCHER);
    use.add(aot ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive);
    return List.copyOf(use);
  }

  /**
   * {@code promotion status} on a cold runner: a fresh JVM (with {@code bin/promotion}'s settings)
   * and an empty cache each run, against a GitOps repository of 60 apps in 4 environments (240
   * manifests) with 1,000 commits on a server that allows filters, alternating with the same run of
   * the code in {@code -Dbaseline=/path/to/worktree} (see {@link #cold}). Reports the wall time and
   * the requests the server logged (upload-pack connections), and checks that both print the same
   * report:
   *
   * <pre>
   * mvn -B -q -o -pl promotion-cli -am verify -Dtest='CliPromoteBenchmark#coldStatus' \
   *     -Dsurefire.failIfNoSpecifiedTests=false -Dbaseline=/work/wt-status-base
   * </pre>
   *
   * It writes {@code promotion-cli/target/benchmark-cold-status.md}.
   */
  @Test
  void coldStatus() throws Exception {
    String baseline = System.getProperty("baseline", "");
    String here = Path.of("").toAbsolutePath().getParent().toString();
    String classPath = System.getProperty("java.class.path");
    String baselineClassPath =
        baseline.isEmpty() ? "" : baselineClassPath(classPath, here, baseline);
    int apps = 60;
    Path served = Files.createDirectories(temp.resolve("served"));
    try (GitDaemon daemon = GitDaemon.start(served)) {
      String name = "gitops-status";
      String url = generate(daemon, name, apps);
      daemon.allow(name, true, true);
      StatusRun[] after = new StatusRun[COLD_RUNS];
      StatusRun[] before = new StatusRun[COLD_RUNS];
      for (int i = 0; i < COLD_RUNS; i++) {
        after[i] = coldStatus(daemon, url, name, "after-" + i, classPath);
        if (!baseline.isEmpty()) {
          before[i] = coldStatus(daemon, url, name, "before-" + i, baselineClassPath);
          assertThat(after[i].report()).isEqualTo(before[i].report());
        }
      }
      line(
          "| `promotion status`, cold ("
              + apps * 4
              + " manifests, "
              + COMMITS
              + " commits) | requests | wall time, median (min-max) |");
      line("|---|---|---|");
      statusRow("this branch", after);
      if (!baseline.isEmpty()) {
        statusRow("baseline " + baseline, before);
      }
    }
    line("");
    line("medians of " + COLD_RUNS + " runs each, alternating; " + environment());
    Files.writeString(Path.of("target", "benchmark-cold-status.md"), report.toString());
  }

  /** One cold {@code promotion status}: its wall time, the requests it made, what it printed. */
  private record StatusRun(double millis, long requests, String report) {}

  private void statusRow(String label, StatusRun[] runs) {
    double[] millis = Arrays.stream(runs).mapToDouble(StatusRun::millis).toArray();
    long[] requests = Arrays.stream(runs).mapToLong(StatusRun::requests).distinct().toArray();
    line(
        "| "
            + label
            + " | "
            + Arrays.stream(requests)
                .mapToObj(Long::toString)
                .collect(java.util.stream.Collectors.joining(", "))
            + " | "
            + ms(median(millis))
            + " ("
            + ms(Arrays.stream(millis).min().orElseThrow())
            + "-"
            + ms(Arrays.stream(millis).max().orElseThrow())
            + ") |");
  }

  private StatusRun coldStatus(
      GitDaemon daemon, String url, String name, String run, String classPath) throws Exception {
    Path cache = temp.resolve("cold-status-cache");
    if (Files.exists(cache)) {
      try (var paths = Files.walk(cache)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Path config = configuration(daemon, url, cache.toString(), name);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LAUNCHER);
    command.addAll(List.of("-cp", classPath, "dev.promotion.cli.Main"));
    command.addAll(List.of("--config=" + config, "--output=json", "status"));
    Path log = temp.resolve("status-" + run + ".log");
    GitDaemon.Requests before = daemon.requests(name);
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    double elapsed = (System.nanoTime() - start) / 1e6;
    String output = Files.readString(log);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("app-00059");
    String report = output.replaceFirst("\"time\" : \"[^\"]*\"", "\"time\" : \"(when run)\"");
    return new StatusRun(elapsed, daemon.requests(name).since(before).uploadPack(), report);
  }

  /**
   * The class path with each module of this worktree (a jar the reactor packaged, or its classes)
   * replaced by the classes of the same module in {@code baseline}.
   */
  static String baselineClassPath(String classPath, String here, String baseline) {
    return Arrays.stream(classPath.split(java.io.File.pathSeparator))
        .map(
            entry -> {
              if (!entry.startsWith(here + "/")) {
                return entry;
              }
              String module = entry.substring(here.length() + 1).split("/")[0];
              String classes =
                  entry.endsWith("-tests.jar") || entry.endsWith("test-classes")
                      ? "test-classes"
                      : "classes";
              return baseline + "/" + module + "/target/" + classes;
            })
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  private double coldPromote(
      GitDaemon daemon, String url, String name, int app, List<String> jvm, String classPath)
      throws Exception {
    Path cache = temp.resolve("cold-cache");
    if (Files.exists(cache)) {
      try (var paths = Files.walk(cache)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Path config = configuration(daemon, url, cache.toString(), name);
    return promote(config, app, jvm, classPath);
  }

  private static String environment() throws IOException {
    return "load average after the runs: "
        + Files.readString(Path.of("/proc/loadavg")).split(" ")[0]
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " CPUs, "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.version");
  }

  private double promote(Path config, int app, List<String> jvmOptions) throws Exception {
    return promote(config, app, jvmOptions, System.getProperty("java.class.path"));
  }

  private double promote(Path config, int app, List<String> jvmOptions, String classPath)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add("dev.promotion.cli.Main");
    command.add("--config=" + config);
    command.add("--app=" + app(app));
    command.add("promote");
    command.add("--to");
    command.add("test");
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("cli-" + app + ".log").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    double elapsed = (System.nanoTime() - start) / 1e6;
    String log = Files.readString(temp.resolve("cli-" + app + ".log"));
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(log).startsWith("promote " + app(app) + ": done");
    return elapsed;
  }

  private double shellPromote(String url, int app) throws Exception {
    String dev = path("dev", app);
    String test = path("test", app);
    String script =
        "set -e; d=$(mktemp -d); git clone -q --depth 1 --branch main "
            + url
            + " \"$d/r\"; cd \"$d/r\"; v=$(grep 'targetRevision:' "
            + dev
            + " | awk '{print $2}'); sed -i \"s/targetRevision: .*/targetRevision: $v/\" "
            + test
            + "; git -c user.name=bench -c user.email=bench@example.com commit -q -am \"promote "
            + app(app)
            + " $v dev -> test\"; git push -q origin main; rm -rf \"$d\"";
    long start = System.nanoTime();
    Process p = new ProcessBuilder("bash", "-c", script).inheritIO().start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
    return (System.nanoTime() - start) / 1e6;
  }

  private Path configuration(GitDaemon daemon, String gitopsUrl) throws Exception {
    return configuration(daemon, gitopsUrl, "cache", "app");
  }

  private Path configuration(GitDaemon daemon, String gitopsUrl, String cache, String name)
      throws Exception {
    String appRepository = "app-" + name;
    if (!Files.exists(daemon.directory(appRepository))) {
      daemon.createRepository(appRepository);
    }
    Path app = daemon.directory(appRepository);
    StringBuilder apps = new StringBuilder();
    for (int i = 0; i <= Math.max(2 * RUNS, 60); i++) {
      apps.append("  - name: ").append(app(i)).append('\n');
    }
    String yaml =
        """
        pipeline:
          environments:
            - name: dev
              clusters: [pre]
            - name: test
              clusters: [pre]
            - name: stage
              clusters: [pre]
            - name: prod
              clusters: [prod]
          release: prod
        apps:
        %s\
        gitops:
          url: %s
          cache: %s
          chartRepository: oci://registry.example.com/charts
        registry:
          type: oci-layout
          path: registry
        scm:
          type: git
          path: %s
        """
            .formatted(apps, gitopsUrl, cache, app);
    Path config = temp.resolve("promotion-" + name + ".yaml");
    Files.writeString(config, yaml);
    return config;
  }

  private String generate(GitDaemon daemon, String name) throws IOException, InterruptedException {
    return generate(daemon, name, APPS);
  }

  private String generate(GitDaemon daemon, String name, int appCount)
      throws IOException, InterruptedException {
    String url = daemon.createRepository(name);
    try (FastImport fastImport = FastImport.into(daemon.directory(name))) {
      long time = 1_700_000_000L;
      fastImport.commit(time, "generate " + appCount * 4 + " manifests");
      for (int a = 0; a < appCount; a++) {
        for (String env : List.of("dev", "test", "stage", "prod")) {
          fastImport.file(path(env, a), manifest(a, env, env.equals("dev") ? DEV : "0.1.0"));
        }
      }
      for (int c = 1; c < COMMITS; c++) {
        int a = appCount / 2 + c % (appCount / 2);
        fastImport.commit(time + c, "set " + app(a) + " 0.1." + c + " in stage");
        fastImport.file(path("stage", a), manifest(a, "stage", "0.1." + c));
      }
    }
    return url;
  }

  private static String path(String env, int app) {
    String cluster = env.equals("prod") ? "prod" : "pre";
    return "registry/environments/" + env + "/" + cluster + "/" + app(app) + ".yaml";
  }

  private static String manifest(int app, String env, String version) {
    String cluster = env.equals("prod") ? "prod" : "pre";
    return "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: "
        + app(app)
        + "-"
        + env
        + "\n  namespace: argocd\nspec:\n  project: default\n  source:\n"
        + "    repoURL: oci://registry.example.com/charts\n    chart: "
        + app(app)
        + "\n    targetRevision: "
        + version
        + "\n  destination:\n    name: "
        + cluster
        + "\n    namespace: "
        + app(app)
        + "\n";
  }

  private static String app(int i) {
    return String.format(Locale.ROOT, "app-%05d", i);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%.0f ms", millis);
  }

  private void line(String text) {
    report.append(text).append('\n');
    System.out.println(text);
  }
}
