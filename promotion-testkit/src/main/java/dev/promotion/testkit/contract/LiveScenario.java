package dev.promotion.testkit.contract;

import dev.promotion.spi.LiveState;
import dev.promotion.spi.LiveTarget;

/**
 * Drives a controller into the states {@link LiveStateContract} observes: the scenario driver an
 * implementation of {@link LiveState} provides, over its own controller (an in-memory one, or a
 * fake Argo CD that follows a real GitOps repository).
 *
 * <p>The apps and environments are those of {@link LiveStateContract}: the chart app {@value
 * LiveStateContract#API} (chart {@value LiveStateContract#API}), the image app {@value
 * LiveStateContract#WEB} (image repository {@value LiveStateContract#WEB_IMAGE}), the environment
 * {@value LiveStateContract#DEV} on one cluster, and {@value LiveStateContract#PROD} on the
 * clusters {@value LiveStateContract#EU} and {@value LiveStateContract#US}. Every script method is
 * called before the declaration it concerns.
 */
public interface LiveScenario {
  /** The live state under test. */
  LiveState liveState();

  /**
   * The target core would observe for the app in the environment: its declaration as the store
   * reads it now, and the controller applications the store names (or none, for a naming rule).
   */
  LiveTarget target(String app, String environment);

  /**
   * Declares {@code version} for the app in the environment (a commit to the GitOps repository).
   * The controller has not acted on it yet: observed right after, the application still shows the
   * previous revision.
   */
  void declare(String app, String environment, String version);

  /** Moves the controller to the middle of the sync operation of the last declaration. */
  void syncing(String app, String environment);

  /** Moves the controller past the sync of the last declaration, with health still Progressing. */
  void progressing(String app, String environment);

  /** Lets the controller finish everything it does (for a scripted failure: fail). */
  void settle();

  /** A commit that leaves the app's version as it is (another file of the repository changes). */
  void noOpCommit(String app, String environment);

  /** Once synced, {@code version} becomes Degraded (on every cluster of the environment). */
  void degradesOn(String app, String environment, String version);

  /** Once synced, {@code version} becomes Degraded on one cluster only. */
  void degradesOn(String app, String environment, String cluster, String version);

  /** After every sync, health stays Progressing. */
  void stuckProgressing(String app, String environment);

  /** The controller reports health reconciled before the sync finished, and stays so. */
  void staleReconcile(String app, String environment);

  /** The sync operation of {@code version} ends Failed. */
  void failsSync(String app, String environment, String version);

  /** The application does not exist until the next {@link #settle()}. */
  void createdLater(String app, String environment);

  /** A sync window denies every sync of the application. */
  void syncWindowDenies(String app, String environment);

  /** The application carries a {@code ComparisonError} condition. */
  void comparisonError(String app, String environment);

  /** The application has a git source of values before the chart source (multi-source). */
  void multipleSources(String app, String environment);
}
