package dev.promotion.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ChartContent")
class ChartContentTest {
  @TempDir Path dir;

  private static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  @Test
  @DisplayName("observed content reports every byte read from a file, in read-sized steps")
  void observedFile() throws Exception {
    byte[] bytes = bytes(300_000);
    Path file = Files.write(dir.resolve("api-0.1.0.tgz"), bytes);
    ChartContent content = ChartContent.of(file);
    List<Long> reads = new ArrayList<>();

    ChartContent observed = content.observed(reads::add);
    byte[] read;
    try (InputStream in = observed.open()) {
      read = in.readAllBytes();
    }

    assertThat(read).isEqualTo(bytes);
    assertThat(reads).allMatch(n -> n > 0).hasSizeGreaterThan(1);
    assertThat(reads.stream().mapToLong(Long::longValue).sum()).isEqualTo(300_000);
    assertThat(observed.size()).isEqualTo(content.size());
    assertThat(observed.digest()).isEqualTo(content.digest());
  }

  @Test
  @DisplayName("single-byte reads are reported too, and the end of the stream is not")
  void singleBytes() throws Exception {
    List<Long> reads = new ArrayList<>();
    ChartContent observed = ChartContent.of(new byte[] {1, 2, 3}).observed(reads::add);

    try (InputStream in = observed.open()) {
      while (in.read() >= 0) {
        // read to the end one byte at a time
      }
      assertThat(in.read(new byte[8], 0, 8)).isEqualTo(-1);
    }

    assertThat(reads).containsExactly(1L, 1L, 1L);
  }

  @Test
  @DisplayName("observing leaves the original content silent, and chains an earlier observer")
  void chained() throws Exception {
    ChartContent content = ChartContent.of(bytes(1000));
    List<String> calls = new ArrayList<>();

    ChartContent twice =
        content.observed(n -> calls.add("first " + n)).observed(n -> calls.add("second " + n));
    try (InputStream in = content.open()) {
      in.readAllBytes();
    }
    assertThat(calls).isEmpty();
    try (InputStream in = twice.open()) {
      assertThat(in.readAllBytes()).hasSize(1000);
    }

    assertThat(calls).containsExactly("first 1000", "second 1000");
    assertThat(twice.toString()).isEqualTo(content.toString());
  }

  @Test
  @DisplayName("inspect() reads the same bytes without reporting them: preparation is no transfer")
  void inspectIsSilent() throws Exception {
    byte[] data = bytes(1000);
    List<Long> reads = new ArrayList<>();
    ChartContent observed = ChartContent.of(data).observed(reads::add);

    try (InputStream in = observed.inspect()) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }

    assertThat(reads).isEmpty();
  }

  @Test
  @DisplayName("an observer is required")
  void nullObserver() {
    assertThatThrownBy(() -> ChartContent.of(new byte[] {1}).observed(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("bytesRead");
  }
}
