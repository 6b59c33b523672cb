package dev.promotion.spi;

/**
 * The state of a recorded deployment, as the host shows it (GitHub's deployment statuses).
 *
 * <p>{@link #IN_PROGRESS} when the GitOps change is written; {@link #SUCCESS} when the version is
 * known to run, or declared when nothing observes it; {@link #FAILURE} or {@link #ERROR} when it
 * did not run or the write failed; {@link #INACTIVE} once a newer deployment of the same
 * environment succeeded.
 */
public enum DeploymentState {
  IN_PROGRESS,
  SUCCESS,
  FAILURE,
  ERROR,
  INACTIVE
}
