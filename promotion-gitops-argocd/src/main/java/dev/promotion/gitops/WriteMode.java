package dev.promotion.gitops;

import dev.promotion.spi.SourceControl;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the store writes a change set to the GitOps repository.
 *
 * <ul>
 *   <li>{@link #direct()}: one commit on the branch, pushed with compare-and-swap (the default).
 *   <li>{@link #pullRequest}: one commit on a branch {@code promote/{app}-{env}-{version}} based on
 *       the branch's tip, and a draft pull request into the branch, for teams that approve
 *       promotions by review. The change is live once the pull request is merged.
 *   <li>{@link #dispatch}: the GitOps repository's own update workflow is run once per change
 *       (inputs {@code environment}, {@code app_version}, {@code app_name}), for teams whose GitOps
 *       repository owns its writes; the store then waits, bounded, until the change is visible in
 *       git.
 *   <li>{@link #repositoryDispatch}: a {@code repository_dispatch} event per change (seed 002's
 *       manifest dispatch to a platform repository), with a client payload naming the app, the
 *       environment, the version, the image and the digest; then the same bounded wait.
 * </ul>
 */
public sealed interface WriteMode {
  /** Commit and push directly. */
  static WriteMode direct() {
    return new Direct();
  }

  /** Push a proposal branch and open a draft pull request through {@code gitopsRepository}. */
  static WriteMode pullRequest(SourceControl gitopsRepository) {
    return new PullRequest(gitopsRepository);
  }

  /**
   * Dispatch {@code workflow} on {@code ref} of {@code gitopsRepository} and wait up to {@code
   * timeout} (checking every {@code interval}) for the change to appear in git.
   */
  static WriteMode dispatch(
      SourceControl gitopsRepository,
      String workflow,
      String ref,
      Duration timeout,
      Duration interval) {
    return new Dispatch(gitopsRepository, workflow, ref, timeout, interval);
  }

  /**
   * Send a {@code repository_dispatch} event of {@code eventType} per change through {@code sender}
   * (for GitHub: {@code gitHubSourceControl::repositoryDispatch}) and wait up to {@code timeout}
   * (checking every {@code interval}) for the change to appear in git.
   */
  static WriteMode repositoryDispatch(
      EventSender sender, String eventType, Duration timeout, Duration interval) {
    return new RepositoryDispatch(sender, eventType, timeout, interval);
  }

  /** Sends a {@code repository_dispatch} event to the GitOps repository. */
  @FunctionalInterface
  interface EventSender {
    /**
     * Sends one event.
     *
     * @param clientPayload at most 10 top-level properties
     */
    void send(String eventType, Map<String, ?> clientPayload);
  }

  /** Commit and push directly. */
  record Direct() implements WriteMode {}

  /** A proposal branch and a draft pull request. */
  record PullRequest(SourceControl gitopsRepository) implements WriteMode {
    public PullRequest {
      Objects.requireNonNull(gitopsRepository, "gitopsRepository");
    }
  }

  /** A workflow dispatch per change, then a bounded wait for the change in git. */
  record Dispatch(
      SourceControl gitopsRepository,
      String workflow,
      String ref,
      Duration timeout,
      Duration interval)
      implements WriteMode {
    public Dispatch {
      Objects.requireNonNull(gitopsRepository, "gitopsRepository");
      Objects.requireNonNull(workflow, "workflow");
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(interval, "interval");
      requireWait(timeout, interval);
    }
  }

  /** A {@code repository_dispatch} event per change, then a bounded wait for the change in git. */
  record RepositoryDispatch(
      EventSender sender, String eventType, Duration timeout, Duration interval)
      implements WriteMode {
    public RepositoryDispatch {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(eventType, "eventType");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(interval, "interval");
      if (eventType.isBlank() || eventType.length() > 100) {
        throw new IllegalArgumentException("An event type is 1 to 100 characters");
      }
      requireWait(timeout, interval);
    }
  }

  private static void requireWait(Duration timeout, Duration interval) {
    if (interval.isNegative() || interval.isZero() || timeout.compareTo(interval) < 0) {
      throw new IllegalArgumentException("need 0 < interval <= timeout");
    }
  }
}
