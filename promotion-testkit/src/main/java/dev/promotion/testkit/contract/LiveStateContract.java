package dev.promotion.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.live.LiveVerdict;
import dev.promotion.live.RunningRule;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.LiveObservation;
import dev.promotion.spi.LiveObservation.HealthStatus;
import dev.promotion.spi.LiveObservation.SyncStatus;
import dev.promotion.spi.LiveState;
import dev.promotion.version.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link LiveState} follows, as tests: it reports what the controller does, field
 * by field, so that core's one decision ({@link RunningRule}) reads the same from every
 * implementation. Extend it and implement {@link #createScenario()}, which returns a fresh {@link
 * LiveScenario} over the implementation's controller:
 *
 * <pre>{@code
 * class ArgoCdLiveStateContractTest extends LiveStateContract {
 *   @Override
 *   protected LiveScenario createScenario() {
 *     return new FakeArgoCdScenario(gitOpsRepository, fakeArgoCd, liveState);
 *   }
 * }
 * }</pre>
 *
 * <p>The tests use the chart app {@value #API}, the image app {@value #WEB} (image {@value
 * #WEB_IMAGE}), the environment {@value #DEV} on one cluster and {@value #PROD} on the clusters
 * {@value #EU} and {@value #US}.
 */
public abstract class LiveStateContract {
  /** The chart app: its chart is named like it. */
  public static final String API = "api";

  /** The image app. */
  public static final String WEB = "web";

  /** The image repository of {@value #WEB}. */
  public static final String WEB_IMAGE = "registry.example/web";

  /** An environment on one cluster. */
  public static final String DEV = "dev";

  /** An environment on two clusters. */
  public static final String PROD = "prod";

  /** The first cluster of {@value #PROD}. */
  public static final String EU = "eu";

  /** The second cluster of {@value #PROD}. */
  public static final String US = "us";

  /** The chart app, as core configures it. */
  protected static final Application API_APP = Application.named(API);

  /** The image app, as core configures it. */
  protected static final Application WEB_APP = Application.image(WEB, WEB_IMAGE);

  private static final String V1 = "0.1.0";
  private static final String V2 = "0.1.1";
  private static final String TAG1 = "abc1234";
  private static final String TAG2 = "def5678";

  private LiveScenario scenario;

  /** A fresh scenario: nothing is declared for the apps above. Called before each test. */
  protected abstract LiveScenario createScenario();

  @BeforeEach
  void createTheScenario() {
    scenario = createScenario();
  }

  private List<LiveObservation> observe(String app, String env) {
    return scenario.liveState().observe(scenario.target(app, env));
  }

  private LiveObservation only(String app, String env) {
    List<LiveObservation> observations = observe(app, env);
    assertThat(observations).hasSize(1);
    return observations.get(0);
  }

  private LiveVerdict verdict(String app, String env, String version) {
    Application application = app.equals(WEB) ? WEB_APP : API_APP;
    return new RunningRule(
            application, Version.parse(application.versionKind(), version), Optional.empty(), false)
        .decide(observe(app, env));
  }

  private void deployed(String app, String env, String version) {
    scenario.declare(app, env, version);
    scenario.settle();
  }

  @Nested
  @DisplayName("observing")
  class Observing {
    @Test
    @DisplayName("an application the controller does not know yet is not found, not an error")
    void notFoundYet() {
      scenario.createdLater(API, DEV);
      scenario.declare(API, DEV, V1);

      LiveObservation before = only(API, DEV);
      scenario.settle();
      LiveObservation after = only(API, DEV);

      assertThat(before.found()).isFalse();
      assertThat(after.found()).isTrue();
      assertThat(after.revisions()).containsExactly(V1);
    }

    @Test
    @DisplayName(
        "a settled chart app is Synced and Healthy, its revision is the chart version, and its"
            + " operation finished before it was reconciled")
    void settledChartApp() {
      deployed(API, DEV, V1);

      LiveObservation o = only(API, DEV);

      assertThat(o.found()).isTrue();
      assertThat(o.sync()).isEqualTo(SyncStatus.SYNCED);
      assertThat(o.health()).isEqualTo(HealthStatus.HEALTHY);
      assertThat(o.revisions()).containsExactly(V1);
      assertThat(o.sources()).singleElement().satisfies(s -> assertThat(s.chart()).contains(API));
      assertThat(o.operationPending()).isFalse();
      Instant finished = o.operation().orElseThrow().finishedAt().orElseThrow();
      assertThat(o.reconciledAt())
          .hasValueSatisfying(r -> assertThat(r).isAfterOrEqualTo(finished));
      assertThat(o.conditions()).isEmpty();
    }

    @Test
    @DisplayName("the history says when each synced revision was deployed, oldest first")
    void history() {
      deployed(API, DEV, V1);
      deployed(API, DEV, V2);

      LiveObservation o = only(API, DEV);

      assertThat(o.history()).hasSizeGreaterThanOrEqualTo(2);
      assertThat(o.history().get(o.history().size() - 1).revisions()).containsExactly(V2);
      assertThat(o.history().get(o.history().size() - 2).revisions()).containsExactly(V1);
      assertThat(o.history().get(o.history().size() - 1).deployedAt())
          .isAfterOrEqualTo(o.history().get(o.history().size() - 2).deployedAt());
    }

    @Test
    @DisplayName("an image app reports the declared tag of its repository in summary.images")
    void imageApp() {
      deployed(WEB, DEV, TAG1);

      assertThat(only(WEB, DEV).images()).contains(WEB_IMAGE + ":" + TAG1);
    }

    @Test
    @DisplayName("before the controller acts on a declaration, the previous revision is reported")
    void notActedYet() {
      deployed(API, DEV, V1);
      scenario.declare(API, DEV, V2);

      LiveObservation o = only(API, DEV);

      assertThat(o.revisions()).containsExactly(V1);
      assertThat(o.sync()).isEqualTo(SyncStatus.OUT_OF_SYNC);
    }

    @Test
    @DisplayName(
        "an environment on several clusters is observed once per cluster, in a stable order")
    void severalClusters() {
      deployed(API, PROD, V1);

      List<LiveObservation> first = observe(API, PROD);
      List<LiveObservation> second = observe(API, PROD);

      assertThat(first)
          .extracting(o -> o.application().cluster())
          .containsExactlyInAnyOrder(EU, US);
      assertThat(second)
          .extracting(LiveObservation::application)
          .containsExactlyElementsOf(first.stream().map(LiveObservation::application).toList());
    }

    @Test
    @DisplayName("a multi-source app reports one revision per source, in the order of its sources")
    void multipleSources() {
      scenario.multipleSources(API, DEV);
      deployed(API, DEV, V1);

      LiveObservation o = only(API, DEV);

      assertThat(o.sources()).hasSize(2);
      assertThat(o.revisions()).hasSize(2);
      int chart = o.sources().get(0).chart().isPresent() ? 0 : 1;
      assertThat(o.sources().get(chart).chart()).contains(API);
      assertThat(o.revisions().get(chart)).isEqualTo(V1);
    }
  }

  @Nested
  @DisplayName("what core decides from the observations")
  class Deciding {
    @Test
    @DisplayName("a settled declaration runs, healthy since a known time")
    void runs() {
      deployed(API, DEV, V1);

      LiveVerdict verdict = verdict(API, DEV, V1);

      assertThat(verdict).isInstanceOf(LiveVerdict.Running.class);
      assertThat(((LiveVerdict.Running) verdict).since()).isPresent();
    }

    @Test
    @DisplayName("a declaration the controller has not synced waits, saying what is synced")
    void notSyncedYet() {
      deployed(API, DEV, V1);
      scenario.declare(API, DEV, V2);

      LiveVerdict verdict = verdict(API, DEV, V2);

      assertThat(verdict).isInstanceOf(LiveVerdict.Waiting.class);
      assertThat(verdict.reason()).contains("synced " + V1 + ", want " + V2);
    }

    @Test
    @DisplayName("a sync in progress waits")
    void syncing() {
      deployed(API, DEV, V1);
      scenario.declare(API, DEV, V2);
      scenario.syncing(API, DEV);

      assertThat(verdict(API, DEV, V2))
          .isInstanceOf(LiveVerdict.Waiting.class)
          .satisfies(v -> assertThat(v.reason()).contains("sync in progress"));
    }

    @Test
    @DisplayName("a synced version still Progressing waits, saying so")
    void progressing() {
      deployed(API, DEV, V1);
      scenario.declare(API, DEV, V2);
      scenario.progressing(API, DEV);

      assertThat(verdict(API, DEV, V2))
          .isInstanceOf(LiveVerdict.Waiting.class)
          .satisfies(v -> assertThat(v.reason()).startsWith("still Progressing"));
    }

    @Test
    @DisplayName("health stuck in Progressing keeps waiting after the controller settled")
    void stuck() {
      scenario.stuckProgressing(API, DEV);
      deployed(API, DEV, V1);

      assertThat(verdict(API, DEV, V1))
          .isInstanceOf(LiveVerdict.Waiting.class)
          .satisfies(v -> assertThat(v.reason()).startsWith("still Progressing"));
    }

    @Test
    @DisplayName("a version that becomes Degraded fails fast")
    void degraded() {
      deployed(API, DEV, V1);
      scenario.degradesOn(API, DEV, V2);
      deployed(API, DEV, V2);

      assertThat(verdict(API, DEV, V2))
          .isInstanceOf(LiveVerdict.Failed.class)
          .satisfies(v -> assertThat(v.reason()).contains("Degraded"));
    }

    @Test
    @DisplayName("a sync operation that ends Failed fails fast")
    void syncFailed() {
      deployed(API, DEV, V1);
      scenario.failsSync(API, DEV, V2);
      deployed(API, DEV, V2);

      assertThat(verdict(API, DEV, V2))
          .isInstanceOf(LiveVerdict.Failed.class)
          .satisfies(v -> assertThat(v.reason()).contains("Failed"));
    }

    @Test
    @DisplayName("health reconciled before the sync finished is stale: it waits")
    void staleHealth() {
      scenario.staleReconcile(API, DEV);
      deployed(API, DEV, V1);

      assertThat(verdict(API, DEV, V1))
          .isInstanceOf(LiveVerdict.Waiting.class)
          .satisfies(v -> assertThat(v.reason()).contains("not reconciled"));
    }

    @Test
    @DisplayName("a sync window that denies the sync waits, saying so")
    void syncWindow() {
      deployed(API, DEV, V1);
      scenario.syncWindowDenies(API, DEV);
      deployed(API, DEV, V2);

      assertThat(verdict(API, DEV, V2))
          .isInstanceOf(LiveVerdict.Waiting.class)
          .satisfies(v -> assertThat(v.reason()).contains("sync window denies"));
    }

    @Test
    @DisplayName("a ComparisonError condition does not run, whatever the health says")
    void comparisonError() {
      scenario.comparisonError(API, DEV);
      deployed(API, DEV, V1);

      assertThat(verdict(API, DEV, V1))
          .isInstanceOf(LiveVerdict.Waiting.class)
          .satisfies(v -> assertThat(v.reason()).contains("ComparisonError"));
    }

    @Test
    @DisplayName("an application not created yet waits, saying so")
    void notFound() {
      scenario.createdLater(API, DEV);
      scenario.declare(API, DEV, V1);

      assertThat(verdict(API, DEV, V1))
          .isInstanceOf(LiveVerdict.Waiting.class)
          .satisfies(v -> assertThat(v.reason()).contains("app not found yet"));
    }

    @Test
    @DisplayName("a commit that does not change the version leaves it running")
    void noOpCommit() {
      deployed(API, DEV, V1);
      scenario.noOpCommit(API, DEV);
      scenario.settle();

      assertThat(verdict(API, DEV, V1)).isInstanceOf(LiveVerdict.Running.class);
    }

    @Test
    @DisplayName("on several clusters, one Degraded cluster fails the environment and is named")
    void oneClusterDegraded() {
      deployed(API, PROD, V1);
      scenario.degradesOn(API, PROD, US, V2);
      deployed(API, PROD, V2);

      assertThat(verdict(API, PROD, V2))
          .isInstanceOf(LiveVerdict.Failed.class)
          .satisfies(v -> assertThat(v.reason()).startsWith(US + ": ").contains("Degraded"));
    }

    @Test
    @DisplayName("on several clusters, the environment runs when every cluster runs it")
    void everyCluster() {
      deployed(API, PROD, V1);

      assertThat(verdict(API, PROD, V1)).isInstanceOf(LiveVerdict.Running.class);
    }

    @Test
    @DisplayName("a multi-source app runs the version its chart source synced")
    void multiSourceRuns() {
      scenario.multipleSources(API, DEV);
      deployed(API, DEV, V1);

      assertThat(verdict(API, DEV, V1)).isInstanceOf(LiveVerdict.Running.class);
      assertThat(verdict(API, DEV, V2)).isInstanceOf(LiveVerdict.Waiting.class);
    }

    @Test
    @DisplayName("an image app runs a tag when summary.images shows it for its repository")
    void imageRuns() {
      deployed(WEB, DEV, TAG1);

      assertThat(verdict(WEB, DEV, TAG1)).isInstanceOf(LiveVerdict.Running.class);
      assertThat(verdict(WEB, DEV, TAG2))
          .isInstanceOf(LiveVerdict.Waiting.class)
          .satisfies(v -> assertThat(v.reason()).contains(WEB_IMAGE + ":" + TAG1));
    }
  }
}
