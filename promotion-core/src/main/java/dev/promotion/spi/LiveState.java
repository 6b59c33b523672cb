package dev.promotion.spi;

import java.util.List;

/**
 * What actually runs: the live state of an app in an environment, as the deployment controller that
 * follows the GitOps repository (Argo CD) reports it.
 *
 * <p>A port observes and reports; it does not decide. Whether an environment runs a version
 * (synced, healthy, no operation in progress, the synced revision is the version) is decided once,
 * in core, from these observations. Implementations are read-only and may be called repeatedly
 * while core waits.
 */
public interface LiveState {
  /**
   * Observes every controller application behind {@code target}: one per application (an
   * environment spanning several clusters has several), in a stable order.
   *
   * @return one observation per application the target names or the implementation's naming rule
   *     gives; an application the controller does not know (yet) is an observation with {@link
   *     LiveObservation#found()} false, never an exception
   * @throws dev.promotion.error.BackendException when the controller cannot be reached, or refuses
   *     the credentials (a configuration error, with a message that never contains the credential)
   */
  List<LiveObservation> observe(LiveTarget target);
}
