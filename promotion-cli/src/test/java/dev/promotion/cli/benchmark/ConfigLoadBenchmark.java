package dev.promotion.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.cli.config.ConfigLoader;
import dev.promotion.cli.config.PromotionConfig;
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
 * Loading {@code promotion.yaml} (schema check with file:line:column positions, then binding) for
 * 60, 250 and 1,000 apps, each in a fresh JVM with {@code bin/promotion}'s settings: the first load
 * (what a command pays) and the median of 20 loads after it (the cost of the reading itself).
 * Alternates, run by run, with the code of another worktree ({@code -Dbaseline=}, built there with
 * {@code mvn -o -pl promotion-cli -am test-compile}). Not part of the default build; run it with:
 *
 * <pre>
 * mvn -B -q -o -pl promotion-cli -am verify -Dtest=ConfigLoadBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbaseline=/work/wt-base
 * </pre>
 *
 * It prints a Markdown table and writes it to {@code promotion-cli/target/benchmark-config.md}.
 */
class ConfigLoadBenchmark {
  private static final int RUNS = 5;

  @TempDir Path temp;

  @Test
  void load() throws Exception {
    String baseline = System.getProperty("baseline", "");
    String here = Path.of("").toAbsolutePath().getParent().toString();
    String classPath = System.getProperty("java.class.path");
    String testClasses = Path.of("target", "test-classes").toAbsolutePath().toString();
    String baselineClassPath =
        baseline.isEmpty()
            ? ""
            : CliPromoteBenchmark.baselineClassPath(classPath, here, baseline)
                + java.io.File.pathSeparator
                + testClasses;
    StringBuilder report = new StringBuilder();
    report.append("| apps | first load | then, each (median of 20) |");
    report.append(baseline.isEmpty() ? "\n|---|---|---|\n" : " baseline: first | then |\n");
    if (!baseline.isEmpty()) {
      report.setLength(report.length() - 1);
      report.append("\n|---|---|---|---|---|\n");
    }
    for (int apps : new int[] {60, 250, 1_000}) {
      Path config = temp.resolve("promotion-" + apps + ".yaml");
      Files.writeString(config, configuration(apps));
      double[][] runs = new double[RUNS][];
      double[][] before = new double[RUNS][];
      for (int i = 0; i < RUNS; i++) {
        runs[i] = child(classPath, config);
        if (!baseline.isEmpty()) {
          before[i] = child(baselineClassPath, config);
        }
      }
      report.append(
          String.format(
              Locale.ROOT,
              "| %,d | %.0f ms | %.1f ms |%s%n",
              apps,
              median(runs, 0),
              median(runs, 1),
              baseline.isEmpty()
                  ? ""
                  : String.format(
                      Locale.ROOT, " %.0f ms | %.1f ms |", median(before, 0), median(before, 1))));
    }
    report.append(
        "\nmedians of "
            + RUNS
            + " fresh JVMs each, alternating; load average after the runs: "
            + Files.readString(Path.of("/proc/loadavg")).split(" ")[0]
            + ", "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.version")
            + "\n");
    System.out.print(report);
    Files.writeString(Path.of("target", "benchmark-config.md"), report.toString());
  }

  /** One fresh JVM: the first load, then the median of 20 more, in milliseconds. */
  private double[] child(String classPath, Path config) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath));
    command.add(Child.class.getName());
    command.add(config.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes()).strip();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    String[] fields = out.substring(out.lastIndexOf('\n') + 1).split(" ");
    return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1])};
  }

  private static double median(double[][] runs, int column) {
    double[] values = Arrays.stream(runs).mapToDouble(r -> r[column]).sorted().toArray();
    return values[values.length / 2];
  }

  private static String configuration(int apps) {
    StringBuilder yaml =
        new StringBuilder(
            """
            pipeline:
              environments:
                - name: dev
                - name: test
                - name: stage
                - name: prod
              release: prod
            apps:
            """);
    for (int i = 0; i < apps; i++) {
      yaml.append(String.format(Locale.ROOT, "  - name: app-%05d%n", i));
    }
    yaml.append(
        """
        gitops:
          url: git://127.0.0.1:9418/gitops.git
          chartRepository: oci://registry.example.com/charts
        registry:
          type: oci-layout
          path: registry
        scm:
          type: git
          path: app
        """);
    return yaml.toString();
  }

  /** The measured process: prints "first median" in milliseconds. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) {
      Path config = Path.of(args[0]);
      long start = System.nanoTime();
      PromotionConfig first = ConfigLoader.load(config);
      double firstMillis = (System.nanoTime() - start) / 1e6;
      double[] then = new double[20];
      for (int i = 0; i < then.length; i++) {
        long s = System.nanoTime();
        PromotionConfig again = ConfigLoader.load(config);
        then[i] = (System.nanoTime() - s) / 1e6;
        if (again.applications().size() != first.applications().size()) {
          throw new IllegalStateException("a load read another number of apps");
        }
      }
      Arrays.sort(then);
      System.out.printf(Locale.ROOT, "%.3f %.3f%n", firstMillis, then[then.length / 2]);
    }
  }
}
