package dev.promotion.cli;

import dev.promotion.version.ChartVersion;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Byte-level progress of chart transfers on stderr, in one of three styles: one self-redrawing line
 * (a terminal), a line when a transfer starts and one when it ends (CI logs, pipes), or nothing.
 * Time comes from an injected nanosecond ticker, so redraws are throttled deterministically in
 * tests.
 */
final class TransferProgress {
  /** The {@code --progress} option. */
  enum Mode {
    /** Redraw on a terminal; plain lines otherwise. */
    AUTO,
    /** Redraw, terminal or not. */
    ALWAYS,
    /** Print nothing about transfers. */
    NEVER
  }

  /** How progress is shown. */
  enum Style {
    /** One line redrawn with {@code \r}, at most every {@link #REDRAW_INTERVAL_NANOS}. */
    REDRAW,
    /** A line at the start and one at the end of each transfer. */
    LINES,
    /** Nothing. */
    SILENT;

    static Style of(Mode mode, boolean terminal) {
      return switch (mode) {
        case ALWAYS -> REDRAW;
        case NEVER -> SILENT;
        case AUTO -> terminal ? REDRAW : LINES;
      };
    }
  }

  /** At most ten redraws a second. */
  static final long REDRAW_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final TransferProgress SILENT =
      new TransferProgress(Style.SILENT, System.err, () -> 0L);

  private final Style style;
  private final PrintStream err;
  private final LongSupplier ticker;

  TransferProgress(Style style, PrintStream err, LongSupplier nanoTicker) {
    this.style = Objects.requireNonNull(style, "style");
    this.err = Objects.requireNonNull(err, "err");
    this.ticker = Objects.requireNonNull(nanoTicker, "nanoTicker");
  }

  /** Progress that prints nothing. */
  static TransferProgress silent() {
    return SILENT;
  }

  Style style() {
    return style;
  }

  /**
   * A transfer begins.
   *
   * @param action {@code push} or {@code pull}, the first word of the progress line
   * @param total the size in bytes, when known
   */
  Transfer start(String action, String chart, ChartVersion version, OptionalLong total) {
    Transfer transfer = new Transfer(action, chart + " " + version, total);
    transfer.begin();
    return transfer;
  }

  /** One transfer; its methods are called from the thread that moves the bytes. */
  final class Transfer {
    private final String action;
    private final String what;
    private final OptionalLong total;
    private final long started;
    private long done;
    private long lastDraw;
    private int drawnWidth;
    private boolean ended;

    private Transfer(String action, String what, OptionalLong total) {
      this.action = action;
      this.what = what;
      this.total = total;
      this.started = ticker.getAsLong();
      this.lastDraw = started;
    }

    private void begin() {
      switch (style) {
        case REDRAW -> draw(started);
        case LINES -> {
          String size = total.isPresent() ? " (" + bytes(total.getAsLong()) + ")" : "";
          err.println(action + "ing " + what + size);
          err.flush();
        }
        case SILENT -> {}
      }
    }

    /** {@code count} more bytes moved; redraws when the last redraw is old enough. */
    synchronized void advance(long count) {
      done += count;
      if (style == Style.REDRAW && !ended) {
        long now = ticker.getAsLong();
        if (now - lastDraw >= REDRAW_INTERVAL_NANOS) {
          lastDraw = now;
          draw(now);
        }
      }
    }

    /**
     * The transfer succeeded: a last redraw and a newline on a terminal, then one summary line such
     * as {@code pushed api 0.2.0 (12.0 MiB in 1.3 s)}.
     *
     * @param outcome the summary's first word(s), such as {@code pushed}
     */
    synchronized void finish(String outcome) {
      if (ended || style == Style.SILENT) {
        ended = true;
        return;
      }
      ended = true;
      long now = ticker.getAsLong();
      if (style == Style.REDRAW) {
        draw(now);
        err.print('\n');
      }
      err.println(
          outcome + " " + what + " (" + bytes(done) + " in " + seconds(now - started) + ")");
      err.flush();
    }

    /** The transfer failed: a redrawn line is ended so that the error starts on its own line. */
    synchronized void abandon() {
      if (!ended && style == Style.REDRAW) {
        err.print('\n');
        err.flush();
      }
      ended = true;
    }

    private void draw(long now) {
      String line = line(now - started);
      String padding = " ".repeat(Math.max(0, drawnWidth - line.length()));
      drawnWidth = line.length();
      err.print("\r" + line + padding);
      err.flush();
    }

    private String line(long elapsed) {
      StringBuilder line =
          new StringBuilder(action).append(' ').append(what).append("  ").append(bytes(done));
      if (total.isPresent()) {
        long size = total.getAsLong();
        long percent = size == 0 ? 100 : Math.min(100, done * 100 / size);
        line.append(" / ").append(bytes(size)).append("  ").append(percent).append('%');
      }
      if (elapsed > 0) {
        long perSecond = (long) (done / (elapsed / 1e9));
        line.append("  ").append(bytes(perSecond)).append("/s");
      }
      return line.toString();
    }
  }

  /** A size in B, KiB, MiB or GiB, with one decimal above bytes: {@code 3.2 MiB}. */
  static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    String[] units = {"KiB", "MiB", "GiB"};
    double value = count / 1024.0;
    int unit = 0;
    // 1023.95 and up would print as 1024.0: show the next unit instead
    while (value >= 1023.95 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** Nanoseconds as seconds with one decimal: {@code 1.3 s}. */
  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
