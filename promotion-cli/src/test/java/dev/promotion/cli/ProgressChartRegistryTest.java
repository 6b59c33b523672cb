package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.ArtifactNotFoundException;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.PushResult;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a chart registry that reports transfer progress")
class ProgressChartRegistryTest {
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");

  private final InMemoryChartRegistry backend = new InMemoryChartRegistry();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final AtomicLong nanos = new AtomicLong();

  private ProgressChartRegistry registry(TransferProgress.Style style) {
    return new ProgressChartRegistry(
        backend,
        new TransferProgress(
            style,
            new PrintStream(stderr, true, StandardCharsets.UTF_8),
            () -> nanos.addAndGet(50_000_000L)));
  }

  private String printed() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a push counts the bytes the registry reads; pushing again says already pushed")
  void push() {
    ChartContent content = ChartFixture.packageChartContent("api", RC.toString());
    ProgressChartRegistry registry = registry(TransferProgress.Style.LINES);
    String size = TransferProgress.bytes(content.size());

    PushResult first = registry.push("api", RC, content, Map.of());
    PushResult again = registry.push("api", RC, content, Map.of());

    assertThat(first).isInstanceOf(PushResult.Pushed.class);
    assertThat(again).isInstanceOf(PushResult.AlreadyPresent.class);
    assertThat(backend.resolve("api", RC).orElseThrow().digest()).isEqualTo(content.digest());
    assertThat(printed().lines())
        .hasSize(4)
        .element(1)
        .asString()
        .startsWith("pushed api 0.2.0-rc.abc1234 (" + size + " in ");
    assertThat(printed().lines().toList().get(3)).startsWith("already pushed api 0.2.0-rc.abc1234");
  }

  @Test
  @DisplayName("a pull counts the bytes written to the sink, which gets them all and stays open")
  void pull() {
    ChartContent content = ChartFixture.packageChartContent("api", RC.toString());
    backend.push("api", RC, content, Map.of());
    ProgressChartRegistry registry = registry(TransferProgress.Style.REDRAW);
    boolean[] closed = {false};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) {
            bytes.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
          }

          @Override
          public void close() {
            closed[0] = true;
          }
        };

    registry.pull("api", RC, sink);

    assertThat(bytes.size()).isEqualTo(content.size());
    assertThat(closed[0]).isFalse();
    assertThat(printed())
        .startsWith("\rpull api 0.2.0-rc.abc1234  0 B")
        .doesNotContain("%")
        .contains("\npulled api 0.2.0-rc.abc1234 (" + TransferProgress.bytes(content.size()));
  }

  @Test
  @DisplayName("a failed pull ends the redrawn line, prints no summary and passes the error on")
  void failedPull() {
    ProgressChartRegistry registry = registry(TransferProgress.Style.REDRAW);

    assertThatThrownBy(() -> registry.pull("api", RC, new ByteArrayOutputStream()))
        .isInstanceOf(ArtifactNotFoundException.class);

    assertThat(printed()).startsWith("\rpull api").endsWith("\n").doesNotContain("pulled");
  }

  @Test
  @DisplayName("resolve and versions pass through without printing")
  void passThrough() {
    backend.push("api", RC, ChartFixture.packageChartContent("api", RC.toString()), Map.of());
    ProgressChartRegistry registry = registry(TransferProgress.Style.REDRAW);

    assertThat(registry.resolve("api", RC)).isPresent();
    assertThat(registry.versions("api")).containsExactly(RC);
    assertThat(stderr.size()).isZero();
  }
}
