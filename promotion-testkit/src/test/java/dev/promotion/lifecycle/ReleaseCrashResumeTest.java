package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.BackendException;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.testkit.fault.FaultPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every call {@code release} makes to a port, a crash at that call (before it reaches the
 * backend, or after the backend did the work but the answer was lost) followed by a second run ends
 * in exactly the state of an uninterrupted release: no duplicate chart, tag, release, commit,
 * dispatch or deployment. A failure of the host while the deployment is recorded does not stop the
 * release (the GitOps change stands): it is a warning step, and the second run finishes the record.
 */
@DisplayName("release after a crash at any step")
class ReleaseCrashResumeTest {
  private static final Set<String> DEPLOYMENT_CALLS =
      Set.of("scm.recordDeployment", "scm.updateDeployment");

  @TempDir Path tmp;

  /** A world with a release candidate in stage, built identically each time. */
  private World readyToRelease(String name) throws Exception {
    World world = new World(Files.createDirectories(tmp.resolve(name)));
    world.publish("main");
    world.promotions().promote("api", "test");
    world.promotions().promote("api", "stage");
    return world;
  }

  @TestFactory
  @DisplayName("finishes the job on the second run and ends as an uninterrupted run")
  Stream<DynamicTest> crashAtEveryCall() throws Exception {
    World reference = readyToRelease("reference");
    FaultPlan counting = FaultPlan.none();
    assertThat(reference.promotions(counting).release("api")).isInstanceOf(Result.Done.class);
    World.Snapshot expected = reference.snapshot();
    List<String> calls = counting.callLog();
    assertThat(calls)
        .contains(
            "registry.push",
            "scm.createRelease",
            "store.apply",
            "scm.commitFile",
            "scm.dispatchWorkflow",
            "scm.appendToReleaseNotes",
            "scm.recordDeployment",
            "scm.updateDeployment");
    assertThat(expected.deployments().get("prod")).hasSize(1);

    List<DynamicTest> tests = new ArrayList<>();
    for (int n = 1; n <= calls.size(); n++) {
      for (FaultPlan.Timing timing : FaultPlan.Timing.values()) {
        int call = n;
        tests.add(
            DynamicTest.dynamicTest(
                "crash " + timing + " call " + n + " (" + calls.get(n - 1) + ")",
                () -> {
                  World world = readyToRelease("crash-" + call + "-" + timing);
                  FaultPlan plan = FaultPlan.failCall(call, timing);

                  if (DEPLOYMENT_CALLS.contains(calls.get(call - 1))) {
                    assertThat(world.promotions(plan).release("api").steps())
                        .filteredOn(s -> s.status() == Step.Status.WARNING)
                        .singleElement()
                        .satisfies(s -> assertThat(s.name()).isEqualTo("record deployment prod"));
                  } else {
                    assertThatThrownBy(() -> world.promotions(plan).release("api"))
                        .isInstanceOf(BackendException.class);
                  }
                  Result<?> resumed = world.promotions().release("api");

                  assertThat(resumed).isNotInstanceOf(Result.Blocked.class);
                  assertThat(world.snapshot()).isEqualTo(expected);
                  assertThat(world.promotions().release("api"))
                      .isInstanceOf(Result.AlreadyDone.class);
                }));
      }
    }
    return tests.stream();
  }
}
