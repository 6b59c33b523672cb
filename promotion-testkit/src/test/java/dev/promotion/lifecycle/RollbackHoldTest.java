package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.gate.GateViolation;
import dev.promotion.result.ReleaseOutcome;
import dev.promotion.result.Result;
import dev.promotion.result.Rollback;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.Release;
import dev.promotion.version.ChartVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A rollback holds the version it rolled back from")
class RollbackHoldTest {
  @TempDir Path tmp;

  /** Releases a new candidate built from a new commit on main: 0.1.0, then 0.1.1, ... */
  private static void releaseNext(World world, int change) {
    Promotions promotions = world.promotions();
    world.push("main", "Change " + change, "src/app.txt", change + "\n");
    world.publish("main");
    world.clock.advance(Duration.ofHours(1));
    promotions.promote("api", "test");
    promotions.promote("api", "stage");
    world.clock.advance(Duration.ofHours(1));
    promotions.release("api").orThrow();
  }

  private World releasedTwiceThenRolledBack() {
    World world = new World(tmp);
    releaseNext(world, 0);
    releaseNext(world, 1);
    world.clock.advance(Duration.ofHours(1));
    world.promotions().rollback("api", "prod", Optional.empty()).orThrow();
    assertThat(world.deployed("prod")).hasToString("0.1.0");
    return world;
  }

  @Test
  @DisplayName(
      "re-running the release after prod rolled back from it is blocked, names the rollback and"
          + " writes nothing (no deploy, no second line in the release notes)")
  void releaseRerunAfterRollbackIsBlocked() {
    World world = releasedTwiceThenRolledBack();
    World.Snapshot before = world.snapshot();

    Result<ReleaseOutcome> rerun = world.promotions().release("api");

    assertThat(rerun).isInstanceOf(Result.Blocked.class);
    assertThat(((Result.Blocked<ReleaseOutcome>) rerun).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.gate()).isEqualTo("rollback-hold");
              assertThat(v.message())
                  .contains("prod was rolled back from 0.1.1 to 0.1.0")
                  .contains("by alice");
            });
    assertThat(world.deployed("prod")).hasToString("0.1.0");
    assertThat(world.snapshot()).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "an explicit override deploys the held version again, is recorded, and then no longer holds"
          + " it")
  void overrideReleasesTheHeldVersionOnce() {
    World world = releasedTwiceThenRolledBack();
    world.clock.advance(Duration.ofHours(1));

    Result<ReleaseOutcome> overridden =
        world.promotions().overridingGates("INC-7 fixed by config").release("api");

    assertThat(overridden).isInstanceOf(Result.Done.class);
    assertThat(world.deployed("prod")).hasToString("0.1.1");
    HistoryEntry prod = world.store.history("api", "prod", 1).get(0);
    assertThat(prod.trailer("Promotion-Override")).contains("INC-7 fixed by config");
    assertThat(prod.trailer("Promotion-Overridden")).contains("rollback-hold");
    assertThat(world.promotions().release("api")).isInstanceOf(Result.AlreadyDone.class);
  }

  @Test
  @DisplayName("a promotion into an environment that rolled back from that version is blocked")
  void promotionIntoRolledBackEnvironmentIsBlocked() {
    World world = new World(tmp);
    Promotions promotions = world.promotions();
    for (int i = 0; i < 2; i++) {
      world.push("main", "Change " + i, "src/app.txt", i + "\n");
      world.publish("main");
      world.clock.advance(Duration.ofHours(1));
      promotions.promote("api", "test").orThrow();
      promotions.promote("api", "stage").orThrow();
    }
    ChartVersion newest = world.deployed("stage");
    promotions.rollback("api", "stage", Optional.empty()).orThrow();

    Result<?> again = promotions.promote("api", "stage");

    assertThat(again).isInstanceOf(Result.Blocked.class);
    assertThat(((Result.Blocked<?>) again).violations())
        .extracting(GateViolation::gate)
        .containsExactly("rollback-hold");
    assertThat(world.deployed("stage")).isNotEqualTo(newest);
    assertThat(world.deployed("test")).isEqualTo(newest);
  }

  @Test
  @DisplayName(
      "automatic rollback returns to a version that was rolled back from, once it ran again"
          + " after that rollback")
  void automaticRollbackReturnsToVersionThatRanAgain() {
    World world = releasedTwiceThenRolledBack();
    world.clock.advance(Duration.ofHours(1));
    world.promotions().overridingGates("INC-7 fixed by config").release("api").orThrow();
    releaseNext(world, 2);
    assertThat(world.deployed("prod")).hasToString("0.1.2");

    Result<Rollback> rollback = world.promotions().rollback("api", "prod", Optional.empty());

    assertThat(rollback.orThrow().to()).hasToString("0.1.1");
    assertThat(world.deployed("prod")).hasToString("0.1.1");
  }

  @Test
  @DisplayName("the release notes record the deployment once after a blocked re-run")
  void notesRecordDeploymentOnce() {
    World world = releasedTwiceThenRolledBack();

    world.promotions().release("api");

    Release release = world.scm.findRelease("v0.1.1").orElseThrow();
    assertThat(release.notes().lines().filter(l -> l.startsWith("- **prod**"))).hasSize(1);
  }
}
