package dev.promotion.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.helm.oci.internal.Descriptor;
import dev.promotion.helm.oci.internal.OciJson;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.PushResult;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("an OCI image layout written by several threads and processes at once")
class OciLayoutConcurrencyTest {
  private static final String CHART = "api";
  private static final ChartVersion SHARED = ChartVersion.parse("9.9.9");
  private static final int COUNT = 150;

  @TempDir Path root;

  @Test
  @DisplayName("pushes of different versions from eight threads all end up in index.json")
  void threadsLoseNoUpdate() throws Exception {
    OciLayoutChartRegistry registry = OciLayoutChartRegistry.builder().root(root).build();
    List<ChartVersion> versions =
        IntStream.range(0, 24).mapToObj(i -> ChartVersion.parse("1.0." + i)).toList();
    List<ChartContent> contents =
        versions.stream().map(v -> ChartFixture.chart(CHART, v).content()).toList();

    List<PushResult> results =
        inThreads(8, versions.size(), i -> push(registry, versions.get(i), contents.get(i)));

    assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(PushResult.Pushed.class));
    assertThat(registry.versions(CHART))
        .containsExactlyElementsOf(versions.stream().sorted().toList());
    for (int i = 0; i < versions.size(); i++) {
      assertThat(registry.resolve(CHART, versions.get(i)).orElseThrow().digest())
          .isEqualTo(contents.get(i).digest());
    }
    assertThat(Files.list(root.resolve(".promotion/tmp"))).isEmpty();
  }

  @Test
  @DisplayName("two registries reaching the same root through a symbolic link share its lock")
  void symbolicLinkSharesTheLock() throws Exception {
    Path real = Files.createDirectories(root.resolve("real"));
    Path link = Files.createSymbolicLink(root.resolve("link"), real);
    OciLayoutChartRegistry direct = OciLayoutChartRegistry.builder().root(real).build();
    OciLayoutChartRegistry linked = OciLayoutChartRegistry.builder().root(link).build();
    List<ChartVersion> versions =
        IntStream.range(0, 16).mapToObj(i -> ChartVersion.parse("3.0." + i)).toList();
    List<ChartContent> contents =
        versions.stream().map(v -> ChartFixture.chart(CHART, v).content()).toList();

    List<PushResult> results =
        inThreads(
            4,
            versions.size(),
            i -> push(i % 2 == 0 ? direct : linked, versions.get(i), contents.get(i)));

    assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(PushResult.Pushed.class));
    assertThat(direct.versions(CHART)).containsExactlyElementsOf(versions);
  }

  @Test
  @DisplayName(
      "a second JVM pushing while this one pushes: no version is lost, the shared version is"
          + " stored once, and index.json stays valid")
  void processesLoseNoUpdate() throws Exception {
    OciLayoutChartRegistry registry = OciLayoutChartRegistry.builder().root(root).build();
    Path output = root.resolveSibling(root.getFileName() + "-pusher.log");
    Path ready = root.resolveSibling(root.getFileName() + "-ready");
    Path go = root.resolveSibling(root.getFileName() + "-go");
    List<ChartVersion> ours =
        IntStream.range(0, COUNT).mapToObj(i -> ChartVersion.parse("1.0." + i)).toList();
    List<ChartContent> contents =
        ours.stream().map(v -> ChartFixture.chart(CHART, v).content()).toList();
    ChartContent shared = ChartFixture.chart(CHART, SHARED).content();
    Process other =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ConcurrentPusher.class.getName(),
                root.toString(),
                CHART,
                "2.0",
                String.valueOf(COUNT),
                SHARED.toString(),
                ready.toString(),
                go.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    List<PushResult> results;
    try {
      awaitFile(ready, other);
      Files.createFile(go);
      results =
          inThreads(
              3,
              ours.size() * 2,
              i ->
                  i % 2 == 0
                      ? push(registry, ours.get(i / 2), contents.get(i / 2))
                      : push(registry, SHARED, shared));
      assertThat(other.waitFor(120, TimeUnit.SECONDS)).as("second process finished").isTrue();
    } finally {
      ProcessHandle.of(other.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
    String log = Files.readString(output, StandardCharsets.UTF_8);

    assertThat(other.exitValue()).as(log).isZero();
    List<ChartVersion> expected = new ArrayList<>(ours);
    IntStream.range(0, COUNT).forEach(i -> expected.add(ChartVersion.parse("2.0." + i)));
    expected.add(SHARED);
    assertThat(registry.versions(CHART))
        .containsExactlyElementsOf(expected.stream().sorted().toList());
    long sharedPushed =
        results.stream()
                .filter(
                    r -> r instanceof PushResult.Pushed && r.artifact().version().equals(SHARED))
                .count()
            + log.lines().filter(l -> l.equals("Pushed " + SHARED)).count();
    assertThat(sharedPushed).as("the shared version is written exactly once").isEqualTo(1);
    List<Descriptor> index =
        OciJson.readIndex(
            "index.json", Files.readAllBytes(registry.layout(CHART).resolve("index.json")));
    assertThat(index).hasSize(expected.size());
  }

  private static void awaitFile(Path file, Process process) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(file)) {
      assertThat(process.isAlive()).as("second process alive").isTrue();
      assertThat(System.nanoTime() - deadline).as("second process ready in time").isNegative();
      Thread.sleep(10);
    }
  }

  private static PushResult push(
      OciLayoutChartRegistry registry, ChartVersion version, ChartContent content) {
    return registry.push(CHART, version, content, Map.of());
  }

  private interface Task {
    PushResult run(int i) throws Exception;
  }

  private static List<PushResult> inThreads(int threads, int tasks, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<PushResult>> futures = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        int n = i;
        Callable<PushResult> call = () -> task.run(n);
        futures.add(pool.submit(call));
      }
      List<PushResult> results = new ArrayList<>();
      for (Future<PushResult> future : futures) {
        results.add(future.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
