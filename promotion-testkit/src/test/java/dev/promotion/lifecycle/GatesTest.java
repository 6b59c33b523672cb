package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.Promotions;
import dev.promotion.gate.FreezeWindow;
import dev.promotion.gate.FreezeWindowGate;
import dev.promotion.gate.GateContext;
import dev.promotion.gate.GateViolation;
import dev.promotion.gate.GateViolationException;
import dev.promotion.gate.Gates;
import dev.promotion.gate.NoSkippingGate;
import dev.promotion.gate.Operation;
import dev.promotion.gate.ReleaseFromSourceGate;
import dev.promotion.gate.SoakTimeGate;
import dev.promotion.result.ReleaseOutcome;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.testkit.fixture.GitOpsFixture;
import dev.promotion.version.ChartVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Gates")
class GatesTest {
  @TempDir Path tmp;
  World world;

  @BeforeEach
  void candidateInStage() {
    world = new World(tmp);
    world.publish("main");
    world.clock.advance(Duration.ofHours(1));
    world.promotions().promote("api", "test");
    world.clock.advance(Duration.ofHours(1));
    world.promotions().promote("api", "stage");
  }

  private GateContext context(
      Operation operation, Optional<String> source, String target, String version) {
    return new GateContext(
        operation,
        "api",
        source,
        target,
        ChartVersion.parse(version),
        world.store.current("api", target).map(d -> d.version()),
        World.PIPELINE,
        world.store,
        world.clock.instant());
  }

