package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.Promotions;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.gate.Gates;
import dev.promotion.live.LiveOptions;
import dev.promotion.live.LiveVerdict;
import dev.promotion.result.Promotion;
import dev.promotion.result.Result;
import dev.promotion.result.StatusReport;
import dev.promotion.result.Step;
import dev.promotion.result.Verification;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.PromotionEvent;
import dev.promotion.testkit.InMemoryLiveState;
import dev.promotion.version.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("What runs: verify, wait, roll back, and gate on the live state")
class LiveVerificationTest {
  private static final Duration PHASE = Duration.ofSeconds(30);

  @TempDir Path tmp;

  private World world;
  private InMemoryLiveState live;
  private final List<PromotionEvent> events = new ArrayList<>();

  @BeforeEach
  void world() {
    world = new World(tmp);
    live = new InMemoryLiveState(world.store, world.clock);
    world.live(live).listener(events::add);
  }

  /** Publishes main to dev and lets dev's controller finish. */
  private Version publishedAndRunningInDev() {
    world.publish("main").orThrow();
    world.clock.advance(Duration.ofMinutes(5));
    return world.store.current("api", "dev").orElseThrow().version();
  }

  private static List<String> steps(Result<?> result) {
    return result.steps().stream().map(s -> s.name() + " " + s.status()).toList();
  }

  @Nested
  @DisplayName("verify")
  class Verify {
    @Test
    @DisplayName("says an environment runs its version once synced, healthy and reconciled")
    void runs() {
      Version version = publishedAndRunningInDev();

      Verification verification = world.promotions().verify("api", "dev", Duration.ZERO);

      assertThat(verification.running()).isTrue();
      assertThat(verification.version()).isEqualTo(version);
      assertThat(verification.summary()).startsWith("dev runs api " + version);
      assertThat(world.sleeps).isEmpty();
    }

