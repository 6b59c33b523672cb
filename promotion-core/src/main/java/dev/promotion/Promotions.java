package dev.promotion;

import dev.promotion.gate.Gates;
import dev.promotion.gate.PromotionGate;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Names;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.result.Hotfix;
import dev.promotion.result.Promotion;
import dev.promotion.result.Publication;
import dev.promotion.result.ReleaseOutcome;
import dev.promotion.result.Result;
import dev.promotion.result.Rollback;
import dev.promotion.result.StatusReport;
import dev.promotion.result.Verification;
import dev.promotion.result.VersionBump;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.PromotionListener;
import dev.promotion.spi.SourceControl;
import dev.promotion.version.Bump;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The promotion lifecycle over three ports: publish a build to dev, promote it environment by
 * environment, release it to prod, hotfix a release, bump the version, roll back, and report.
 *
 * <pre>{@code
 * Promotions promotions = Promotions.builder()
 *     .pipeline(Pipeline.of("prod", "dev", "test", "stage", "prod"))
 *     .application(Application.named("api"))
 *     .environments(store).registry(registry).sourceControl(scm)
 *     .build();
 * promotions.promote("api", "test");
 * promotions.release("api");
 * }</pre>
 *
 * <p>Every write is idempotent and resumable: run it again after success and it changes nothing
 * (and says so); run it again after a crash at any step and it finishes the job without duplicates.
 * {@link #plan()} gives the same operations as a dry run. Instances are immutable and thread-safe
 * if the ports are.
 */
public final class Promotions {
  private final Context context;

  private Promotions(Context context) {
    this.context = context;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Publishes the chart built from {@code ref} as {@code {base}-rc.{sha}} (base from {@code
   * Chart.yaml} at that commit) and deploys it to the first environment.
   *
   * @param ref the commit, branch or tag the build is from
   * @param chartDir the chart directory of a checkout of that commit
   */
  public Result<Publication> publishDev(String app, String ref, Path chartDir) {
    return new PublishDev(context).run(app, ref, chartDir, Optional.empty());
  }

  /**
   * {@link #publishDev(String, String, Path)}, pinning the first environment to the image the build
   * produced: the store records {@code imageDigest} with the version, and promotions, the release
   * and rollbacks carry it along, so every environment runs exactly that image.
   *
   * @param imageDigest the digest of the image built from {@code ref}, for example from the build's
   *     {@code digest.txt}
   * @throws dev.promotion.error.InvalidRequestException if the store does not pin digests (nothing
   *     is written)
   */
  public Result<Publication> publishDev(
      String app, String ref, Path chartDir, ImageDigest imageDigest) {
    return new PublishDev(context)
        .run(app, ref, chartDir, Optional.of(Objects.requireNonNull(imageDigest, "imageDigest")));
  }

  /**
   * For an image app: declares in the first environment the image tag its build pushed, exactly as
   * given, with the audit trail of a build ({@code Promotion-From: build}) and the gates of a
   * publish (a freeze window on the first environment, mutable tags where they are refused). Run it
   * twice and the second run is already done.
   *
   * @param version the tag, as {@link #parseVersion} reads it
   * @param imageDigest the digest of the image the build pushed, to pin the tag to it; empty to
   *     declare the tag alone
   * @throws dev.promotion.error.InvalidRequestException for a chart app (its {@code publishDev}
   *     packages the chart of a commit), or a digest the store cannot pin; nothing is written
   * @throws dev.promotion.error.InvalidVersionException if {@code version} is not an image tag
   */
  public Result<Promotion> publishDev(
      String app, Version version, Optional<ImageDigest> imageDigest) {
    return new PublishDev(context)
        .runImage(app, version, Objects.requireNonNull(imageDigest, "imageDigest"));
  }

  /** Copies the version deployed in {@code environment}'s predecessor into it. */
  public Result<Promotion> promote(String app, String environment) {
    return new Promote(context).run(app, environment);
  }

  /**
   * Promotes a chosen version into {@code environment}: one that runs in its predecessor now, or
   * ran there before and was not rolled back from since (seed 002's {@code promote --to prd
   * --version v1.2.3}). Every gate applies. The version keeps the image digest it was pinned to
   * where it ran; when it ran there without a pin, the digest is read from its release's {@code
   * digest.txt} asset if the source control keeps release assets ({@link
   * SourceControl#releaseAsset}).
   *
   * @param version a version of the app's kind, exactly as declarations hold it ({@link
   *     #parseVersion})
   * @throws dev.promotion.error.InvalidVersionException if the version is not of the app's kind
   * @throws dev.promotion.error.InvalidDigestException if the release's {@code digest.txt} holds no
   *     digest (nothing is written)
   */
  public Result<Promotion> promote(String app, String environment, Version version) {
    return new Promote(context).run(app, environment, version);
  }

  /**
   * Parses a version as {@code app} declares it: an image tag for an image app, a chart version
   * ({@code v} prefix kept) for a chart app.
   *
   * @throws dev.promotion.error.InvalidVersionException if the text is not a version of that kind
   * @throws dev.promotion.error.UnknownApplicationException if no such app is configured
   */
  public Version parseVersion(String app, String text) {
    return Version.parse(context.application(app).versionKind(), text);
  }

  /**
   * Releases the candidate deployed in the release source (stage) to the release environment
   * (prod); see the steps in {@link ReleaseOutcome}'s result.
   */
  public Result<ReleaseOutcome> release(String app) {
    return new ReleaseSaga(context).run(app);
  }

  /** Starts a hotfix branch from a release tag such as {@code v0.1.0}. */
  public Result<Hotfix> startHotfix(String app, String releaseTag) {
    return new StartHotfix(context).run(app, releaseTag);
  }

  /** Makes the next release of the main branch at least a {@code level} release. */
  public Result<VersionBump> bumpVersion(String app, Bump level) {
    return new BumpVersion(context).run(app, level);
  }

  /**
   * Sets an environment back to {@code version}, or when empty to the newest earlier version that
   * was not itself rolled back from. The version must have run there before.
   */
  public Result<Rollback> rollback(
      String app, String environment, Optional<? extends Version> version) {
    return new RollBack(context).run(app, environment, version.map(Version.class::cast));
  }

  /**
   * Whether {@code environment} runs the version it declares for the app, waiting up to {@code
   * timeout} (zero: observe once). Reads only; progress goes to the listener as {@link
   * dev.promotion.spi.PromotionEvent.Waiting} events.
   *
   * @return running, failed (Degraded, the sync failed: waiting longer does not help), or still
   *     waiting when the timeout passed, with the reason
   * @throws dev.promotion.error.InvalidRequestException when no live state is configured
   * @throws dev.promotion.error.InvalidRequestException when the environment declares nothing
   */
  public Verification verify(String app, String environment, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new dev.promotion.error.InvalidRequestException(
          "A verification timeout is zero or more, not " + timeout + ".");
    }
    Verify.requireState(context.live());
    return new Verify(context).declared(context.application(app), environment, timeout, "verify");
  }

  /**
   * The same operations, each waiting after its write up to {@code timeout} until the environment
   * runs the new version: the result then has a step {@code verify ENV}, {@link
   * dev.promotion.result.Step.Status#VERIFIED} or {@link dev.promotion.result.Step.Status#FAILED}
   * ({@link Result#checkFailed()}).
   *
   * @throws dev.promotion.error.InvalidRequestException when no live state is configured (nothing
   *     is written)
   */
  public Promotions waitingUntilRunning(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new dev.promotion.error.InvalidRequestException(
          "A wait timeout is zero or more, not " + timeout + ".");
    }
    Verify.requireState(context.live());
    return new Promotions(context.withLive(context.live().waiting(timeout)));
  }

  /**
   * The same operations, waiting as {@link #waitingUntilRunning} and, when the new version does not
   * run, rolling the environment back to the version it declared before. The rollback commit
   * records why in its {@code Promotion-Verification-Failed} trailer, and the result lists the
   * rollback's steps ({@code rollback deploy ENV}, {@code rollback verify ENV}).
   *
   * @throws dev.promotion.error.InvalidRequestException unless the operations wait
   */
  public Promotions rollingBackOnFailure() {
    if (context.live().waitTimeout().isEmpty()) {
      throw new dev.promotion.error.InvalidRequestException(
          "A rollback on failure needs a wait: call waitingUntilRunning(timeout) first.");
    }
    return new Promotions(context.withLive(context.live().rollingBack(true)));
  }

  /**
   * {@link #status()} with what runs next to each declaration: sync, health, since when, and
   * whether the live revision differs from what git declares. Observes once, never waits.
   *
   * @throws dev.promotion.error.InvalidRequestException when no live state is configured
   */
  public StatusReport liveStatus() {
    Verify.requireState(context.live());
    StatusReport declared = status();
    List<StatusReport.EnvironmentStatus> rows = new ArrayList<>();
    for (StatusReport.EnvironmentStatus row : declared.environments()) {
      List<StatusReport.AppStatus> cells = new ArrayList<>();
      for (StatusReport.AppStatus cell : row.apps()) {
        boolean known = context.applications().containsKey(cell.app());
        cells.add(
            cell.version().isPresent() && known
                ? cell.withLive(new LiveColumns(context).of(cell.app(), row.environment()))
                : cell);
      }
      rows.add(new StatusReport.EnvironmentStatus(row.environment(), cells));
    }
    return new StatusReport(declared.time(), rows);
  }

  /** What every environment runs, with since when and who put it there. */
  public StatusReport status() {
    List<StatusReport.EnvironmentStatus> rows = new ArrayList<>();
    for (String env : context.pipeline().names()) {
      Map<String, Deployment> deployed = new LinkedHashMap<>();
      context.store().list(env).forEach(d -> deployed.put(d.app(), d));
      TreeSet<String> apps = new TreeSet<>(context.applications().keySet());
      apps.addAll(deployed.keySet());
      Map<String, Optional<HistoryEntry>> changes =
          context.store().lastChanges(env, List.copyOf(deployed.keySet()));
      List<StatusReport.AppStatus> cells = new ArrayList<>();
      for (String app : apps) {
        Optional<Version> version = Optional.ofNullable(deployed.get(app)).map(Deployment::version);
        Optional<HistoryEntry> last =
            version.isEmpty()
                ? Optional.empty()
                : changes
                    .getOrDefault(app, Optional.empty())
                    .filter(h -> h.version().equals(version.get()));
        cells.add(
            new StatusReport.AppStatus(
                app,
                version,
                last.map(HistoryEntry::time),
                last.map(HistoryEntry::actor),
                Optional.ofNullable(deployed.get(app)).flatMap(Deployment::digest)));
      }
      rows.add(new StatusReport.EnvironmentStatus(env, cells));
    }
    return new StatusReport(context.clock().instant(), rows);
  }

  /** The changes of an app's version in an environment, newest first. */
  public List<HistoryEntry> history(String app, String environment, int limit) {
    Names.requireSafe("app", app);
    context.pipeline().environment(environment);
    if (limit < 1) {
      throw new IllegalArgumentException("The history limit is at least 1");
    }
    return context.store().history(app, environment, limit);
  }

  /** The same operations as a dry run: they read, check gates and report; they write nothing. */
  public Promotions plan() {
    return new Promotions(context.asPlan());
  }

  /**
   * The same operations, going ahead despite gate violations. Every overridden violation and the
   * reason are recorded in the steps and the audit trail.
   */
  public Promotions overridingGates(String reason) {
    return new Promotions(context.overriding(new GateOverride(reason)));
  }

  /** The pipeline these promotions follow. */
  public Pipeline pipeline() {
    return context.pipeline();
  }

  /** The configured applications, sorted by name. */
  public List<Application> applications() {
    return context.applications().values().stream()
        .sorted(java.util.Comparator.comparing(Application::name))
        .toList();
  }

  /**
   * Builds {@link Promotions}. Pipeline, at least one application and the three ports are required.
   */
  public static final class Builder {
    private Pipeline pipeline;
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private EnvironmentStore store;
    private ChartRegistry registry;
    private SourceControl scm;
    private PromotionListener listener = PromotionListener.NONE;
    private Clock clock = Clock.systemUTC();
    private List<PromotionGate> gates = Gates.defaults();
    private Settings settings = Settings.defaults();
    private LiveSetup live = LiveSetup.none();

    private Builder() {}

    public Builder pipeline(Pipeline value) {
      this.pipeline = Objects.requireNonNull(value, "pipeline");
      return this;
    }

    public Builder application(Application value) {
      Objects.requireNonNull(value, "application");
      if (applications.putIfAbsent(value.name(), value) != null) {
        throw new dev.promotion.error.InvalidPipelineException(
            "Application " + value.name() + " is configured twice. Names are unique.");
      }
      return this;
    }

    public Builder applications(List<Application> values) {
      values.forEach(this::application);
      return this;
    }

    public Builder environments(EnvironmentStore value) {
      this.store = Objects.requireNonNull(value, "environments");
      return this;
    }

    public Builder registry(ChartRegistry value) {
      this.registry = Objects.requireNonNull(value, "registry");
      return this;
    }

    public Builder sourceControl(SourceControl value) {
      this.scm = Objects.requireNonNull(value, "sourceControl");
      return this;
    }

    public Builder listener(PromotionListener value) {
      this.listener = Objects.requireNonNull(value, "listener");
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Replaces the gates; the default is {@link Gates#defaults()}. */
    public Builder gates(List<PromotionGate> value) {
      this.gates = List.copyOf(value);
      return this;
    }

    public Builder settings(Settings value) {
      this.settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    /**
     * What actually runs, as the deployment controller reports it: enables {@link #verify}, waiting
     * writes, {@link #liveStatus()}, and the gates that rest on what runs ({@code source-running},
     * soak time from health).
     */
    public Builder liveState(dev.promotion.spi.LiveState value) {
      live =
          new LiveSetup(
              Optional.of(Objects.requireNonNull(value, "liveState")),
              live.options(),
              live.sleeper(),
              live.waitTimeout(),
              live.rollbackOnFailure());
      return this;
    }

    /**
     * Drift-tolerant environments and polling; the default is {@link
     * dev.promotion.live.LiveOptions#defaults()}.
     */
    public Builder liveOptions(dev.promotion.live.LiveOptions value) {
      live =
          new LiveSetup(
              live.state(),
              Objects.requireNonNull(value, "liveOptions"),
              live.sleeper(),
              live.waitTimeout(),
              live.rollbackOnFailure());
      return this;
    }

    /** How waits pause between observations; tests pass one that advances a mutable clock. */
    public Builder sleeper(dev.promotion.live.Sleeper value) {
      live =
          new LiveSetup(
              live.state(),
              live.options(),
              Objects.requireNonNull(value, "sleeper"),
              live.waitTimeout(),
              live.rollbackOnFailure());
      return this;
    }

    public Promotions build() {
      Objects.requireNonNull(pipeline, "a pipeline is required");
      Objects.requireNonNull(store, "an environment store is required");
      Objects.requireNonNull(registry, "a chart registry is required");
      Objects.requireNonNull(scm, "a source control is required");
      if (applications.isEmpty()) {
        throw new dev.promotion.error.InvalidPipelineException(
            "No application is configured. Add at least one.");
      }
      return new Promotions(
          new Context(
              pipeline,
              Map.copyOf(applications),
              store,
              registry,
              scm,
              listener,
              clock,
              gates,
              settings,
              false,
              Optional.empty(),
              live));
    }
  }
}
