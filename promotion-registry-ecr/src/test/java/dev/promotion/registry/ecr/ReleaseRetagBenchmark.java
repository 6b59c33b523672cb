package dev.promotion.registry.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotion.chart.ChartPackages;
import dev.promotion.registry.oci.OciLayoutChartRegistry;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.PushResult;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The release re-tag (pull the RC, re-version it, push the release) of 1 MB and 50 MB charts,
 * against the image layout and the fake ECR (run in its own process so that its stored blobs do not
 * count in this heap). Prints a Markdown table: bytes moved against the minimum (the RC's package
 * down, the new package and config up), time against a plain gunzip+gzip of the same package, and
 * the heap.
 *
 * <p>Run: {@code mvn -B -q -pl promotion-registry-ecr -am -Pbenchmark -DskipTests verify}.
 */
public final class ReleaseRetagBenchmark {
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");
  private static final int MB = 1000 * 1000;
  private static final int FILE = 4 * 1024 * 1024;
  private static final int RUNS = 3;

  private ReleaseRetagBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("promotion-benchmark-");
    List<String> rows = new ArrayList<>();
    Process fake = startFakeEcr();
    try {
      URI endpoint =
          URI.create(
              new BufferedReader(
                      new InputStreamReader(fake.getInputStream(), StandardCharsets.UTF_8))
                  .readLine());
      for (int size : new int[] {1 * MB, 10 * MB, 50 * MB}) {
        Path rcPackage = chartPackage(work, size);
        long gzipNanos = median(RUNS, () -> timeGunzipGzip(rcPackage, work));
        OciLayoutChartRegistry layout =
            OciLayoutChartRegistry.builder().root(work.resolve("layout-" + size)).build();
        rows.add(measure("OCI layout", layout, rcPackage, size, gzipNanos, work, () -> 0L, null));
        post(endpoint, "/fake-admin/repository/size" + size + "/api");
        try (EcrChartRegistry ecr =
            EcrChartRegistry.builder()
                .region("eu-west-1")
                .endpointOverride(endpoint)
                .credentials(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .repositoryPrefix("size" + size + "/")
                .tempDirectory(work)
                .build()) {
          rows.add(measure("fake ECR", ecr, rcPackage, size, gzipNanos, work, () -> 0L, endpoint));
        }
      }
    } finally {
      fake.getOutputStream().close();
      fake.waitFor();
    }
    System.out.println(
        "| backend | package | time (median of "
            + RUNS
            + ") | gunzip+gzip | ratio | bytes moved | minimum | peak live heap above idle |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println();
    System.out.println(
        "JVM: "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.version")
            + ", max heap "
            + Runtime.getRuntime().maxMemory() / (1024 * 1024)
            + " MiB, "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs");
  }

  private interface Bytes {
    long get() throws Exception;
  }

  private static String measure(
      String backend,
      ChartRegistry registry,
      Path rcPackage,
      int size,
      long gzipNanos,
      Path work,
      Bytes unused,
      URI fakeEndpoint)
      throws Exception {
    String chart = "api";
    registry.push(chart, RC, ChartContent.of(rcPackage), Map.of());
    List<Long> times = new ArrayList<>();
    long moved = 0;
    long minimum = 0;
    for (int run = 0; run < RUNS; run++) {
      ChartVersion release = ChartVersion.parse("0.2." + run);
      Path pulled = work.resolve("pulled.tgz");
      Path reversioned = work.resolve("release-" + run + ".tgz");
      Set<Path> blobsBefore = blobs(work, registry);
      if (fakeEndpoint != null) {
        post(fakeEndpoint, "/fake-admin/reset");
      }
      {
        long t0 = System.nanoTime();
        try (OutputStream out = Files.newOutputStream(pulled)) {
          registry.pull(chart, RC, out);
        }
        try (InputStream in = Files.newInputStream(pulled);
            OutputStream out = Files.newOutputStream(reversioned)) {
          ChartPackages.reversion(in, out, release);
        }
        PushResult result = registry.push(chart, release, ChartContent.of(reversioned), Map.of());
        times.add(System.nanoTime() - t0);
        if (!(result instanceof PushResult.Pushed)) {
          throw new IllegalStateException("expected a push, got " + result);
        }
      }
      long config = configSize(reversioned, release);
      minimum = Files.size(rcPackage) + Files.size(reversioned) + config;
      if (fakeEndpoint != null) {
        JsonNode counters = post(fakeEndpoint, "/fake-admin/counters");
        moved = counters.get("bytesDownloaded").asLong() + counters.get("bytesUploaded").asLong();
      } else {
        long written = 0;
        for (Path blob : blobs(work, registry)) {
          if (!blobsBefore.contains(blob)) {
            written += Files.size(blob);
          }
        }
        moved = Files.size(pulled) + written;
      }
    }
    times.sort(Long::compare);
    long median = times.get(times.size() / 2);
    Path pulled = work.resolve("pulled.tgz");
    Path reversioned = work.resolve("release-heap.tgz");
    ChartVersion release = ChartVersion.parse("0.3.0");
    System.gc();
    long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long live;
    long samples;
    HeapSampler heap = HeapSampler.start();
    try {
      try (OutputStream out = Files.newOutputStream(pulled)) {
        registry.pull(chart, RC, out);
      }
      try (InputStream in = Files.newInputStream(pulled);
          OutputStream out = Files.newOutputStream(reversioned)) {
        ChartPackages.reversion(in, out, release);
      }
      registry.push(chart, release, ChartContent.of(reversioned), Map.of());
    } finally {
      heap.stop();
    }
    live = heap.max() - baseline;
    samples = heap.samples();
    return String.format(
        "| %s | %d MB | %d ms | %d ms | %.1fx | %s | %s | %.1f MiB (%d samples) |",
        backend,
        size / MB,
        median / 1_000_000,
        gzipNanos / 1_000_000,
        (double) median / gzipNanos,
        String.format("%,d", moved),
        String.format("%,d", minimum),
        live / (1024.0 * 1024),
        samples);
  }

  private static long configSize(Path reversioned, ChartVersion release) throws IOException {
    dev.promotion.helm.oci.HelmChartImage image =
        dev.promotion.helm.oci.HelmChartImage.of(
            reversioned,
            "api",
            release,
            ChartContent.of(reversioned).digest(),
            Files.size(reversioned),
            Map.of(),
            dev.promotion.helm.oci.HelmChartImage.defaultLimits());
    return image.config().length + image.manifest().length;
  }

  private static Set<Path> blobs(Path work, ChartRegistry registry) throws IOException {
    if (!(registry instanceof OciLayoutChartRegistry layout)) {
      return Set.of();
    }
    Path dir = layout.layout("api").resolve("blobs/sha256");
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.collect(Collectors.toSet());
    }
  }

  private static Path chartPackage(Path work, int size) {
    Random random = new Random(size);
    ChartFixture fixture = ChartFixture.chart("api", RC).appVersion("1.4.2");
    int remaining = size;
    for (int i = 0; remaining > 0; i++) {
      byte[] bytes = new byte[Math.min(FILE, remaining)];
      random.nextBytes(bytes);
      fixture = fixture.file("files/payload-" + i + ".bin", bytes);
      remaining -= bytes.length;
    }
    try {
      return fixture.writePackage(Files.createDirectories(work.resolve("rc-" + size)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private interface Timed {
    long run() throws Exception;
  }

  private static long median(int runs, Timed timed) throws Exception {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      times.add(timed.run());
    }
    times.sort(Long::compare);
    return times.get(runs / 2);
  }

  private static long timeGunzipGzip(Path tgz, Path work) throws IOException {
    Path out = work.resolve("regzipped.tgz");
    long t0 = System.nanoTime();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 64 * 1024);
        OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out), 64 * 1024)) {
      in.transferTo(gz);
    }
    return System.nanoTime() - t0;
  }

  private static Process startFakeEcr() throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            FakeEcr.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static JsonNode post(URI endpoint, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body());
  }

  /**
   * Samples the live heap while a block runs: a full GC every 20 ms, then the heap in use, which is
   * what the block holds (plus what it allocated since the last GC).
   */
  private static final class HeapSampler {
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private HeapSampler() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  sample();
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      thread.setDaemon(true);
    }

    static HeapSampler start() {
      HeapSampler sampler = new HeapSampler();
      sampler.thread.start();
      return sampler;
    }

    private void sample() {
      System.gc();
      max.accumulateAndGet(
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
      samples.incrementAndGet();
    }

    long max() {
      return max.get();
    }

    long samples() {
      return samples.get();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
      sample();
    }
  }
}