    @Test
    @DisplayName(
        "waits through OutOfSync, the sync and Progressing, with backoff on the injected clock,"
            + " reporting progress")
    void waits() {
      live.script("api", "dev").delays(PHASE, PHASE, PHASE);
      world.publish("main").orThrow();

      Verification now = world.promotions().verify("api", "dev", Duration.ZERO);
      Verification waited = world.promotions().verify("api", "dev", Duration.ofMinutes(5));

      assertThat(now.running()).isFalse();
      assertThat(now.verdict().reason()).contains("want " + now.version());
      assertThat(waited.running()).isTrue();
      assertThat(waited.waited()).isGreaterThanOrEqualTo(PHASE.multipliedBy(3));
      assertThat(world.sleeps).first().isEqualTo(Duration.ofSeconds(2));
      assertThat(world.sleeps).isSorted();
      assertThat(world.sleeps)
          .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(15)));
      assertThat(events)
          .filteredOn(PromotionEvent.Waiting.class::isInstance)
          .map(e -> ((PromotionEvent.Waiting) e).reason())
          .anySatisfy(r -> assertThat(r).contains("sync in progress"))
          .anySatisfy(r -> assertThat(r).startsWith("still Progressing"));
    }

    @Test
    @DisplayName("gives up at the timeout exactly, saying why it does not run")
    void timeout() {
      live.script("api", "dev").stuckProgressing("Progressing: 3 of 4 pods ready");
      publishedAndRunningInDev();

      Verification verification = world.promotions().verify("api", "dev", Duration.ofMinutes(2));

      assertThat(verification.verdict()).isInstanceOf(LiveVerdict.Waiting.class);
      assertThat(verification.waited()).isEqualTo(Duration.ofMinutes(2));
      assertThat(verification.summary())
          .contains("still Progressing: Progressing: 3 of 4 pods ready")
          .contains("gave up after 2m");
    }

    @Test
    @DisplayName("fails fast when the version becomes Degraded, long before the timeout")
    void failsFast() {
      world.publish("main").orThrow();
      Version version = world.store.current("api", "dev").orElseThrow().version();
      live.script("api", "dev").degradesOn(version.text()).delays(PHASE, PHASE, PHASE);

      Verification verification = world.promotions().verify("api", "dev", Duration.ofHours(1));

      assertThat(verification.verdict()).isInstanceOf(LiveVerdict.Failed.class);
      assertThat(verification.verdict().reason()).contains("Degraded");
      assertThat(verification.waited()).isLessThan(Duration.ofMinutes(5));
    }

    @Test
    @DisplayName("refuses without a live state, and a negative timeout, with typed errors")
    void badInput() {
      World without = new World(tmp.resolve("other"));
      without.publish("main").orThrow();

      assertThatThrownBy(() -> without.promotions().verify("api", "dev", Duration.ZERO))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("No live state is configured");
      assertThatThrownBy(() -> without.promotions().waitingUntilRunning(Duration.ofMinutes(1)))
          .isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> world.promotions().verify("api", "dev", Duration.ofSeconds(-1)))
          .isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> world.promotions().rollingBackOnFailure())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("waitingUntilRunning");
    }
  }

  @Nested
  @DisplayName("writes that wait")
  class Writes {
    @Test
    @DisplayName("a promotion waits until the target runs the new version: a verified step")
    void promoteVerified() {
      publishedAndRunningInDev();
      live.script("api", "test").delays(PHASE, PHASE, PHASE);

      Result<Promotion> result =
          world.promotions().waitingUntilRunning(Duration.ofMinutes(10)).promote("api", "test");

      assertThat(result).isInstanceOf(Result.Done.class);
      assertThat(steps(result)).containsSubsequence("deploy test DONE", "verify test VERIFIED");
      assertThat(result.checkFailed()).isFalse();
    }

    @Test
    @DisplayName(
        "every write waits: publish-dev, promote, release and rollback verify their target")
    void everyWrite() {
      Promotions waiting = world.promotions().waitingUntilRunning(Duration.ofMinutes(10));

      Result<?> publish = waiting.publishDev("api", "main", world.checkout("main"));
      Result<?> test = waiting.promote("api", "test");
      Result<?> stage = waiting.promote("api", "stage");
      Result<?> release = waiting.release("api");
      world.push("main", "Change", "src/app.txt", "1\n");
      waiting.publishDev("api", "main", world.checkout("main"));
      waiting.promote("api", "test");
      Result<?> rollback = waiting.rollback("api", "test", java.util.Optional.empty());

      assertThat(steps(publish)).contains("verify dev VERIFIED");
      assertThat(steps(test)).contains("verify test VERIFIED");
      assertThat(steps(stage)).contains("verify stage VERIFIED");
      assertThat(steps(release)).contains("verify prod VERIFIED");
      assertThat(steps(rollback)).containsSubsequence("deploy test DONE", "verify test VERIFIED");
      assertThat(events)
          .filteredOn(PromotionEvent.OperationFinished.class::isInstance)
          .allSatisfy(
              e ->
                  assertThat(((PromotionEvent.OperationFinished) e).result().checkFailed())
                      .isFalse());
    }

    @Test
    @DisplayName("running it again after success writes nothing and verifies again")
    void rerunAfterSuccess() {
      publishedAndRunningInDev();
      Promotions waiting = world.promotions().waitingUntilRunning(Duration.ofMinutes(10));
      waiting.promote("api", "test");
      World.Snapshot before = world.snapshot();

      Result<Promotion> again = waiting.promote("api", "test");

      assertThat(again).isInstanceOf(Result.AlreadyDone.class);
      assertThat(steps(again)).contains("verify test VERIFIED");
      assertThat(world.snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName(
        "a version that does not run is rolled back to the previous one, and the rollback commit"
            + " says why")
    void rollsBack() {
      Version first = publishedAndRunningInDev();
      world.promotions().promote("api", "test").orThrow();
      world.clock.advance(Duration.ofMinutes(5));
      world.push("main", "Change", "src/app.txt", "1\n");
      world.publish("main").orThrow();
      world.clock.advance(Duration.ofMinutes(5));
      Version second = world.store.current("api", "dev").orElseThrow().version();
      live.script("api", "test").degradesOn(second.text());

      Result<Promotion> result =
          world
              .promotions()
              .waitingUntilRunning(Duration.ofMinutes(10))
              .rollingBackOnFailure()
              .promote("api", "test");

      assertThat(result.checkFailed()).isTrue();
      assertThat(steps(result))
          .containsSubsequence(
              "deploy test DONE",
              "verify test FAILED",
              "rollback deploy test DONE",
              "rollback verify test VERIFIED");
      assertThat(world.store.current("api", "test").orElseThrow().version()).isEqualTo(first);
      HistoryEntry rollback = world.store.history("api", "test", 1).get(0);
      assertThat(rollback.subject()).startsWith("rollback api " + second + " -> " + first);
      assertThat(rollback.trailer("Promotion-Verification-Failed"))
          .hasValueSatisfying(v -> assertThat(v).contains("Degraded"));
    }

    @Test
    @DisplayName("running it again after an automatic rollback writes nothing: the rollback holds")
    void rerunAfterRollback() {
      publishedAndRunningInDev();
      world.promotions().promote("api", "test").orThrow();
      world.clock.advance(Duration.ofMinutes(5));
      world.push("main", "Change", "src/app.txt", "1\n");
      world.publish("main").orThrow();
      world.clock.advance(Duration.ofMinutes(5));
      live.script("api", "test")
          .degradesOn(world.store.current("api", "dev").orElseThrow().version().text());
      Promotions promotions =
          world.promotions().waitingUntilRunning(Duration.ofMinutes(10)).rollingBackOnFailure();
      promotions.promote("api", "test");
      World.Snapshot before = world.snapshot();

      Result<Promotion> again = promotions.promote("api", "test");

      assertThat(again).isInstanceOf(Result.Blocked.class);
      assertThat(world.snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("a dry run plans the wait and observes nothing")
    void dryRun() {
      publishedAndRunningInDev();
      int observed = live.observations();

      Result<Promotion> plan =
          world
              .promotions()
              .waitingUntilRunning(Duration.ofMinutes(10))
              .rollingBackOnFailure()
              .plan()
              .promote("api", "test");

      assertThat(plan.steps())
          .filteredOn(s -> s.name().equals("verify test"))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.status()).isEqualTo(Step.Status.PLANNED);
                assertThat(s.detail()).contains("wait up to 10m").contains("else roll back");
              });
      assertThat(world.store.current("api", "test")).isEmpty();
      // the source-running gate observes dev once; the plan does not wait on test
      assertThat(live.observations() - observed).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("gates on what runs")
  class Gating {
    @Test
    @DisplayName(
        "source-running: a version declared but not running in the source is not promoted out of"
            + " it")
    void sourceRunning() {
      live.script("api", "dev").stuckProgressing("Progressing: 3 of 4 pods ready");
      publishedAndRunningInDev();
      World.Snapshot before = world.snapshot();

      Result<Promotion> result = world.promotions().promote("api", "test");

      assertThat(result).isInstanceOf(Result.Blocked.class);
      assertThat(((Result.Blocked<Promotion>) result).violations())
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.gate()).isEqualTo("source-running");
                assertThat(v.message()).contains("dev does not run").contains("3 of 4 pods");
              });
      assertThat(world.snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("soak time counts from when the version became healthy, not from the commit")
    void soakFromHealth() {
      world.gates(Gates.standard(List.of(), Map.of("dev", Duration.ofHours(1))));
      live.script("api", "dev").delays(Duration.ofMinutes(20), PHASE, PHASE);
      world.publish("main").orThrow();
      world.clock.advance(Duration.ofMinutes(70));

      Result<Promotion> early = world.promotions().promote("api", "test");
      world.clock.advance(Duration.ofMinutes(15));
      Result<Promotion> later = world.promotions().promote("api", "test");

      assertThat(early).isInstanceOf(Result.Blocked.class);
      assertThat(((Result.Blocked<Promotion>) early).violations())
          .singleElement()
          .satisfies(v -> assertThat(v.message()).contains("run healthy in dev for 49m"));
      assertThat(later).isInstanceOf(Result.Done.class);
    }
  }

  @Nested
  @DisplayName("status --live")
  class Status {
    @Test
    @DisplayName("shows sync, health and since next to the declaration, and flags a difference")
    void liveColumns() {
      publishedAndRunningInDev();
      live.script("api", "test").delays(PHASE, PHASE, PHASE);
      world.promotions().promote("api", "test").orThrow();

      StatusReport report = world.promotions().liveStatus();

      StatusReport.LiveStatus dev = cell(report, "dev").live().orElseThrow();
      StatusReport.LiveStatus test = cell(report, "test").live().orElseThrow();
      assertThat(dev.sync()).isEqualTo("Synced");
      assertThat(dev.health()).isEqualTo("Healthy");
      assertThat(dev.since()).isPresent();
      assertThat(dev.running()).isTrue();
      assertThat(dev.differs()).isFalse();
      assertThat(test.sync()).isEqualTo("OutOfSync");
      assertThat(test.differs()).isTrue();
      assertThat(test.running()).isFalse();
      assertThat(cell(report, "stage").live()).isEmpty();
    }

    @Test
    @DisplayName("a drift-tolerant environment runs its version while OutOfSync")
    void driftTolerant() {
      live.script("api", "dev").drifts();
      publishedAndRunningInDev();

      boolean strict = world.promotions().verify("api", "dev", Duration.ZERO).running();
      boolean tolerant =
          world
              .liveOptions(LiveOptions.defaults().withDriftTolerant(Set.of("dev")))
              .promotions()
              .verify("api", "dev", Duration.ZERO)
              .running();

      assertThat(strict).isFalse();
      assertThat(tolerant).isTrue();
    }

    private StatusReport.AppStatus cell(StatusReport report, String env) {
      return report.environments().stream()
          .filter(e -> e.environment().equals(env))
          .flatMap(e -> e.apps().stream())
          .filter(a -> a.app().equals("api"))
          .findFirst()
          .orElseThrow();
    }
  }
}
