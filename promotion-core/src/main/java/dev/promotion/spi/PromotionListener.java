package dev.promotion.spi;

/**
 * Receives events as use cases run, for audit logs and metrics.
 *
 * <p>Called synchronously on the thread running the use case. A listener must be quick and must not
 * throw: an exception from a listener is logged at debug level and ignored, so that an audit sink
 * that is down never leaves a release half done.
 */
@FunctionalInterface
public interface PromotionListener {
  /** A listener that ignores every event. */
  PromotionListener NONE = event -> {};

  /** Called for each event. */
  void on(PromotionEvent event);
}
