package dev.promotion.testkit;

import dev.promotion.pipeline.Application;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.LiveApplication;
import dev.promotion.spi.LiveObservation;
import dev.promotion.spi.LiveObservation.Condition;
import dev.promotion.spi.LiveObservation.HealthStatus;
import dev.promotion.spi.LiveObservation.HistoryItem;
import dev.promotion.spi.LiveObservation.OperationPhase;
import dev.promotion.spi.LiveObservation.OperationState;
import dev.promotion.spi.LiveObservation.Source;
import dev.promotion.spi.LiveObservation.SyncStatus;
import dev.promotion.spi.LiveState;
import dev.promotion.spi.LiveTarget;
import dev.promotion.version.VersionKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A controller in memory that follows an {@link EnvironmentStore} the way Argo CD follows a GitOps
 * repository: after a new version is declared, each application is {@code OutOfSync}, then runs a
 * sync operation, then has synced the version and is {@code Progressing}, then {@code Healthy}. The
 * phases last {@link Script#delays} from the time the store recorded the declaration (its history),
 * read from the injected clock, so a test with a {@link MutableClock} moves through them
 * deterministically.
 *
 * <p>Scriptable per application: {@link Script#degradesOn}, {@link Script#stuckProgressing}, {@link
 * Script#staleReconcile}, {@link Script#failsSync}, {@link Script#createdAfter}, {@link
 * Script#syncWindowDenies}, {@link Script#condition}, {@link Script#drifts}, {@link
 * Script#multipleSources}. An environment with several clusters has one application per cluster,
 * named {@code {app}-{env}-{cluster}} ({@code {app}-{env}} on one cluster), unless the target names
 * them.
 *
 * <p>Thread-safe.
 */
public final class InMemoryLiveState implements LiveState {
  /** The chart repository the sources name. */
  public static final String CHART_REPOSITORY = "oci://registry.example/charts";

  private static final int HISTORY_DEPTH = 100;

  private final EnvironmentStore store;
  private final Clock clock;
  private final Map<Key, Tracker> trackers = new HashMap<>();
  private final Map<String, Script> scripts = new HashMap<>();
  private int observations;

  public InMemoryLiveState(EnvironmentStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The script of every application of {@code app} in {@code environment}, on every cluster. */
  public synchronized Script script(String app, String environment) {
    return scripts.computeIfAbsent(app + "/" + environment, k -> new Script());
  }

  /** The script of the application on one cluster; it overrides the environment's script. */
  public synchronized Script script(String app, String environment, String cluster) {
    return scripts.computeIfAbsent(app + "/" + environment + "/" + cluster, k -> new Script());
  }

  /** How many times {@link #observe} was called, for tests of the waiting loop. */
  public synchronized int observations() {
    return observations;
  }

  @Override
  public synchronized List<LiveObservation> observe(LiveTarget target) {
    Instant now = clock.instant();
    observations++;
    String app = target.app().name();
    String env = target.environment().name();
    List<LiveApplication> applications =
        target.applications().isEmpty() ? namedByRule(target) : target.applications();
    List<LiveObservation> result = new ArrayList<>();
    for (LiveApplication application : applications) {
      Script script =
          scripts.getOrDefault(
              app + "/" + env + "/" + application.cluster(),
              scripts.getOrDefault(app + "/" + env, new Script()));
      Tracker tracker =
          trackers.computeIfAbsent(new Key(application, app, env), k -> new Tracker(now));
      result.add(tracker.observe(target.app(), env, application, script, now));
    }
    return List.copyOf(result);
  }

  private static List<LiveApplication> namedByRule(LiveTarget target) {
    List<String> clusters = target.environment().clusters();
    String base = target.app().name() + "-" + target.environment().name();
    return clusters.stream()
        .map(
            c ->
                new LiveApplication(
                    c, clusters.size() == 1 ? base : base + "-" + c, Optional.empty()))
        .toList();
  }

  /** What one application does; changes apply to the next observation. */
  public static final class Script {
    private Duration outOfSync = Duration.ZERO;
    private Duration syncing = Duration.ZERO;
    private Duration progressing = Duration.ZERO;
    private final Set<String> degradesOn = new HashSet<>();
    private final Map<String, String> failsSync = new HashMap<>();
    private Optional<String> stuck = Optional.empty();
    private boolean staleReconcile;
    private Optional<Duration> createdAfter = Optional.empty();
    private Optional<String> window = Optional.empty();
    private final List<Condition> conditions = new ArrayList<>();
    private boolean drifts;
    private boolean multipleSources;

    private Script() {}

    /**
     * How long each phase lasts after a declaration: {@code OutOfSync} before the sync starts, the
     * sync operation, and {@code Progressing} after it. All zero unless set.
     */
    public synchronized Script delays(Duration outOfSync, Duration syncing, Duration progressing) {
      this.outOfSync = Objects.requireNonNull(outOfSync, "outOfSync");
      this.syncing = Objects.requireNonNull(syncing, "syncing");
      this.progressing = Objects.requireNonNull(progressing, "progressing");
      return this;
    }

    /** Health becomes {@code Degraded} once {@code version} is synced. */
    public synchronized Script degradesOn(String version) {
      degradesOn.add(version);
      return this;
    }

    /** Health stays {@code Progressing} with {@code message} after every sync. */
    public synchronized Script stuckProgressing(String message) {
      stuck = Optional.of(message);
      return this;
    }

    /**
     * {@code reconciledAt} stays before the sync's {@code finishedAt}: the health shown is stale
     * (the bug Kargo #1411 fixed).
     */
    public synchronized Script staleReconcile() {
      staleReconcile = true;
      return this;
    }

    /** The sync operation of {@code version} ends {@code Failed} with {@code message}. */
    public synchronized Script failsSync(String version, String message) {
      failsSync.put(version, message);
      return this;
    }

    /** The application is not found until {@code delay} after it was first observed. */
    public synchronized Script createdAfter(Duration delay) {
      createdAfter = Optional.of(delay);
      return this;
    }

    /** A sync window denies syncs: the operation waits with {@code message}. */
    public synchronized Script syncWindowDenies(String message) {
      window = Optional.of(message);
      return this;
    }

    /** The application carries a condition such as {@code ComparisonError}. */
    public synchronized Script condition(String type, String message) {
      conditions.add(new Condition(type, message, Optional.empty()));
      return this;
    }

    /** Resources drift after each sync: {@code OutOfSync} while healthy. */
    public synchronized Script drifts() {
      drifts = true;
      return this;
    }

    /**
     * The application has two sources, a git source of values first and the chart second, as a
     * multi-source Argo CD application.
     */
    public synchronized Script multipleSources() {
      multipleSources = true;
      return this;
    }

    /** Back to the default behaviour: no delays, healthy, no conditions. */
    public synchronized Script reset() {
      outOfSync = syncing = progressing = Duration.ZERO;
      degradesOn.clear();
      failsSync.clear();
      stuck = Optional.empty();
      staleReconcile = false;
      createdAfter = Optional.empty();
      window = Optional.empty();
      conditions.clear();
      drifts = false;
      multipleSources = false;
      return this;
    }
  }

  private record Key(LiveApplication application, String app, String environment) {}

  /** One application's controller state. */
  private final class Tracker {
    private final Instant firstObserved;
    private Optional<String> synced = Optional.empty();
    private Optional<String> target = Optional.empty();
    private String followed = "";
    private Instant noticedAt;
    private Optional<OperationState> lastOperation = Optional.empty();
    private Optional<Instant> healthSince = Optional.empty();
    private final List<HistoryItem> history = new ArrayList<>();

    Tracker(Instant firstObserved) {
      this.firstObserved = firstObserved;
    }

    LiveObservation observe(
        Application app, String env, LiveApplication application, Script s, Instant now) {
      synchronized (s) {
        if (s.createdAfter.isPresent() && now.isBefore(firstObserved.plus(s.createdAfter.get()))) {
          return LiveObservation.notFound(application);
        }
        Optional<Deployment> declared = store.current(app.name(), env);
        if (declared.isEmpty()) {
          return LiveObservation.notFound(application);
        }
        String version = declared.get().version().text();
        follow(app.name(), env, s);
        if (target.isEmpty() || !target.get().equals(version)) {
          target = Optional.of(version);
          noticedAt = now;
        }
        Instant syncStart = noticedAt.plus(s.outOfSync);
        Instant syncEnd = syncStart.plus(s.syncing);
        Instant healthy = syncEnd.plus(s.progressing);
        boolean pending = !synced.equals(target);
        SyncStatus sync;
        boolean operationPending = false;
        Instant reconciledAt = now;
        if (pending && s.window.isPresent()) {
          operationPending = true;
          lastOperation =
              Optional.of(
                  new OperationState(
                      OperationPhase.RUNNING,
                      "Sync operation blocked by sync window: " + s.window.get(),
                      List.of(version),
                      Optional.of(syncStart),
                      Optional.empty()));
        } else if (pending && !now.isBefore(syncStart)) {
          if (now.isBefore(syncEnd)) {
            operationPending = true;
            lastOperation =
                Optional.of(
                    new OperationState(
                        OperationPhase.RUNNING,
                        "waiting for healthy state of apps/Deployment/" + app.name(),
                        List.of(version),
                        Optional.of(syncStart),
                        Optional.empty()));
          } else if (s.failsSync.containsKey(version)) {
            lastOperation =
                Optional.of(
                    new OperationState(
                        OperationPhase.FAILED,
                        s.failsSync.get(version),
                        List.of(version),
                        Optional.of(syncStart),
                        Optional.of(syncEnd)));
          } else {
            completeSync(syncStart, syncEnd);
          }
        }
        if (!synced.equals(target)) {
          sync = SyncStatus.OUT_OF_SYNC;
        } else {
          sync = s.drifts ? SyncStatus.OUT_OF_SYNC : SyncStatus.SYNCED;
          if (s.staleReconcile && lastOperation.flatMap(OperationState::finishedAt).isPresent()) {
            reconciledAt = lastOperation.get().finishedAt().get().minusSeconds(1);
          }
        }
        HealthStatus health = HealthStatus.HEALTHY;
        Optional<String> message = Optional.empty();
        Optional<Instant> since = healthSince;
        if (synced.isPresent() && synced.equals(target)) {
          if (s.degradesOn.contains(synced.get())) {
            health = HealthStatus.DEGRADED;
            message = Optional.of("Deployment " + app.name() + " has 0 of 2 pods available");
          } else if (s.stuck.isPresent()) {
            health = HealthStatus.PROGRESSING;
            message = s.stuck;
          } else if (now.isBefore(healthy)) {
            health = HealthStatus.PROGRESSING;
            message = Optional.of("Progressing: 1 of 2 pods ready");
          } else {
            since = Optional.of(healthy);
          }
        } else if (synced.isEmpty()) {
          health = HealthStatus.MISSING;
        }
        return new LiveObservation(
            application,
            true,
            sources(app, version, s),
            sync,
            revisions(app, s),
            health,
            message,
            since,
            operationPending,
            lastOperation,
            Optional.of(reconciledAt),
            s.conditions,
            history,
            images(app, declared.get()));
      }
    }

    /**
     * Catches up with the store's declarations since the last observation, in order: each one whose
     * sync would have finished before the next declaration was synced then.
     */
    private void follow(String app, String env, Script s) {
      List<HistoryEntry> entries = new ArrayList<>(store.history(app, env, HISTORY_DEPTH));
      java.util.Collections.reverse(entries);
      int start = 0;
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i).revision().equals(followed)) {
          start = i + 1;
        }
      }
      for (HistoryEntry entry : entries.subList(start, entries.size())) {
        if (target.isPresent() && !synced.equals(target)) {
          Instant syncStart = noticedAt.plus(s.outOfSync);
          Instant syncEnd = syncStart.plus(s.syncing);
          if (s.window.isEmpty()
              && !s.failsSync.containsKey(target.get())
              && !entry.time().isBefore(syncEnd)) {
            completeSync(syncStart, syncEnd);
          }
        }
        target = Optional.of(entry.version().text());
        noticedAt = entry.time();
        followed = entry.revision();
      }
    }

    private void completeSync(Instant syncStart, Instant syncEnd) {
      synced = target;
      lastOperation =
          Optional.of(
              new OperationState(
                  OperationPhase.SUCCEEDED,
                  "successfully synced (all tasks run)",
                  List.of(target.orElseThrow()),
                  Optional.of(syncStart),
                  Optional.of(syncEnd)));
      history.add(new HistoryItem(history.size(), List.of(target.get()), syncEnd));
      healthSince = Optional.of(syncEnd);
    }

    private List<Source> sources(Application app, String declared, Script s) {
      Source chart =
          new Source(
              CHART_REPOSITORY,
              Optional.of(app.chartName()),
              Optional.empty(),
              app.versionKind() == VersionKind.CHART ? declared : "1.0.0");
      if (!s.multipleSources) {
        return List.of(chart);
      }
      return List.of(
          new Source(
              "https://git.example/gitops.git", Optional.empty(), Optional.of("values"), "main"),
          chart);
    }

    private List<String> revisions(Application app, Script s) {
      if (synced.isEmpty()) {
        return List.of();
      }
      String revision = app.versionKind() == VersionKind.CHART ? synced.get() : "1.0.0";
      return s.multipleSources ? List.of(gitRevision(synced.get()), revision) : List.of(revision);
    }

    private List<String> images(Application app, Deployment declared) {
      if (synced.isEmpty()) {
        return List.of();
      }
      String digest =
          synced.get().equals(declared.version().text())
              ? declared.digest().map(d -> "@" + d).orElse("")
              : "";
      return List.of(
          app.versionKind() == VersionKind.IMAGE
              ? app.imageRepository() + ":" + synced.get() + digest
              : app.imageRepository() + ":1.0.0");
    }
  }

  private static String gitRevision(String version) {
    return String.format("%040x", Math.abs((long) version.hashCode()));
  }
}
