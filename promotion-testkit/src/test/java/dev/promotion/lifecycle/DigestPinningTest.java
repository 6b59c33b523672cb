package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.Promotions;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.result.Result;
import dev.promotion.result.Rollback;
import dev.promotion.result.StatusReport;
import dev.promotion.result.Step;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.version.ImageDigest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 002: the digest the build recorded travels with the version to prod and back. */
@DisplayName("an image digest given to publish-dev is pinned in every environment it reaches")
class DigestPinningTest {
  private static final ImageDigest FIRST = ImageDigest.parse("sha256:" + "a1".repeat(32));
  private static final ImageDigest SECOND = ImageDigest.parse("sha256:" + "b2".repeat(32));

  @TempDir Path tmp;

  private static Optional<ImageDigest> pin(World world, String env) {
    return world.store.current("api", env).flatMap(Deployment::digest);
  }

  /** Builds, publishes with {@code digest}, promotes to stage and releases. */
  private static void shipTo(World world, int change, ImageDigest digest) {
    Promotions promotions = world.promotions();
    world.push("main", "Change " + change, "src/app.txt", change + "\n");
    promotions.publishDev("api", "main", world.checkout("main"), digest).orThrow();
    world.clock.advance(Duration.ofHours(1));
    promotions.promote("api", "test").orThrow();
    promotions.promote("api", "stage").orThrow();
    world.clock.advance(Duration.ofHours(1));
    promotions.release("api").orThrow();
  }

  @Test
  @DisplayName("dev, test, stage and prod all pin the build's digest, and each commit records it")
  void carriedToProd() {
    World world = new World(tmp);

    shipTo(world, 0, FIRST);

    StatusReport status = world.promotions().status();
    for (String env : World.PIPELINE.names()) {
      assertThat(pin(world, env)).as(env).contains(FIRST);
      assertThat(status.environments())
          .filteredOn(e -> e.environment().equals(env))
          .flatExtracting(StatusReport.EnvironmentStatus::apps)
          .singleElement()
          .satisfies(cell -> assertThat(cell.digest()).contains(FIRST));
      HistoryEntry last = world.store.history("api", env, 1).get(0);
      assertThat(last.trailer("Promotion-Digest")).as(env).contains(FIRST.toString());
    }
    assertThat(world.deployed("prod")).hasToString("0.1.0");
  }

  @Test
  @DisplayName("rollback restores the digest the earlier release ran with")
  void rollbackRestoresTheDigest() {
    World world = new World(tmp);
    shipTo(world, 0, FIRST);
    shipTo(world, 1, SECOND);
    assertThat(pin(world, "prod")).contains(SECOND);

    Result<Rollback> result = world.promotions().rollback("api", "prod", Optional.empty());

    assertThat(result.orThrow().to()).hasToString("0.1.0");
    assertThat(pin(world, "prod")).contains(FIRST);
    assertThat(result.steps()).extracting(Step::name).doesNotContain("pin digest");
  }

  @Test
  @DisplayName("rollback to a version ran without a pin declares it by tag and says so")
  void rollbackWithoutRecordedDigest() {
    World world = new World(tmp);
    Promotions promotions = world.promotions();
    world.publish("main").orThrow();
    promotions.promote("api", "test").orThrow();
    promotions.promote("api", "stage").orThrow();
    promotions.release("api").orThrow();
    shipTo(world, 1, SECOND);

    Result<Rollback> result = world.promotions().rollback("api", "prod", Optional.empty());

    assertThat(pin(world, "prod")).isEmpty();
    assertThat(result.steps())
        .filteredOn(s -> s.name().equals("pin digest"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo(Step.Status.SKIPPED);
              assertThat(s.detail()).contains("0.1.0").contains("by tag only");
            });
  }

  @Test
  @DisplayName("publishing the same build again is already done; a new digest re-pins dev")
  void republish() {
    World world = new World(tmp);
    Promotions promotions = world.promotions();
    promotions.publishDev("api", "main", world.checkout("main"), FIRST).orThrow();
    World.Snapshot before = world.snapshot();

    Result<?> again = promotions.publishDev("api", "main", world.checkout("main"), FIRST);
    World.Snapshot unchanged = world.snapshot();
    Result<?> rebuilt = promotions.publishDev("api", "main", world.checkout("main"), SECOND);

    assertThat(again).isInstanceOf(Result.AlreadyDone.class);
    assertThat(unchanged).isEqualTo(before);
    assertThat(rebuilt).isInstanceOf(Result.Done.class);
    assertThat(pin(world, "dev")).contains(SECOND);
  }

  @Test
  @DisplayName("a store that declares versions only refuses the digest before anything is written")
  void refusedByVersionsOnlyStore() {
    World world =
        new World(
            tmp,
            InMemoryEnvironmentStore.versionsOnly(),
            new InMemoryChartRegistry(),
            InMemorySourceControl.builder());
    World.Snapshot before = world.snapshot();

    InvalidRequestException e =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> world.promotions().publishDev("api", "main", world.checkout("main"), FIRST));

    assertThat(e).hasMessageContaining("api").hasMessageContaining(FIRST.shortForm());
    assertThat(world.snapshot()).isEqualTo(before);
  }

  @Test
  @DisplayName("a dry run shows the pin it would write")
  void dryRun() {
    World world = new World(tmp);
    world.promotions().publishDev("api", "main", world.checkout("main"), FIRST).orThrow();

    Result<?> planned = world.promotions().plan().promote("api", "test");

    assertThat(planned.steps())
        .filteredOn(s -> s.name().equals("deploy test"))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).contains("@" + FIRST.shortForm()));
    assertThat(pin(world, "test")).isEmpty();
  }
}
