package dev.promotion.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which chart version each app declares in each environment: the GitOps repository.
 *
 * <p>Names passed in are already validated by the caller ({@link dev.promotion.pipeline.Names});
 * implementations validate again before using them in paths.
 */
public interface EnvironmentStore {
  /**
   * Reads what an app declares in an environment.
   *
   * <p>Read-only and idempotent.
   *
   * @return the deployment, or empty when the app declares nothing there
   * @throws dev.promotion.error.InvalidManifestException when the declaration exists but cannot be
   *     read (malformed, several disagreeing declarations)
   * @throws dev.promotion.error.BackendException when the store cannot be reached
   */
  Optional<Deployment> current(String app, String environment);

  /**
   * Applies all changes atomically, as one revision, or none of them.
   *
   * <p>For each change the current value must be the change's {@code expected} value or already its
   * {@code target}. Changes already at their target (with the same {@linkplain Change#digest()
   * digest} pin, or none) are left alone; when all are, nothing is written and the result is {@link
   * ApplyResult.Unchanged}. Idempotent: applying the same change set twice writes once. An
   * implementation that retries after losing a race re-checks every expectation against the new
   * state and never overwrites a newer value.
   *
   * @return {@link ApplyResult.Applied} with the new revision, or {@link ApplyResult.Unchanged}
   * @throws dev.promotion.error.ConcurrentModificationException when a current value is neither the
   *     expected nor the target value (after any retries); nothing was written
   * @throws dev.promotion.error.InvalidManifestException when a declaration cannot be edited
   * @throws dev.promotion.error.InvalidRequestException when a change pins a digest and this store
   *     does not {@linkplain #pinsDigests() pin digests}; nothing was written
   * @throws dev.promotion.error.BackendException when the store cannot be reached or written
   */
  ApplyResult apply(ChangeSet changes);

  /**
   * Whether this store records an image digest with a version ({@link Change#digest()}, {@link
   * Deployment#digest()}), as a Kustomize overlay's {@code images[].digest} does. A store that does
   * not refuses changes with a digest. False unless overridden.
   */
  default boolean pinsDigests() {
    return false;
  }

  /**
   * The controller applications that deploy {@code app} in {@code environment}, as its declarations
   * name them (in the Argo CD layout, each manifest's {@code metadata.name} and {@code
   * metadata.namespace}, one per cluster). Empty unless overridden: the {@link LiveState}
   * implementation then names them by its own rule.
   *
   * <p>Read-only and idempotent.
   */
  default List<LiveApplication> liveApplications(String app, String environment) {
    return List.of();
  }

  /**
   * Lists what every app declares in an environment, sorted by app name.
   *
   * <p>Read-only and idempotent.
   *
   * @return the deployments, empty when the environment declares nothing
   * @throws dev.promotion.error.BackendException when the store cannot be reached
   */
  List<Deployment> list(String environment);

  /**
   * The revisions that changed an app's version in an environment, newest first.
   *
   * <p>Read-only and idempotent. Revisions that did not change this app's version in this
   * environment are not listed.
   *
   * @param limit the most entries to return (at least 1)
   * @return at most {@code limit} entries, newest first; empty when there is no history
   * @throws dev.promotion.error.BackendException when the store cannot be reached
   */
  List<HistoryEntry> history(String app, String environment, int limit);

  /**
   * The newest entry of each app's history in an environment: for every app of {@code apps}, what
   * {@link #history history(app, environment, 1)} returns, read in bulk. A status report asks this
   * once per environment instead of once per app; a store whose history costs a round trip per read
   * (a git clone fetching what it lacks) overrides it to answer all apps together.
   *
   * <p>Read-only and idempotent. The default calls {@link #history} for each app.
   *
   * @return every app of {@code apps} (in their order) with its newest entry, or empty when it has
   *     no history in this environment (never declared there)
   * @throws dev.promotion.error.BackendException when the store cannot be reached
   */
  default Map<String, Optional<HistoryEntry>> lastChanges(
      String environment, Collection<String> apps) {
    Map<String, Optional<HistoryEntry>> last = new LinkedHashMap<>();
    for (String app : apps) {
      last.put(app, history(app, environment, 1).stream().findFirst());
    }
    return Collections.unmodifiableMap(last);
  }
}
