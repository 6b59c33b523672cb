package dev.promotion.argocd;

import dev.promotion.argocd.simulator.ArgoCdSimulator;
import dev.promotion.argocd.simulator.Script;
import dev.promotion.git.GitRepository;
import dev.promotion.gitops.ArgoCdLayout;
import dev.promotion.gitops.GitOpsEnvironmentStore;
import dev.promotion.gitops.KustomizeLayout;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.LiveState;
import dev.promotion.spi.LiveTarget;
import dev.promotion.testkit.MutableClock;
import dev.promotion.testkit.contract.LiveScenario;
import dev.promotion.testkit.contract.LiveStateContract;
import dev.promotion.version.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live-state contract for {@link ArgoCdLiveState} over HTTP against three simulated Argo CDs
 * (dev's cluster, and prod's {@value #EU} and {@value #US} clusters, each with its own), which
 * follow a real GitOps repository served by {@code git daemon}: the scenario commits declarations
 * with the GitOps store (Argo CD layout for the chart app, Kustomize images overlays for the image
 * app) and moves the controllers one reconcile step at a time.
 */
@DisplayName("ArgoCdLiveState against simulated Argo CDs following a git daemon repository")
class ArgoCdLiveStateContractTest extends LiveStateContract {
  static final String CHARTS = "oci://registry.example.com/charts";
  static final Pipeline PIPELINE =
      new Pipeline(List.of(Environment.of(DEV), Environment.of(PROD, EU, US)), PROD);

  @TempDir static Path temp;
  private static GitOpsServer server;
  private Scenario scenario;

  @BeforeAll
  static void startGit() throws Exception {
    server = new GitOpsServer(temp);
  }

  @AfterAll
  static void stopGit() throws Exception {
    server.close();
  }

  @AfterEach
  void stopSimulators() {
    scenario.close();
  }

  @Override
  protected LiveScenario createScenario() {
    try {
      scenario = new Scenario(server);
      return scenario;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** One repository, one simulated Argo CD per cluster, the adapter over all three. */
  static final class Scenario implements LiveScenario, AutoCloseable {
    private static final Duration STEP = Duration.ofSeconds(10);
    private final GitOpsServer git;
    private final String url;
    private final MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");
    private final EnvironmentStore charts;
    private final EnvironmentStore images;
    private final Map<String, ArgoCdSimulator> byCluster = new LinkedHashMap<>();
    private final Map<String, Integer> stepsSinceDeclared = new HashMap<>();
    private final List<String> multiSource = new ArrayList<>();
    private final List<String[]> hidden = new ArrayList<>();
    private final LiveState live;

    Scenario(GitOpsServer git) throws Exception {
      this.git = git;
      this.url = git.create();
      GitRepository writer = git.clone(url);
      List<Application> apps = List.of(API_APP, WEB_APP);
      this.charts =
          GitOpsEnvironmentStore.builder()
              .git(writer)
              .pipeline(PIPELINE)
              .layout(ArgoCdLayout.of(CHARTS))
              .applications(apps)
              .build();
      this.images =
          GitOpsEnvironmentStore.builder()
              .git(writer)
              .pipeline(PIPELINE)
              .layout(
                  KustomizeLayout.images()
                      .pattern("overlays/{env}/{cluster}/kustomization.yaml")
                      .build())
              .applications(apps)
              .build();
      ArgoCdLiveState.Builder builder = ArgoCdLiveState.builder();
      for (String[] envCluster : new String[][] {{DEV, DEV}, {PROD, EU}, {PROD, US}}) {
        String env = envCluster[0];
        String cluster = envCluster[1];
        String token = "token-" + cluster;
        ArgoCdSimulator simulator =
            ArgoCdSimulator.builder()
                .source(new GitRepositorySource(git.clone(url)))
                .clock(clock)
                .token(token)
                .stepOnRefresh(false)
                .start();
        simulator
            .manifest("registry/environments/" + env + "/" + cluster + "/" + API + ".yaml")
            .name(API + "-" + env)
            .staleSteps(Integer.MAX_VALUE)
            .add();
        simulator
            .directory(WEB + "-" + env, "overlays/" + env + "/" + cluster)
            .kustomizeImage(WEB_IMAGE)
            .staleSteps(Integer.MAX_VALUE)
            .add();
        byCluster.put(cluster, simulator);
        builder.serverForCluster(
            cluster,
            ArgoCdServer.builder(simulator.url())
                .token(ArgoCdToken.environment("ARGOCD_TOKEN", Map.of("ARGOCD_TOKEN", token)))
                .project("default")
                .firstBackoff(Duration.ofMillis(10))
                .build());
      }
      this.live = builder.build();
    }

    private static Application application(String app) {
      return app.equals(WEB) ? WEB_APP : API_APP;
    }

    private EnvironmentStore store(String app) {
      return app.equals(WEB) ? images : charts;
    }

    private List<ArgoCdSimulator> simulators(String environment) {
      return environment.equals(PROD)
          ? List.of(byCluster.get(EU), byCluster.get(US))
          : List.of(byCluster.get(DEV));
    }

    private static String name(String app, String environment) {
      return app + "-" + environment;
    }

    @Override
    public LiveState liveState() {
      return live;
    }

    @Override
    public LiveTarget target(String app, String environment) {
      return new LiveTarget(
          application(app),
          PIPELINE.environment(environment),
          store(app).current(app, environment),
          store(app).liveApplications(app, environment));
    }

    @Override
    public void declare(String app, String environment, String version) {
      clock.advance(Duration.ofSeconds(1));
      Version target = Version.parse(application(app).versionKind(), version);
      Optional<Version> current = store(app).current(app, environment).map(Deployment::version);
      if (current.isEmpty() && multiSource.contains(app + "/" + environment)) {
        writeMultiSource(app, environment, version);
      } else {
        store(app)
            .apply(
                new ChangeSet(
                    List.of(new Change(app, environment, current, target)),
                    "deploy " + app + " " + version + " to " + environment,
                    List.of(),
                    "ci-bot",
                    clock.instant()));
      }
      stepsSinceDeclared.put(app + "/" + environment, 0);
      stepTo(app, environment, 1);
    }

    private void writeMultiSource(String app, String environment, String version) {
      for (String cluster : PIPELINE.environment(environment).clusters()) {
        String manifest =
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: %1$s-%2$s
              namespace: argocd
            spec:
              project: default
              sources:
                - repoURL: %4$s
                  targetRevision: main
                  ref: values
                - repoURL: %5$s
                  chart: %1$s
                  targetRevision: %3$s
                  helm:
                    valueFiles:
                      - $values/values/%2$s/%1$s.yaml
              destination:
                name: %6$s
                namespace: %1$s
            """
                .formatted(app, environment, version, url, CHARTS, cluster);
        try {
          git.commit(
              url,
              "registry/environments/" + environment + "/" + cluster + "/" + app + ".yaml",
              manifest,
              "add " + app + " to " + environment + " with a values source");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }

    /** Steps every controller until the app's declaration has had {@code steps} steps. */
    private void stepTo(String app, String environment, int steps) {
      String key = app + "/" + environment;
      while (stepsSinceDeclared.getOrDefault(key, steps) < steps) {
        step();
      }
    }

    private void step() {
      clock.advance(STEP);
      byCluster.values().forEach(ArgoCdSimulator::step);
      stepsSinceDeclared.replaceAll((k, v) -> v + 1);
    }

    @Override
    public void syncing(String app, String environment) {
      stepTo(app, environment, 2);
    }

    @Override
    public void progressing(String app, String environment) {
      stepTo(app, environment, 3);
    }

    @Override
    public void settle() {
      for (String[] appEnv : hidden) {
        simulators(appEnv[1]).forEach(s -> s.hidden(name(appEnv[0], appEnv[1]), false));
      }
      hidden.clear();
      for (int i = 0; i < 8; i++) {
        step();
      }
    }

    @Override
    public void noOpCommit(String app, String environment) {
      try {
        git.commit(url, "README.md", "changed at " + clock.instant() + "\n", "docs: a no-op");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void degradesOn(String app, String environment, String version) {
      simulators(environment)
          .forEach(s -> s.script(name(app, environment), version, Script.DEGRADED));
    }

    @Override
    public void degradesOn(String app, String environment, String cluster, String version) {
      byCluster.get(cluster).script(name(app, environment), version, Script.DEGRADED);
    }

    @Override
    public void stuckProgressing(String app, String environment) {
      simulators(environment)
          .forEach(s -> s.script(name(app, environment), Script.STUCK_PROGRESSING));
    }

    @Override
    public void staleReconcile(String app, String environment) {
      simulators(environment).forEach(s -> s.script(name(app, environment), Script.STALE_HEALTH));
    }

    @Override
    public void failsSync(String app, String environment, String version) {
      simulators(environment)
          .forEach(s -> s.script(name(app, environment), version, Script.SYNC_FAILS));
    }

    @Override
    public void createdLater(String app, String environment) {
      simulators(environment).forEach(s -> s.hidden(name(app, environment), true));
      hidden.add(new String[] {app, environment});
    }

    @Override
    public void syncWindowDenies(String app, String environment) {
      simulators(environment).forEach(s -> s.syncWindowDenies(name(app, environment), true));
    }

    @Override
    public void comparisonError(String app, String environment) {
      simulators(environment)
          .forEach(
              s ->
                  s.condition(
                      name(app, environment),
                      "ComparisonError",
                      "failed to load target state: chart not found"));
    }

    @Override
    public void multipleSources(String app, String environment) {
      multiSource.add(app + "/" + environment);
    }

    @Override
    public void close() {
      byCluster.values().forEach(ArgoCdSimulator::close);
    }
  }
}
