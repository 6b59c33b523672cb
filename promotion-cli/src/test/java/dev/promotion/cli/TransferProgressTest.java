package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("progress of chart transfers")
class TransferProgressTest {
  private static final long MIB = 1024 * 1024;
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private TransferProgress progress(TransferProgress.Style style) {
    return new TransferProgress(
        style, new PrintStream(stderr, true, StandardCharsets.UTF_8), nanos::get);
  }

  private void after(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  private String printed() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  private static long count(String text, char c) {
    return text.chars().filter(x -> x == c).count();
  }

  /** The last redrawn line, without its padding. */
  private String lastDraw() {
    String text = printed();
    return text.substring(text.lastIndexOf('\r') + 1).stripTrailing();
  }

  @Nested
  @DisplayName("on a terminal")
  class Redraw {
    @Test
    @DisplayName("the line shows bytes so far, the size, the percentage and the rate")
    void line() {
      TransferProgress.Transfer push =
          progress(TransferProgress.Style.REDRAW)
              .start("push", "api", RC, OptionalLong.of(12 * MIB));

      after(780);
      push.advance(3_355_443);

      assertThat(lastDraw())
          .isEqualTo("push api 0.2.0-rc.abc1234  3.2 MiB / 12.0 MiB  26%  4.1 MiB/s");
      assertThat(printed()).startsWith("\rpush api 0.2.0-rc.abc1234  0 B / 12.0 MiB  0%");
      assertThat(printed()).doesNotContain("\n");
    }

    @Test
    @DisplayName("redraws at most ten times a second, however often bytes arrive")
    void throttled() {
      TransferProgress.Transfer push =
          progress(TransferProgress.Style.REDRAW)
              .start("push", "api", RC, OptionalLong.of(12 * MIB));

      for (int i = 0; i < 1000; i++) {
        after(1);
        push.advance(12 * 1024);
      }

      // the first draw at the start, then one per 100 ms of the second that passed
      assertThat(count(printed(), '\r')).isEqualTo(1 + 10);
      for (int i = 0; i < 50; i++) {
        push.advance(1);
      }
      assertThat(count(printed(), '\r')).as("no time passed: no redraw").isEqualTo(11);
      after(99);
      push.advance(1);
      assertThat(count(printed(), '\r')).as("99 ms are not enough").isEqualTo(11);
      after(1);
      push.advance(1);
      assertThat(count(printed(), '\r')).isEqualTo(12);
    }

    @Test
    @DisplayName("ends with a complete redraw, a newline and a summary line")
    void finish() {
      TransferProgress.Transfer push =
          progress(TransferProgress.Style.REDRAW)
              .start("push", "api", RC, OptionalLong.of(12 * MIB));
      after(1300);
      push.advance(12 * MIB);

      push.finish("pushed");

      assertThat(printed())
          .endsWith(
              "\rpush api 0.2.0-rc.abc1234  12.0 MiB / 12.0 MiB  100%  9.2 MiB/s\n"
                  + "pushed api 0.2.0-rc.abc1234 (12.0 MiB in 1.3 s)\n");
      push.advance(1);
      push.finish("pushed");
      assertThat(count(printed(), '\n')).as("nothing after the end").isEqualTo(2);
    }

    @Test
    @DisplayName("an unknown size shows the bytes so far and the rate, without a percentage")
    void unknownSize() {
      TransferProgress.Transfer pull =
          progress(TransferProgress.Style.REDRAW).start("pull", "api", RC, OptionalLong.empty());

      after(500);
      pull.advance(512 * 1024);

      assertThat(lastDraw()).isEqualTo("pull api 0.2.0-rc.abc1234  512.0 KiB  1.0 MiB/s");
      pull.finish("pulled");
      assertThat(printed()).endsWith("\npulled api 0.2.0-rc.abc1234 (512.0 KiB in 0.5 s)\n");
    }

    @Test
    @DisplayName("a line shorter than the one before is padded, so no stale characters remain")
    void padding() {
      TransferProgress.Transfer pull =
          progress(TransferProgress.Style.REDRAW).start("pull", "api", RC, OptionalLong.empty());
      after(1);
      pull.advance(999);
      after(100);
      pull.advance(1);
      String before = printed();
      after(100_000);
      pull.advance(1);

      String longer = before.substring(before.lastIndexOf('\r') + 1);
      String shorter = printed().substring(printed().lastIndexOf('\r') + 1);
      assertThat(longer).isEqualTo("pull api 0.2.0-rc.abc1234  1000 B  9.7 KiB/s");
      assertThat(shorter.stripTrailing()).isEqualTo("pull api 0.2.0-rc.abc1234  1001 B  9 B/s");
      assertThat(shorter).hasSameSizeAs(longer);
    }

    @Test
    @DisplayName("a failed transfer ends the line, so the error starts on its own line")
    void abandon() {
      TransferProgress.Transfer push =
          progress(TransferProgress.Style.REDRAW).start("push", "api", RC, OptionalLong.of(MIB));
      push.advance(1024);

      push.abandon();

      assertThat(printed()).endsWith("\n").doesNotContain("pushed");
      assertThat(count(printed(), '\n')).isEqualTo(1);
    }

    @Test
    @DisplayName("an empty package is 100% from the start")
    void empty() {
      progress(TransferProgress.Style.REDRAW).start("push", "api", RC, OptionalLong.of(0));

      assertThat(lastDraw()).isEqualTo("push api 0.2.0-rc.abc1234  0 B / 0 B  100%");
    }
  }

  @Nested
  @DisplayName("in a log (not a terminal)")
  class Lines {
    @Test
    @DisplayName("one line when a transfer starts and one when it ends, never a redraw")
    void lines() {
      TransferProgress.Transfer push =
          progress(TransferProgress.Style.LINES)
              .start("push", "api", RC, OptionalLong.of(12 * MIB));
      for (int i = 0; i < 100; i++) {
        after(13);
        push.advance(12 * MIB / 100);
      }

      push.finish("pushed");

      assertThat(printed())
          .isEqualTo(
              "pushing api 0.2.0-rc.abc1234 (12.0 MiB)\n"
                  + "pushed api 0.2.0-rc.abc1234 (12.0 MiB in 1.3 s)\n");
    }

    @Test
    @DisplayName("a pull of unknown size starts without a size; a failure adds no line")
    void pull() {
      TransferProgress progress = progress(TransferProgress.Style.LINES);
      TransferProgress.Transfer pull = progress.start("pull", "api", RC, OptionalLong.empty());
      pull.advance(2048);
      pull.abandon();

      assertThat(printed()).isEqualTo("pulling api 0.2.0-rc.abc1234\n");
    }
  }

  @Test
  @DisplayName("never: nothing at all is printed")
  void silent() {
    TransferProgress.Transfer push =
        progress(TransferProgress.Style.SILENT).start("push", "api", RC, OptionalLong.of(MIB));
    after(2000);
    push.advance(MIB);
    push.finish("pushed");
    progress(TransferProgress.Style.SILENT)
        .start("pull", "api", RC, OptionalLong.empty())
        .abandon();

    assertThat(stderr.size()).isZero();
  }

  @Test
  @DisplayName("--progress auto redraws only on a terminal; always and never ignore the terminal")
  void styles() {
    assertThat(TransferProgress.Style.of(TransferProgress.Mode.AUTO, true))
        .isEqualTo(TransferProgress.Style.REDRAW);
    assertThat(TransferProgress.Style.of(TransferProgress.Mode.AUTO, false))
        .isEqualTo(TransferProgress.Style.LINES);
    assertThat(TransferProgress.Style.of(TransferProgress.Mode.ALWAYS, false))
        .isEqualTo(TransferProgress.Style.REDRAW);
    assertThat(TransferProgress.Style.of(TransferProgress.Mode.NEVER, true))
        .isEqualTo(TransferProgress.Style.SILENT);
  }

  @Test
  @DisplayName("sizes are in B, KiB, MiB and GiB with one decimal")
  void units() {
    assertThat(TransferProgress.bytes(0)).isEqualTo("0 B");
    assertThat(TransferProgress.bytes(1023)).isEqualTo("1023 B");
    assertThat(TransferProgress.bytes(1024)).isEqualTo("1.0 KiB");
    assertThat(TransferProgress.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(TransferProgress.bytes(MIB - 1)).isEqualTo("1.0 MiB");
    assertThat(TransferProgress.bytes(3_355_443)).isEqualTo("3.2 MiB");
    assertThat(TransferProgress.bytes(12 * MIB)).isEqualTo("12.0 MiB");
    assertThat(TransferProgress.bytes(1024 * MIB)).isEqualTo("1.0 GiB");
    assertThat(TransferProgress.bytes(5L * 1024 * 1024 * MIB)).isEqualTo("5120.0 GiB");
    assertThat(TransferProgress.seconds(1_349_000_000L)).isEqualTo("1.3 s");
  }
}
