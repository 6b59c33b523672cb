package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.version.Bump;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plan reads, checks gates and reports what it would do; it writes nothing. */
@DisplayName("A dry run")
class DryRunTest {
  @TempDir Path tmp;
  World world;
  Promotions plan;

  @BeforeEach
  void world() {
    world = new World(tmp);
    plan = world.promotions().plan();
  }

  private void assertPlannedWithoutWrites(Supplier<Result<?>> operation, String... plannedSteps) {
    World.Snapshot before = world.snapshot();

    Result<?> result = operation.get();

    assertThat(result).isInstanceOf(Result.Planned.class);
    assertThat(result.steps())
        .filteredOn(s -> s.status() == Step.Status.PLANNED)
        .extracting(Step::name)
        .contains(plannedSteps);
    assertThat(result.changedSomething()).isFalse();
    assertThat(world.snapshot()).isEqualTo(before);
  }

  @Test
  @DisplayName("of publish-dev plans the chart and the deployment")
  void publishDev() {
    assertPlannedWithoutWrites(
        () -> plan.publishDev("api", "main", world.checkout("main")),
        "publish chart",
        "deploy dev");
  }

  @Test
  @DisplayName("of promote plans the deployment")
  void promote() {
    world.publish("main");
    assertPlannedWithoutWrites(() -> plan.promote("api", "test"), "deploy test");
  }

  @Test
  @DisplayName(
      "of release plans every write of the saga, with the digest the release chart will have")
  void release() {
    world.publish("main");
    world.promotions().promote("api", "test");
    world.promotions().promote("api", "stage");

    assertPlannedWithoutWrites(
        () -> plan.release("api"),
        "publish release chart",
        "create release v0.1.0",
        "deploy prod",
        "record promotion in release notes",
        "bump main",
        "dispatch publish-dev.yaml");
    String planned = plan.release("api").orThrow().digest();
    assertThat(world.promotions().release("api").orThrow().digest()).isEqualTo(planned);
  }

  @Test
  @DisplayName("of hotfix, bump and rollback plans their writes")
  void others() {
    world.publish("main");
    world.promotions().promote("api", "test");
    world.promotions().promote("api", "stage");
    world.promotions().release("api");

    assertPlannedWithoutWrites(
        () -> plan.startHotfix("api", "v0.1.0"),
        "create branch hotfix-0-1-1",
        "set chart version",
        "open draft pull request");
    assertPlannedWithoutWrites(() -> plan.bumpVersion("api", Bump.MAJOR), "bump main");
    world.publish("main");
    assertPlannedWithoutWrites(() -> plan.rollback("api", "dev", Optional.empty()), "deploy dev");
  }
}
