package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the command line's progress of chart transfers")
class TransferProgressCommandLineTest {
  private static final Map<String, String> ENV = Map.of("USER", "alice");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
  private static final String RC = "0\\.1\\.0-rc\\.[0-9a-f]{7,}";
  private static final String MIB_3 = "3\\.0 MiB";

  @TempDir Path dir;
  private Path original;
  private Path chart;

  /** A workspace whose chart has 3 MiB of incompressible files, so the package is about 3 MiB. */
  @BeforeEach
  void createWorkspace() throws Exception {
    Workspace workspace = new Workspace(dir.resolve("original"));
    workspace.create();
    original = workspace.dir();
    chart = workspace.checkOutChart("main", "charts/api");
    Random random = new Random(7);
    for (int i = 0; i < 3; i++) {
      byte[] bytes = new byte[1024 * 1024];
      random.nextBytes(bytes);
      Files.createDirectories(chart.resolve("files"));
      Files.write(chart.resolve("files/blob-" + i + ".bin"), bytes);
    }
  }

  /** An identical copy of the workspace: same commits, so the same output for the same command. */
  private Path copy(String name) throws IOException {
    Path target = dir.resolve(name);
    try (Stream<Path> files = Files.walk(original)) {
      for (Path source : files.toList()) {
        Path destination = target.resolve(original.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(source, destination);
        }
      }
    }
    return target;
  }

  private Cli run(Path workspace, Terminal terminal, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--config=" + workspace.resolve("promotion.yaml");
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.run(CLOCK, terminal, ENV, all);
  }

  private Cli publish(Path workspace, Terminal terminal, String... options) {
    List<String> args = new java.util.ArrayList<>(List.of(options));
    args.addAll(List.of("--output", "json", "publish-dev", "--ref", "main", "--chart"));
    args.add(chart.toString());
    return run(workspace, terminal, args.toArray(String[]::new));
  }

  /** Not a terminal; each reading of the ticker is 20 ms later than the one before. */
  private static Terminal pipe() {
    AtomicLong nanos = new AtomicLong();
    return new Terminal(false, () -> nanos.addAndGet(20_000_000L));
  }

  @Test
  @DisplayName(
      "--progress never and auto without a terminal leave stdout as it was; stderr has two lines")
  void notATerminal() throws Exception {
    Cli never = publish(copy("never"), pipe(), "--progress", "never");
    Cli auto = publish(copy("auto"), pipe());

    assertThat(never.exitCode()).as(never.out() + never.err()).isZero();
    assertThat(auto.exitCode()).as(auto.out() + auto.err()).isZero();
    assertThat(new ObjectMapper().readTree(auto.out()).get("result").asText()).isEqualTo("done");
    assertThat(auto.out()).isEqualTo(never.out());
    assertThat(never.err()).isEmpty();
    assertThat(auto.err()).doesNotContain("\r");
    assertThat(auto.err().lines().toList())
        .hasSize(2)
        .satisfiesExactly(
            start -> assertThat(start).matches("pushing api " + RC + " \\(" + MIB_3 + "\\)"),
            end ->
                assertThat(end)
                    .matches("pushed api " + RC + " \\(" + MIB_3 + " in \\d+\\.\\d s\\)"));
  }

  @Test
  @DisplayName("--progress always redraws one line on stderr with \\r while a chart is pushed")
  void always() throws Exception {
    Cli never = publish(copy("never"), pipe(), "--progress", "never");
    Cli always = publish(copy("always"), pipe(), "--progress", "always");

    assertThat(always.exitCode()).as(always.out() + always.err()).isZero();
    assertThat(always.out()).isEqualTo(never.out());
    String[] draws = always.err().split("\r", -1);
    assertThat(draws.length - 1).as("redraws").isGreaterThan(5);
    assertThat(draws[1]).matches("push api " + RC + "  0 B / " + MIB_3 + "  0%\\s*");
    assertThat(always.err())
        .containsPattern(
            "\rpush api " + RC + "  1\\.\\d MiB / " + MIB_3 + "  \\d\\d%  [\\d.]+ MiB/s")
        .containsPattern(
            "\rpush api "
                + RC
                + "  "
                + MIB_3
                + " / "
                + MIB_3
                + "  100%  [\\d.]+ MiB/s *\n"
                + "pushed api "
                + RC
                + " \\("
                + MIB_3
                + " in \\d+\\.\\d s\\)\n$");
  }

  @Test
  @DisplayName(
      "a release without a terminal adds one line at the start and end of its pull and push")
  void release() throws Exception {
    Path workspace = copy("release");
    Terminal pipe = pipe();
    assertThat(publish(workspace, pipe, "--progress", "never").exitCode()).isZero();
    assertThat(run(workspace, pipe, "promote", "--to", "test").exitCode()).isZero();
    assertThat(run(workspace, pipe, "promote", "--to", "stage").exitCode()).isZero();

    Cli release = run(workspace, pipe, "--output", "json", "release");

    assertThat(release.exitCode()).as(release.out() + release.err()).isZero();
    assertThat(new ObjectMapper().readTree(release.out()).get("result").asText()).isEqualTo("done");
    assertThat(release.err().lines().toList())
        .satisfiesExactly(
            line -> assertThat(line).matches("pulling api " + RC),
            line -> assertThat(line).matches("pulled api " + RC + " \\(" + MIB_3 + " in .*\\)"),
            line -> assertThat(line).isEqualTo("pushing api 0.1.0 (3.0 MiB)"),
            line -> assertThat(line).matches("pushed api 0\\.1\\.0 \\(" + MIB_3 + " in .*\\)"));
  }
}
