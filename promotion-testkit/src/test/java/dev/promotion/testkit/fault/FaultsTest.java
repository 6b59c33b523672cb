package dev.promotion.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.BackendException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.SourceControl;
import dev.promotion.spi.WorkflowDispatch;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.testkit.fault.FaultPlan.Timing;
import dev.promotion.testkit.fixture.AppRepositoryFixture;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Fault injection")
class FaultsTest {
  private static final ChartVersion RELEASE = ChartVersion.parse("0.2.0");

  private final InMemoryEnvironmentStore store = new InMemoryEnvironmentStore();
  private final InMemoryChartRegistry registry = new InMemoryChartRegistry();
  private final InMemorySourceControl scm = AppRepositoryFixture.appRepository("api", "0.2.0");

  @Test
  @DisplayName("a plan that fails nothing counts and logs the calls of every port it wraps")
  void countsAcrossPorts() {
    FaultPlan plan = FaultPlan.none();

    Faults.wrap(store, plan).current("api", "prod");
    Faults.wrap(registry, plan).versions("api");
    Faults.wrap(scm, plan).resolveCommit("main");
    Faults.wrap(store, plan).list("prod");

    assertThat(plan.calls()).isEqualTo(4);
    assertThat(plan.callLog())
        .containsExactly("store.current", "registry.versions", "scm.resolveCommit", "store.list");
    assertThat(plan.injected()).isEmpty();
    assertThat(plan.failingCall()).isEmpty();
  }

  @Test
  @DisplayName("a call failed before it is delegated did nothing")
  void before() {
    FaultPlan plan = FaultPlan.failCall(2, Timing.BEFORE);
    EnvironmentStore faulty = Faults.wrap(store, plan);
    faulty.current("api", "prod");

    assertThatThrownBy(() -> faulty.apply(declare("api", "prod", RELEASE)))
        .isInstanceOf(BackendException.class);

    assertThat(store.current("api", "prod")).isEmpty();
    assertThat(store.revisions()).isEmpty();
  }

  @Test
  @DisplayName("a call failed after it is delegated took effect, but its caller sees a failure")
  void after() {
    FaultPlan plan = FaultPlan.failCall(2, Timing.AFTER);
    EnvironmentStore faulty = Faults.wrap(store, plan);
    faulty.current("api", "prod");

    assertThatThrownBy(() -> faulty.apply(declare("api", "prod", RELEASE)))
        .isInstanceOf(BackendException.class);

    assertThat(store.current("api", "prod")).map(Deployment::version).contains(RELEASE);
    assertThat(store.revisions()).hasSize(1);
  }

  @Test
  @DisplayName("exactly the n-th call fails; the calls before and after it succeed")
  void exactlyTheNthCall() {
    for (int n = 1; n <= 5; n++) {
      FaultPlan plan = FaultPlan.failCall(n, Timing.BEFORE);
      SourceControl faulty = Faults.wrap(scm, plan);
      int failures = 0;
      int failedAt = 0;
      for (int call = 1; call <= 5; call++) {
        try {
          faulty.resolveCommit("main");
        } catch (BackendException e) {
          failures++;
          failedAt = call;
        }
      }
      assertThat(failures).as("failures with %s", plan).isEqualTo(1);
      assertThat(failedAt).as("failing call with %s", plan).isEqualTo(n);
      assertThat(plan.calls()).isEqualTo(5);
    }
  }

  @Test
  @DisplayName("the injected failure is a retryable backend failure that names the call")
  void injectedFailure() {
    FaultPlan plan = FaultPlan.failCall(1, Timing.AFTER);

    BackendException e =
        catchThrowableOfType(
            BackendException.class, () -> Faults.wrap(registry, plan).versions("api"));

    assertThat(e.backend()).isEqualTo(FaultPlan.BACKEND).isEqualTo("fault-injection");
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo(
            "fault-injection: injected failure: call 1 (registry.versions) failed after it was"
                + " delegated: it took effect, but its response was lost");
    assertThat(plan.injected())
        .contains(
            "call 1 (registry.versions) failed after it was delegated: it took effect, but its"
                + " response was lost");
  }

  @Test
  @DisplayName("a pull failed after it is delegated has already streamed the package")
  void pullAfter() {
    byte[] bytes = ChartFixture.packageChart("api", "0.2.0");
    registry.push("api", RELEASE, ChartContent.of(bytes), Map.of());
    ChartRegistry faulty = Faults.wrap(registry, FaultPlan.failCall(1, Timing.AFTER));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    assertThatThrownBy(() -> faulty.pull("api", RELEASE, sink))
        .isInstanceOf(BackendException.class);

    assertThat(sink.toByteArray()).isEqualTo(bytes);
  }