  @Nested
  @DisplayName("no skipping")
  class NoSkipping {
    @Test
    @DisplayName("refuses a version that is not deployed in the target's predecessor")
    void refusesSkippedEnvironment() {
      world.publish("main");
      world.push("main", "Newer", "src/app.txt", "n\n");
      String newer = world.publish("main").orThrow().version().toString();

      List<GateViolation> violations =
          new NoSkippingGate()
              .evaluate(context(Operation.PROMOTE, Optional.of("dev"), "stage", newer));

      assertThat(violations)
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.gate()).isEqualTo(NoSkippingGate.NAME);
                assertThat(v.message()).contains("stage is promoted from test, not from dev");
              });
      assertThat(
              new NoSkippingGate()
                  .evaluate(context(Operation.PROMOTE, Optional.of("test"), "stage", newer)))
          .singleElement()
          .satisfies(v -> assertThat(v.message()).contains("never ran in test"));
    }
  }

  @Nested
  @DisplayName("release from source")
  class ReleaseFromSource {
    @Test
    @DisplayName("prod only receives the release of the candidate deployed in stage")
    void onlyReleaseOfStageCandidate() {
      String stageRc = world.deployed("stage").toString();
      String release = world.deployed("stage").release().toString();
      ReleaseFromSourceGate gate = new ReleaseFromSourceGate();

      assertThat(gate.evaluate(context(Operation.RELEASE, Optional.of("stage"), "prod", release)))
          .isEmpty();
      assertThat(gate.evaluate(context(Operation.RELEASE, Optional.of("stage"), "prod", "0.9.0")))
          .singleElement()
          .satisfies(v -> assertThat(v.message()).contains("not the release of the candidate"));
      assertThat(gate.evaluate(context(Operation.RELEASE, Optional.of("stage"), "prod", stageRc)))
          .singleElement()
          .satisfies(v -> assertThat(v.message()).contains("only receives releases"));
    }
  }

  @Nested
  @DisplayName("freeze windows and soak time")
  class FreezeAndSoak {
    Promotions gated;

    @BeforeEach
    void gates() {
      Instant now = world.clock.instant();
      world.gates(
          Gates.standard(
              List.of(
                  FreezeWindow.between(
                      "year-end", now.minusSeconds(60), now.plus(Duration.ofDays(2)), "prod")),
              Map.of("stage", Duration.ofHours(24))));
      gated = world.promotions();
    }

    @Test
    @DisplayName("report every violation together and write nothing")
    void allViolationsTogether() {
      World.Snapshot before = world.snapshot();

      Result<ReleaseOutcome> result = gated.release("api");

      assertThat(result).isInstanceOf(Result.Blocked.class);
      Result.Blocked<ReleaseOutcome> blocked = (Result.Blocked<ReleaseOutcome>) result;
      assertThat(blocked.violations())
          .extracting(GateViolation::gate)
          .containsExactlyInAnyOrder(FreezeWindowGate.NAME, SoakTimeGate.NAME);
      assertThat(blocked.steps()).allMatch(s -> s.status() == Step.Status.BLOCKED);
      assertThat(blocked.refused())
          .hasValueSatisfying(
              refused -> {
                assertThat(refused.app()).isEqualTo("api");
                assertThat(refused.environment()).isEqualTo("prod");
                assertThat(refused.target().text()).doesNotContain("-rc.");
              });
      assertThat(world.snapshot()).isEqualTo(before);
      assertThatThrownBy(result::orThrow)
          .isInstanceOf(GateViolationException.class)
          .hasMessageContaining("year-end")
          .hasMessageContaining("wait 1d more");
    }

    @Test
    @DisplayName(
        "soak time passes once the version has run long enough, freeze windows once they end")
    void passWithTime() {
      world.clock.advance(Duration.ofHours(23));
      assertThat(((Result.Blocked<?>) gated.release("api")).violations())
          .extracting(GateViolation::message)
          .contains("it has run in stage for 23h of the required 1d; wait 1h more");

      world.clock.advance(Duration.ofHours(1));
      assertThat(((Result.Blocked<?>) gated.release("api")).violations())
          .extracting(GateViolation::gate)
          .containsExactly(FreezeWindowGate.NAME);

      world.clock.advance(Duration.ofDays(2));
      assertThat(gated.release("api")).isInstanceOf(Result.Done.class);
    }

    @Test
    @DisplayName("an explicit override goes ahead and is recorded in the steps and the audit trail")
    void overrideIsRecorded() {
      Result<ReleaseOutcome> result = gated.overridingGates("INC-42 security fix").release("api");

      assertThat(result).isInstanceOf(Result.Done.class);
      assertThat(result.steps())
          .filteredOn(s -> s.name().startsWith("gate "))
          .hasSize(2)
          .allMatch(s -> s.detail().contains("overridden (INC-42 security fix)"));
      HistoryEntry prod = world.store.history("api", "prod", 1).get(0);
      assertThat(prod.trailer("Promotion-Override")).contains("INC-42 security fix");
      assertThat(prod.trailers())
          .filteredOn(t -> t.key().equals("Promotion-Overridden"))
          .extracting(t -> t.value())
          .containsExactlyInAnyOrder(FreezeWindowGate.NAME, SoakTimeGate.NAME);
    }

    @Test
    @DisplayName("a freeze window blocks promotions into the frozen environment only")
    void freezeOnlyItsEnvironments() {
      world.publish("main");
      assertThat(gated.promote("api", "test")).isNotInstanceOf(Result.Blocked.class);
    }

    @Test
    @DisplayName("soak time without history to prove it is a violation")
    void soakWithoutHistory() {
      GitOpsFixture.on(world.store).env("test").app("web").version("0.1.0-rc.abc1234");
      SoakTimeGate gate = new SoakTimeGate(Map.of("test", Duration.ofHours(1)));
      GateContext webContext =
          new GateContext(
              Operation.PROMOTE,
              "web",
              Optional.of("test"),
              "stage",
              ChartVersion.parse("0.1.0-rc.def5678"),
              Optional.empty(),
              World.PIPELINE,
              world.store,
              world.clock.instant());

      assertThat(gate.evaluate(webContext))
          .singleElement()
          .satisfies(v -> assertThat(v.message()).contains("cannot be proven"));
    }
  }
}
