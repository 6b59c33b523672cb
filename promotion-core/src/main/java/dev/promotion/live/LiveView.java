package dev.promotion.live;

/**
 * What gates may ask about the live state: whether an environment runs what it declares now,
 * observed once (no waiting).
 */
@FunctionalInterface
public interface LiveView {
  /**
   * The verdict on the version {@code environment} declares for {@code app} now: {@link
   * LiveVerdict.Running} with since when it is healthy there, or why not.
   *
   * @throws dev.promotion.error.BackendException when the controller cannot be reached
   */
  LiveVerdict verdict(String app, String environment);
}
