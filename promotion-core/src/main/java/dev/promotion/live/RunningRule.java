package dev.promotion.live;

import dev.promotion.pipeline.Application;
import dev.promotion.spi.LiveObservation;
import dev.promotion.spi.LiveObservation.HealthStatus;
import dev.promotion.spi.LiveObservation.OperationPhase;
import dev.promotion.spi.LiveObservation.OperationState;
import dev.promotion.spi.LiveObservation.SyncStatus;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import dev.promotion.version.VersionKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What "an environment runs version V" means, decided once, from the observations of every
 * controller application behind the environment. Each application must:
 *
 * <ul>
 *   <li>exist (an application not found yet is waited for: an ApplicationSet may still generate
 *       it);
 *   <li>have no operation in progress: no {@code operation} requested, {@code
 *       operationState.finishedAt} set, and {@code reconciledAt} not before it (health read before
 *       the controller reconciled the finished sync is stale);
 *   <li>have synced V for our source: for a chart app, the revision of the source whose chart is
 *       the app's chart (Argo CD reports a Helm source's chart version as its revision); for an
 *       image app, an image of the app's repository with tag V (or the pinned digest) in {@code
 *       summary.images};
 *   <li>be {@code Healthy}, and {@code Synced} unless the environment tolerates drift;
 *   <li>have no {@code ComparisonError} or {@code InvalidSpecError} condition.
 * </ul>
 *
 * It fails fast, without waiting further, when an application is {@code Degraded} on V or its sync
 * operation for V ended {@code Failed} or {@code Error}.
 */
public final class RunningRule {
  /** The conditions that mean the controller cannot compare or apply the declaration. */
  public static final Set<String> BLOCKING_CONDITIONS =
      Set.of("ComparisonError", "InvalidSpecError");

  private final Application app;
  private final Version version;
  private final Optional<ImageDigest> digest;
  private final boolean driftTolerant;
  private final Optional<Instant> declaredAt;

  /**
   * @param version the version that should run
   * @param digest the image digest the version is pinned to, when the declaration pins one
   * @param driftTolerant whether the environment accepts {@code OutOfSync} (resources changed by
   *     hand or by an autoscaler) while healthy on V
   */
  public RunningRule(
      Application app, Version version, Optional<ImageDigest> digest, boolean driftTolerant) {
    this.app = Objects.requireNonNull(app, "app");
    this.version = Objects.requireNonNull(version, "version");
    this.digest = Objects.requireNonNull(digest, "digest");
    this.driftTolerant = driftTolerant;
    this.declaredAt = Optional.empty();
  }

  private RunningRule(RunningRule rule, Instant declaredAt) {
    this.app = rule.app;
    this.version = rule.version;
    this.digest = rule.digest;
    this.driftTolerant = rule.driftTolerant;
    this.declaredAt = Optional.of(declaredAt);
  }

  /**
   * The same rule, knowing when git declared V: a sync operation that started after it and failed
   * is taken as the sync of V even when its revisions cannot be compared with V (an image app's git
   * revisions), so waiting fails fast instead of running into the timeout.
   */
  public RunningRule declaredAt(Instant time) {
    return new RunningRule(this, Objects.requireNonNull(time, "time"));
  }

  /** Decides for every application: failed if one failed, waiting if one waits, else running. */
  public LiveVerdict decide(List<LiveObservation> observations) {
    if (observations.isEmpty()) {
      return new LiveVerdict.Waiting("no Argo CD application is known for " + app.name() + " yet");
    }
    boolean several = observations.size() > 1;
    List<String> waiting = new ArrayList<>();
    Optional<Instant> since = Optional.empty();
    for (LiveObservation observation : observations) {
      LiveVerdict verdict = judge(observation);
      String prefix = several ? observation.application().cluster() + ": " : "";
      if (verdict instanceof LiveVerdict.Failed failed) {
        return new LiveVerdict.Failed(prefix + failed.reason());
      }
      if (verdict instanceof LiveVerdict.Waiting wait) {
        waiting.add(prefix + wait.reason());
      } else if (verdict instanceof LiveVerdict.Running run) {
        since = latest(since, run.since());
      }
    }
    if (!waiting.isEmpty()) {
      return new LiveVerdict.Waiting(String.join("; ", waiting));
    }
    return new LiveVerdict.Running(
        "runs "
            + version
            + (several ? " on " + observations.size() + " clusters" : "")
            + ", Healthy",
        since);
  }

