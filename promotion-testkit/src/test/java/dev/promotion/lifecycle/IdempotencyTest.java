package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.version.Bump;
import dev.promotion.version.ChartVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every write run a second time changes nothing, and says so. */
@DisplayName("Every write run twice")
class IdempotencyTest {
  @TempDir Path tmp;
  World world;
  Promotions promotions;

  @BeforeEach
  void releasedOnce() {
    world = new World(tmp);
    world.settings(world.settings().withRunId("run-42"));
    promotions = world.promotions();
  }

  private void assertSecondRunChangesNothing(Supplier<Result<?>> write) {
    Result<?> first = write.get();
    assertThat(first).isInstanceOf(Result.Done.class);
    World.Snapshot after = world.snapshot();

    Result<?> second = write.get();

    assertThat(second).isInstanceOf(Result.AlreadyDone.class);
    assertThat(second.steps()).noneMatch(Step::wrote);
    assertThat(second.steps()).anyMatch(s -> s.status() == Step.Status.ALREADY_DONE);
    assertThat(world.snapshot()).isEqualTo(after);
  }

  @Test
  @DisplayName("publish-dev: the chart is published and dev runs it")
  void publishDev() {
    assertSecondRunChangesNothing(() -> world.publish("main"));
  }

  @Test
  @DisplayName("promote: the target already runs the version")
  void promote() {
    world.publish("main");
    assertSecondRunChangesNothing(() -> promotions.promote("api", "test"));
  }

  @Test
  @DisplayName("release: chart, release, prod, notes, bump and dispatch are all in place")
  void release() {
    world.publish("main");
    promotions.promote("api", "test");
    promotions.promote("api", "stage");
    assertSecondRunChangesNothing(() -> promotions.release("api"));
  }

  @Test
  @DisplayName("hotfix: branch, chart version and draft pull request exist")
  void hotfix() {
    world.publish("main");
    promotions.promote("api", "test");
    promotions.promote("api", "stage");
    promotions.release("api");
    assertSecondRunChangesNothing(() -> promotions.startHotfix("api", "v0.1.0"));
  }

  @Test
  @DisplayName("bump: main already prepares a release at that level")
  void bump() {
    world.publish("main");
    promotions.promote("api", "test");
    promotions.promote("api", "stage");
    promotions.release("api");
    assertThat(world.chartVersionOn("main")).isEqualTo("0.1.1");
    assertSecondRunChangesNothing(() -> promotions.bumpVersion("api", Bump.MINOR));
    assertThat(world.chartVersionOn("main")).isEqualTo("0.2.0");
  }

  @Test
  @DisplayName("rollback to a named version: the environment already runs it")
  void rollbackToVersion() {
    ChartVersion first = world.publish("main").orThrow().version();
    world.push("main", "Second change", "src/app.txt", "two\n");
    world.publish("main");
    world.clock.advance(Duration.ofMinutes(5));
    assertSecondRunChangesNothing(() -> promotions.rollback("api", "dev", Optional.of(first)));
    assertThat(world.deployed("dev")).isEqualTo(first);
  }

  @Test
  @DisplayName("rollback to the previous version in the same CI run does not roll back further")
  void rollbackInSameRun() {
    ChartVersion first = world.publish("main").orThrow().version();
    world.push("main", "Second change", "src/app.txt", "two\n");
    world.publish("main");
    world.push("main", "Third change", "src/app.txt", "three\n");
    world.publish("main");
    ChartVersion second =
        world.store.history("api", "dev", 2).get(1).version().chart().orElseThrow();
    assertSecondRunChangesNothing(() -> promotions.rollback("api", "dev", Optional.empty()));
    assertThat(world.deployed("dev")).isEqualTo(second).isNotEqualTo(first);
  }
}
