package dev.promotion.lifecycle;

import dev.promotion.Promotions;
import dev.promotion.Settings;
import dev.promotion.gate.Gates;
import dev.promotion.gate.PromotionGate;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.result.Publication;
import dev.promotion.result.Result;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.PromotionListener;
import dev.promotion.spi.Release;
import dev.promotion.spi.SourceControl;
import dev.promotion.spi.Tag;
import dev.promotion.spi.WorkflowDispatch;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.testkit.MutableClock;
import dev.promotion.testkit.fault.FaultPlan;
import dev.promotion.testkit.fault.Faults;
import dev.promotion.testkit.fixture.AppRepositoryFixture;
import dev.promotion.testkit.fixture.Checkout;
import dev.promotion.version.ChartVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The seed's world on in-memory backends: an app repository for {@code api} with its chart at
 * {@code 0.1.0} on {@code main}, a GitOps store with dev, test, stage (pre-production cluster) and
 * prod (production cluster), and a chart registry. Everything is deterministic: two worlds built
 * the same way and driven the same way end in equal {@link #snapshot()}s.
 */
final class World {
  static final Pipeline PIPELINE =
      new Pipeline(
          List.of(
              Environment.of("dev", "preprod"),
              Environment.of("test", "preprod"),
              Environment.of("stage", "preprod"),
              Environment.of("prod", "production")),
          "prod");
  static final Application API = Application.named("api");

  final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");
  final InMemoryEnvironmentStore store;
  final InMemoryChartRegistry registry;
  final InMemorySourceControl scm;
  final Path workDir;
  private List<PromotionGate> gates = Gates.defaults();
  private Settings settings;
  private PromotionListener listener = PromotionListener.NONE;
  private Pipeline pipeline = PIPELINE;
  private java.util.Optional<dev.promotion.spi.LiveState> live = java.util.Optional.empty();
  private dev.promotion.live.LiveOptions liveOptions = dev.promotion.live.LiveOptions.defaults();

  /** Every pause a wait asked for; the sleeper advances the clock instead of sleeping. */
  final List<java.time.Duration> sleeps = new ArrayList<>();

  World(Path workDir) {
    this(workDir, new InMemoryChartRegistry(), InMemorySourceControl.builder());
  }

  World(Path workDir, InMemoryChartRegistry registry, InMemorySourceControl.Builder scm) {
    this(workDir, new InMemoryEnvironmentStore(), registry, scm);
  }

  World(
      Path workDir,
      InMemoryEnvironmentStore store,
      InMemoryChartRegistry registry,
      InMemorySourceControl.Builder scm) {
    this.store = store;
    this.workDir = workDir;
    this.registry = registry;
    this.scm = scm.clock(clock).build();
    this.settings =
        Settings.defaults().withActor("alice").withWorkDirectory(workDir.resolve("spool"));
    AppRepositoryFixture.on(this.scm).app("api").version("0.1.0").seed();
  }

  World gates(List<PromotionGate> value) {
    this.gates = value;
    return this;
  }

  World settings(Settings value) {
    this.settings = value;
    return this;
  }

  /** The same environments, with other settings (for example their URLs). */
  World pipeline(Pipeline value) {
    this.pipeline = value;
    return this;
  }

  World listener(PromotionListener value) {
    this.listener = value;
    return this;
  }

  /** Reads what runs from {@code value}. */
  World live(dev.promotion.spi.LiveState value) {
    this.live = java.util.Optional.of(value);
    return this;
  }

  World liveOptions(dev.promotion.live.LiveOptions value) {
    this.liveOptions = value;
    return this;
  }

  Settings settings() {
    return settings;
  }

  Promotions promotions() {
    return promotions(store, registry, scm);
  }

  /** The same promotions over ports that fail as {@code plan} says. */
  Promotions promotions(FaultPlan plan) {
    return promotions(
        Faults.wrap(store, plan), Faults.wrap(registry, plan), Faults.wrap(scm, plan));
  }

  /** The same promotions over another source control (a wrapper of {@link #scm}). */
  Promotions promotions(SourceControl sourceControl) {
    return promotions(store, registry, sourceControl);
  }

  private Promotions promotions(
      EnvironmentStore environments, ChartRegistry charts, SourceControl sourceControl) {
    Promotions.Builder builder =
        Promotions.builder()
            .liveOptions(liveOptions)
            .sleeper(
                d -> {
                  sleeps.add(d);
                  clock.advance(d);
                });
    live.ifPresent(builder::liveState);
    return builder
        .pipeline(pipeline)
        .application(API)
        .environments(environments)
        .registry(charts)
        .sourceControl(sourceControl)
        .clock(clock)
        .gates(gates)
        .settings(settings)
        .listener(listener)
        .build();
  }

  /**
   * Writes the files of a ref into a fresh directory, like a CI checkout; returns the chart dir.
   */
  Path checkout(String ref) {
    return Checkout.of(scm, ref, workDir.resolve("checkouts")).resolve(API.chartPath());
  }

  /** What the publish-dev workflow does for a push to {@code ref}. */
  Result<Publication> publish(String ref) {
    return promotions().publishDev("api", ref, checkout(ref));
  }

  /** Commits a change on a branch, as a developer's push. */
  String push(String branch, String subject, String path, String content) {
    clock.advance(java.time.Duration.ofMinutes(1));
    return scm.branch(branch).commit(subject, Map.of(path, content));
  }

  /** The chart version {@code Chart.yaml} says on a branch. */
  String chartVersionOn(String branch) {
    String text = scm.readFile(branch, API.chartYamlPath()).orElseThrow();
    return dev.promotion.chart.ChartYaml.parse(branch, text).version().toString();
  }

  ChartVersion deployed(String env) {
    return store.current("api", env).flatMap(d -> d.version().chart()).orElseThrow();
  }

  /** Everything the backends hold, comparable with {@code equals}. */
  Snapshot snapshot() {
    Map<String, String> environments = new TreeMap<>();
    Map<String, List<String>> history = new TreeMap<>();
    for (String env : PIPELINE.names()) {
      for (Deployment d : store.list(env)) {
        environments.put(
            d.app() + "@" + env, d.version() + d.digest().map(digest -> "@" + digest).orElse(""));
        List<String> entries = new ArrayList<>();
        for (HistoryEntry h : store.history(d.app(), env, 1000)) {
          entries.add(h.revision() + " " + h.subject() + " " + h.trailers());
        }
        history.put(d.app() + "@" + env, entries);
      }
    }
    Map<String, String> charts = new TreeMap<>();
    for (ChartVersion v : registry.versions("api")) {
      ChartArtifact artifact = registry.resolve("api", v).orElseThrow();
      charts.put(v.toString(), artifact.digest() + " " + artifact.annotations());
    }
    Map<String, List<String>> commits = new TreeMap<>();
    for (String branch : scm.branches().keySet()) {
      commits.put(
          branch, scm.commits(branch).stream().map(c -> c.id() + " " + c.subject()).toList());
    }
    Map<String, List<String>> deployments = new TreeMap<>();
    if (scm.supportsDeployments()) {
      for (String env : PIPELINE.names()) {
        deployments.put(
            env,
            scm.deployments(env, 1000).stream()
                .map(
                    d ->
                        d.id()
                            + " "
                            + d.key()
                            + " "
                            + d.ref()
                            + " "
                            + d.payload()
                            + " "
                            + d.statuses())
                .toList());
      }
    }
    return new Snapshot(
        environments,
        history,
        store.revisions(),
        charts,
        commits,
        scm.listTags(),
        scm.releases(),
        scm.pullRequests().stream().map(Object::toString).toList(),
        scm.dispatches(),
        deployments);
  }

  record Snapshot(
      Map<String, String> environments,
      Map<String, List<String>> history,
      List<String> revisions,
      Map<String, String> charts,
      Map<String, List<String>> commits,
      List<Tag> tags,
      List<Release> releases,
      List<String> pullRequests,
      List<WorkflowDispatch> dispatches,
      Map<String, List<String>> deployments) {}
}
