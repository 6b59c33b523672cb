package dev.promotion.argocd.simulator;

/** What goes wrong (or not) when a simulated Application syncs a new revision. */
public enum Script {
  /** OutOfSync, a sync operation, Progressing, then Healthy. */
  HEALTHY,
  /** The sync succeeds, the rollout fails: Progressing, then Degraded. */
  DEGRADED,
  /** The sync succeeds, the rollout never finishes: Progressing for ever. */
  STUCK_PROGRESSING,
  /**
   * After the sync finishes, the controller keeps reporting the health it had before it reconciled
   * ({@code reconciledAt} before {@code operationState.finishedAt}) for a few steps: the stale
   * Healthy that Kargo #1411 stopped trusting. Then Progressing, then Healthy.
   */
  STALE_HEALTH,
  /** The sync operation ends {@code Failed}; the Application stays OutOfSync. */
  SYNC_FAILS
}
