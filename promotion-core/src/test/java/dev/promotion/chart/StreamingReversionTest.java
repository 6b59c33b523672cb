package dev.promotion.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.spi.ChartContent;
import dev.promotion.version.ChartVersion;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Re-versioning streams")
class StreamingReversionTest {
  private static final long SIZE = 200L * 1024 * 1024;
  private static final String BIG = "big/files/blob.bin";

  @Test
  @DisplayName("a 200 MB package is re-versioned by a child JVM with a 64 MB heap")
  @Timeout(180)
  void reversionsInConstantMemory(@TempDir Path dir) throws Exception {
    // given a chart with a 200 MB incompressible file, written streaming to disk
    Path input = dir.resolve("big-0.1.0.tgz");
    Path output = dir.resolve("big-1.0.0.tgz");
    String blobDigest = writeBigPackage(input);
    assertThat(Files.size(input)).isGreaterThan(SIZE);

    // when
    long started = System.nanoTime();
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                ReversionMain.class.getName(),
                input.toString(),
                output.toString(),
                "1.0.0")
            .redirectErrorStream(true)
            .start();
    String log;
    try (InputStream childOutput = child.getInputStream()) {
      log = new String(childOutput.readAllBytes(), StandardCharsets.UTF_8);
    }
    boolean exited = child.waitFor(150, TimeUnit.SECONDS);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    System.out.println(
        "child JVM re-versioned "
            + Files.size(input) / (1024 * 1024)
            + " MiB in "
            + elapsed.toMillis()
            + " ms: "
            + log.trim().replace('\n', ';'));

    // then
    assertThat(exited).isTrue();
    assertThat(child.exitValue()).as(log).isZero();
    assertThat(log).contains("metadata big 1.0.0 abc1234");
    ChartMetadata metadata;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(output))) {
      metadata = ChartPackages.read(in, ReversionMain.LARGE);
    }
    assertThat(metadata.version()).isEqualTo(ChartVersion.parse("1.0.0"));
    assertThat(metadata.appVersion()).contains("abc1234");
    assertThat(digestOfEntry(output, BIG)).isEqualTo(blobDigest);
  }

  /** Writes the package with stored (level 0) deflate: the data is incompressible anyway. */
  private static String writeBigPackage(Path file) throws IOException {
    GzipParameters parameters = new GzipParameters();
    parameters.setCompressionLevel(Deflater.NO_COMPRESSION);
    MessageDigest sha = ChartContent.sha256();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out, parameters)) {
      TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip);
      file(
          tar,
          "big/Chart.yaml",
          "apiVersion: v2\nname: big\nversion: 0.1.0\nappVersion: abc1234\n"
              .getBytes(StandardCharsets.UTF_8));
      file(tar, "big/values.yaml", "image:\n  tag: \"\"\n".getBytes(StandardCharsets.UTF_8));
      TarArchiveEntry big = new TarArchiveEntry(BIG);
      big.setSize(SIZE);
      tar.putArchiveEntry(big);
      new DigestInputStream(new RandomBytes(SIZE), sha).transferTo(tar);
      tar.closeArchiveEntry();
      file(
          tar,
          "big/templates/configmap.yaml",
          "kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8));
      tar.finish();
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static String digestOfEntry(Path tgz, String name) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz)), 64 * 1024))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.getName().equals(name)) {
          MessageDigest sha = ChartContent.sha256();
          byte[] buffer = new byte[64 * 1024];
          for (int n; (n = tar.read(buffer)) > 0; ) {
            sha.update(buffer, 0, n);
          }
          return HexFormat.of().formatHex(sha.digest());
        }
      }
    }
    throw new AssertionError(name + " is missing from " + tgz);
  }

  /** {@code size} pseudo-random bytes from a fixed seed, generated as they are read. */
  private static final class RandomBytes extends InputStream {
    private final SplittableRandom random = new SplittableRandom(20_240_101);
    private long left;

    RandomBytes(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(length, left);
      for (int i = 0; i < n; i += 8) {
        long value = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          buffer[offset + i + j] = (byte) (value >>> (8 * j));
        }
      }
      left -= n;
      return n;
    }
  }
}
