package dev.promotion.cli;

import dev.promotion.result.Durations;
import dev.promotion.spi.PromotionEvent;
import dev.promotion.spi.PromotionListener;
import java.time.Duration;

/**
 * The progress line on stderr while a command waits for an environment to run a version: printed
 * when the reason changes, and at least every 30 s of waiting otherwise, so a CI log shows the wait
 * without a line per poll. {@code --progress never} silences it.
 */
final class WaitProgress implements PromotionListener {
  private static final Duration REPEAT = Duration.ofSeconds(30);

  private final PromotionCommand root;
  private String lastReason = "";
  private Duration lastPrinted = Duration.ZERO;

  WaitProgress(PromotionCommand root) {
    this.root = root;
  }

  @Override
  public synchronized void on(PromotionEvent event) {
    if (!(event instanceof PromotionEvent.Waiting waiting)
        || root.progress == TransferProgress.Mode.NEVER) {
      return;
    }
    boolean changed = !waiting.reason().equals(lastReason);
    if (!changed && waiting.waited().minus(lastPrinted).compareTo(REPEAT) < 0) {
      return;
    }
    lastReason = waiting.reason();
    lastPrinted = waiting.waited();
    root.err.println(line(waiting));
  }

  static String line(PromotionEvent.Waiting waiting) {
    return "  ... waiting for "
        + waiting.environment()
        + " to run "
        + waiting.app()
        + " "
        + waiting.version()
        + " ("
        + Durations.human(waiting.waited())
        + " of "
        + Durations.human(waiting.timeout())
        + "): "
        + waiting.reason();
  }
}