  @Test
  @DisplayName("a failure of the delegated call itself propagates and injects nothing")
  void realFailurePropagates() {
    FaultPlan plan = FaultPlan.failCall(1, Timing.AFTER);

    assertThatThrownBy(() -> Faults.wrap(scm, plan).resolveCommit("no-such-branch"))
        .isInstanceOf(ReferenceNotFoundException.class);

    assertThat(plan.injected()).isEmpty();
    assertThat(plan.calls()).isEqualTo(1);
  }

  @Test
  @DisplayName("every single fault of n calls is n plans before and n plans after")
  void everySingleFault() {
    List<FaultPlan> plans = FaultPlan.everySingleFault(2);

    assertThat(plans)
        .extracting(p -> p.failingCall().orElseThrow() + " " + p.timing())
        .containsExactly("1 BEFORE", "1 AFTER", "2 BEFORE", "2 AFTER");
    assertThat(FaultPlan.everySingleFault(0)).isEmpty();
  }

  @Test
  @DisplayName("calls are numbered from 1")
  void numberedFromOne() {
    assertThatThrownBy(() -> FaultPlan.failCall(0, Timing.BEFORE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("the plan describes itself with the calls so far, for failure messages")
  void describesItself() {
    FaultPlan plan = FaultPlan.failCall(3, Timing.AFTER);
    Faults.wrap(store, plan).list("prod");

    assertThat(plan).hasToString("fail call 3 after it is delegated; calls so far: [store.list]");
    assertThat(FaultPlan.none()).hasToString("fail nothing; calls so far: []");
  }

  @Test
  @DisplayName("an idempotent operation interrupted at any call finishes the job when run again")
  void idempotentOperationSurvivesEveryFault() {
    FaultPlan measure = FaultPlan.none();
    Ports reference = new Ports();
    reference.deployAndBump(measure);
    assertThat(measure.callLog())
        .containsExactly(
            "store.current",
            "store.apply",
            "scm.readFile",
            "scm.commitFile",
            "scm.dispatchWorkflow");

    for (FaultPlan plan : FaultPlan.everySingleFault(measure.calls())) {
      Ports ports = new Ports();
      assertThatThrownBy(() -> ports.deployAndBump(plan))
          .as("with %s", plan)
          .isInstanceOf(BackendException.class);

      ports.deployAndBump(FaultPlan.none());

      assertThat(ports.store.current("api", "prod"))
          .as("with %s", plan)
          .map(Deployment::version)
          .contains(RELEASE);
      assertThat(ports.scm.readFile("main", "charts/api/Chart.yaml"))
          .as("with %s", plan)
          .contains(ChartFixture.chartYaml("api", "0.2.1"));
      assertThat(ports.scm.commits("main")).as("with %s", plan).hasSize(2);
      assertThat(ports.scm.dispatches()).as("with %s", plan).hasSize(1);
      assertThat(ports.store.revisions()).as("with %s", plan).hasSize(1);
    }
  }

  /** A miniature release tail (deploy prod, bump main, dispatch dev), idempotent step by step. */
  private static final class Ports {
    private final InMemoryEnvironmentStore store = new InMemoryEnvironmentStore();
    private final InMemorySourceControl scm = AppRepositoryFixture.appRepository("api", "0.2.0");

    void deployAndBump(FaultPlan plan) {
      EnvironmentStore environments = Faults.wrap(store, plan);
      SourceControl source = Faults.wrap(scm, plan);
      Optional<dev.promotion.version.Version> current =
          environments.current("api", "prod").map(Deployment::version);
      Change change =
          current.isEmpty()
              ? Change.create("api", "prod", RELEASE)
              : Change.of("api", "prod", current.get(), RELEASE);
      environments.apply(
          new ChangeSet(List.of(change), "release api 0.2.0", List.of(), "ci-bot", Instant.EPOCH));
      String released = ChartFixture.chartYaml("api", "0.2.0");
      String bumped = ChartFixture.chartYaml("api", "0.2.1");
      Optional<String> chart = source.readFile("main", "charts/api/Chart.yaml");
      if (chart.equals(Optional.of(released)) || chart.equals(Optional.of(bumped))) {
        source.commitFile(
            new FileCommit(
                "main",
                "charts/api/Chart.yaml",
                Optional.of(released),
                bumped,
                "Bump api to 0.2.1",
                "ci-bot"));
      }
      source.dispatchWorkflow(
          new WorkflowDispatch("publish-dev.yaml", "main", Map.of(), "release-v0.2.0-next-dev"));
    }
  }

  private static ChangeSet declare(String app, String env, ChartVersion version) {
    return new ChangeSet(
        List.of(Change.create(app, env, version)),
        "declare " + app,
        List.of(),
        "ci-bot",
        Instant.EPOCH);
  }
}