  /** The verdict for one application. */
  public LiveVerdict judge(LiveObservation o) {
    if (!o.found()) {
      return new LiveVerdict.Waiting(
          "app not found yet: Argo CD has no application " + o.application().qualifiedName());
    }
    boolean onVersion = runsVersion(o);
    Optional<OperationState> operation = o.operation();
    if (operation.isPresent()
        && ended(operation.get())
        && operationFor(operation.get(), onVersion)) {
      OperationState op = operation.get();
      return new LiveVerdict.Failed(
          "the sync of "
              + version
              + " ended "
              + phase(op.phase())
              + (op.message().isBlank() ? "" : ": " + op.message()));
    }
    if (onVersion && o.health() == HealthStatus.DEGRADED) {
      return new LiveVerdict.Failed(
          "health is Degraded on " + version + o.healthMessage().map(m -> ": " + m).orElse(""));
    }
    Optional<String> window = syncWindow(o);
    if (window.isPresent()) {
      return new LiveVerdict.Waiting("sync window denies: " + window.get());
    }
    for (LiveObservation.Condition c : o.conditions()) {
      if (BLOCKING_CONDITIONS.contains(c.type())) {
        return new LiveVerdict.Waiting(c.type() + ": " + c.message());
      }
    }
    if (o.operationPending() || operation.isPresent() && operation.get().finishedAt().isEmpty()) {
      return new LiveVerdict.Waiting(
          "sync in progress"
              + operation
                  .filter(op -> !op.message().isBlank())
                  .map(op -> " (" + op.message() + ")")
                  .orElse(""));
    }
    Optional<Instant> finished = operation.flatMap(OperationState::finishedAt);
    if (finished.isPresent()
        && (o.reconciledAt().isEmpty() || o.reconciledAt().get().isBefore(finished.get()))) {
      return new LiveVerdict.Waiting(
          "health not reconciled since the sync finished at "
              + finished.get()
              + " (reconciled at "
              + o.reconciledAt().map(Instant::toString).orElse("never")
              + ")");
    }
    if (!onVersion) {
      return new LiveVerdict.Waiting(liveDescription(o) + ", want " + wanted());
    }
    if (o.health() != HealthStatus.HEALTHY) {
      return new LiveVerdict.Waiting(
          "still " + health(o.health()) + o.healthMessage().map(m -> ": " + m).orElse(""));
    }
    if (o.sync() != SyncStatus.SYNCED && !driftTolerant) {
      return new LiveVerdict.Waiting(
          "healthy on " + version + " but " + sync(o.sync()) + " with the GitOps repository");
    }
    return new LiveVerdict.Running("runs " + version + ", Healthy", since(o));
  }

  /**
   * What the application runs for our source, for people and for {@code status}: {@code synced
   * 0.1.0}, or the images of our repository.
   */
  public String liveDescription(LiveObservation o) {
    if (app.versionKind() == VersionKind.IMAGE) {
      List<String> ours = o.images().stream().filter(this::ourImage).toList();
      return ours.isEmpty()
          ? "runs no image of " + app.imageRepository()
          : "runs " + String.join(", ", ours);
    }
    if (o.revisions().isEmpty()) {
      return "synced nothing yet";
    }
    return ourRevision(o)
        .map(r -> "synced " + r)
        .orElse("synced no revision of chart " + app.chartName());
  }

