package dev.promotion.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One controller application as observed at one moment: the fields of an Argo CD Application's
 * {@code status} (and whether an {@code operation} is pending), carried as reported, undecided.
 *
 * @param application which application this is
 * @param found false when the controller does not know the application (yet: an ApplicationSet may
 *     still be generating it); every other field is then empty
 * @param sources the application's sources: {@code spec.source}, or {@code spec.sources[]} in order
 * @param sync {@code status.sync.status}
 * @param revisions the revisions last synced, in the order of {@code spec.sources}, for a Helm
 *     chart source the chart version itself: while Synced {@code status.sync.revision} (or a
 *     multi-source application's {@code status.sync.revisions[]}); otherwise the newest {@code
 *     status.history[]} entry's, because while OutOfSync {@code status.sync.revision} is already
 *     the new target Argo CD compared against, not what runs; empty when nothing was synced
 * @param health {@code status.health.status}
 * @param healthMessage {@code status.health.message}, or a summary of unhealthy resources
 *     ("Progressing: 3 of 4 pods ready"), when reported
 * @param healthSince {@code status.health.lastTransitionTime}, when reported
 * @param operationPending whether the resource has an {@code operation} field (a sync requested or
 *     running)
 * @param operation {@code status.operationState}, when present
 * @param reconciledAt {@code status.reconciledAt}, when reported
 * @param conditions {@code status.conditions[]}
 * @param history {@code status.history[]}, oldest first as Argo CD keeps it
 * @param images {@code status.summary.images[]}, as reported ({@code repo/name:tag} or with a
 *     digest)
 */
public record LiveObservation(
    LiveApplication application,
    boolean found,
    List<Source> sources,
    SyncStatus sync,
    List<String> revisions,
    HealthStatus health,
    Optional<String> healthMessage,
    Optional<Instant> healthSince,
    boolean operationPending,
    Optional<OperationState> operation,
    Optional<Instant> reconciledAt,
    List<Condition> conditions,
    List<HistoryItem> history,
    List<String> images) {
  public LiveObservation {
    Objects.requireNonNull(application, "application");
    sources = List.copyOf(sources);
    Objects.requireNonNull(sync, "sync");
    revisions = List.copyOf(revisions);
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(healthMessage, "healthMessage");
    Objects.requireNonNull(healthSince, "healthSince");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(reconciledAt, "reconciledAt");
    conditions = List.copyOf(conditions);
    history = List.copyOf(history);
    images = List.copyOf(images);
  }

  /** An application the controller does not know (HTTP 404 from Argo CD). */
  public static LiveObservation notFound(LiveApplication application) {
    return new LiveObservation(
        application,
        false,
        List.of(),
        SyncStatus.UNKNOWN,
        List.of(),
        HealthStatus.UNKNOWN,
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        List.of());
  }

  /**
   * One source of the application ({@code spec.source} or an entry of {@code spec.sources[]}).
   *
   * @param chart the Helm chart name, for a chart source
   * @param path the directory in a git source
   */
  public record Source(
      String repoUrl, Optional<String> chart, Optional<String> path, String targetRevision) {
    public Source {
      Objects.requireNonNull(repoUrl, "repoUrl");
      Objects.requireNonNull(chart, "chart");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(targetRevision, "targetRevision");
    }
  }

  /** Argo CD's sync status codes. */
  public enum SyncStatus {
    SYNCED,
    OUT_OF_SYNC,
    UNKNOWN
  }

  /** Argo CD's health status codes. */
  public enum HealthStatus {
    HEALTHY,
    PROGRESSING,
    DEGRADED,
    SUSPENDED,
    MISSING,
    UNKNOWN
  }

  /** Argo CD's operation phases ({@code status.operationState.phase}). */
  public enum OperationPhase {
    RUNNING,
    TERMINATING,
    SUCCEEDED,
    FAILED,
    ERROR
  }

  /**
   * {@code status.operationState}: the last or current sync operation.
   *
   * @param revisions the revisions it syncs ({@code syncResult.revision(s)}, or the operation's)
   * @param finishedAt empty while it runs
   */
  public record OperationState(
      OperationPhase phase,
      String message,
      List<String> revisions,
      Optional<Instant> startedAt,
      Optional<Instant> finishedAt) {
    public OperationState {
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(message, "message");
      revisions = List.copyOf(revisions);
      Objects.requireNonNull(startedAt, "startedAt");
      Objects.requireNonNull(finishedAt, "finishedAt");
    }
  }

  /** {@code status.conditions[]}: {@code type} (such as {@code ComparisonError}) and message. */
  public record Condition(String type, String message, Optional<Instant> lastTransitionTime) {
    public Condition {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
    }
  }

  /**
   * {@code status.history[]}: one sync that was deployed.
   *
   * @param revisions {@code revision}, or {@code revisions[]} of a multi-source application
   */
  public record HistoryItem(long id, List<String> revisions, Instant deployedAt) {
    public HistoryItem {
      revisions = List.copyOf(revisions);
      Objects.requireNonNull(deployedAt, "deployedAt");
    }
  }
}