  /** The revision Argo CD synced for our chart source, when it reports one. */
  public Optional<String> ourRevision(LiveObservation o) {
    List<String> revisions = o.revisions();
    List<LiveObservation.Source> sources = o.sources();
    if (sources.size() > 1 && revisions.size() == sources.size()) {
      for (int i = 0; i < sources.size(); i++) {
        if (sources.get(i).chart().filter(app.chartName()::equals).isPresent()) {
          return Optional.of(revisions.get(i));
        }
      }
      return Optional.empty();
    }
    return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(0));
  }

  /** Whether the application's synced state is V (the revision, or an image). */
  public boolean runsVersion(LiveObservation o) {
    if (app.versionKind() == VersionKind.IMAGE) {
      return o.images().stream().anyMatch(this::isOurImage);
    }
    return ourRevision(o).filter(version.text()::equals).isPresent();
  }

  private boolean ourImage(String image) {
    return repository(image).equals(app.imageRepository());
  }

  private boolean isOurImage(String image) {
    if (!ourImage(image)) {
      return false;
    }
    int at = image.indexOf('@');
    String named = at < 0 ? image : image.substring(0, at);
    Optional<String> reported = at < 0 ? Optional.empty() : Optional.of(image.substring(at + 1));
    int colon = named.lastIndexOf(':');
    Optional<String> tag =
        colon > named.lastIndexOf('/') ? Optional.of(named.substring(colon + 1)) : Optional.empty();
    if (digest.isPresent() && reported.isPresent()) {
      return reported.get().equals(digest.get().toString());
    }
    return tag.filter(version.text()::equals).isPresent();
  }

  /** {@code registry/name} of {@code registry/name:tag@digest}. */
  static String repository(String image) {
    int at = image.indexOf('@');
    String named = at < 0 ? image : image.substring(0, at);
    int colon = named.lastIndexOf(':');
    return colon > named.lastIndexOf('/') ? named.substring(0, colon) : named;
  }

  private String wanted() {
    return app.versionKind() == VersionKind.IMAGE
        ? app.imageRepository() + ":" + version + digest.map(d -> "@" + d.shortForm()).orElse("")
        : version.toString();
  }

  /**
   * Whether a finished operation concerns V: for a chart app, when it names revisions, one is V; an
   * older failed sync of another version does not fail the wait for this one.
   */
  private boolean operationFor(OperationState op, boolean onVersion) {
    if (app.versionKind() == VersionKind.CHART && !op.revisions().isEmpty()) {
      return op.revisions().contains(version.text());
    }
    boolean startedAfterDeclaration =
        declaredAt.isPresent()
            && op.startedAt().filter(t -> !t.isBefore(declaredAt.get())).isPresent();
    return onVersion || op.revisions().isEmpty() || startedAfterDeclaration;
  }

  private static boolean ended(OperationState op) {
    return (op.phase() == OperationPhase.FAILED || op.phase() == OperationPhase.ERROR)
        && op.finishedAt().isPresent();
  }

  private static Optional<String> syncWindow(LiveObservation o) {
    Optional<String> fromOperation =
        o.operation()
            .map(OperationState::message)
            .filter(m -> m.toLowerCase(Locale.ROOT).contains("sync window"));
    if (fromOperation.isPresent() && o.operation().get().finishedAt().isEmpty()) {
      return fromOperation;
    }
    return o.conditions().stream()
        .map(LiveObservation.Condition::message)
        .filter(m -> m.toLowerCase(Locale.ROOT).contains("sync window"))
        .findFirst();
  }

  private Optional<Instant> since(LiveObservation o) {
    Optional<Instant> deployed =
        o.history().stream()
            .filter(h -> runsRevisionOf(h.revisions()))
            .map(LiveObservation.HistoryItem::deployedAt)
            .reduce((a, b) -> b);
    return latest(o.healthSince(), deployed);
  }

  private boolean runsRevisionOf(List<String> revisions) {
    if (app.versionKind() == VersionKind.IMAGE) {
      // A git revision cannot be compared with an image tag: the newest deployment counts.
      return true;
    }
    return revisions.contains(version.text());
  }

  private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
  }

  static String phase(OperationPhase phase) {
    return camel(phase.name());
  }

  /** {@code Progressing}, {@code Degraded}: Argo CD's spelling. */
  public static String health(HealthStatus health) {
    return camel(health.name());
  }

  /** {@code Synced}, {@code OutOfSync}: Argo CD's spelling. */
  public static String sync(SyncStatus sync) {
    return sync == SyncStatus.OUT_OF_SYNC ? "OutOfSync" : camel(sync.name());
  }

  private static String camel(String constant) {
    return constant.charAt(0) + constant.substring(1).toLowerCase(Locale.ROOT);
  }
}
