package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.result.Result;
import dev.promotion.result.Rollback;
import dev.promotion.result.StatusReport;
import dev.promotion.result.Step;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.PromotionEvent;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemorySourceControl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackStatusEventsTest {
  @TempDir Path tmp;

  private World releasedTwice() {
    World world = new World(tmp);
    Promotions promotions = world.promotions();
    for (int i = 0; i < 2; i++) {
      world.push("main", "Change " + i, "src/app.txt", i + "\n");
      world.publish("main");
      world.clock.advance(Duration.ofHours(1));
      promotions.promote("api", "test");
      promotions.promote("api", "stage");
      world.clock.advance(Duration.ofHours(1));
      promotions.release("api");
    }
    return world;
  }

  @Test
  @DisplayName(
      "rollback returns prod to the previous release, records it, and the next rollback goes further back")
  void rollbackToPrevious() {
    World world = releasedTwice();
    assertThat(world.deployed("prod")).hasToString("0.1.1");

    Result<Rollback> first = world.promotions().rollback("api", "prod", Optional.empty());

    assertThat(first.orThrow().to()).hasToString("0.1.0");
    assertThat(world.deployed("prod")).hasToString("0.1.0");
    HistoryEntry entry = world.store.history("api", "prod", 1).get(0);
    assertThat(entry.subject()).isEqualTo("rollback api 0.1.1 -> 0.1.0 in prod");
    assertThat(entry.trailer("Promotion-Rollback")).contains("0.1.1");
    assertThat(entry.trailer("Promotion-Actor")).contains("alice");
  }

  @Test
  @DisplayName("status shows every environment with version, since when and by whom")
  void status() {
    World world = releasedTwice();

    StatusReport status = world.promotions().status();

    assertThat(status.environments())
        .extracting(StatusReport.EnvironmentStatus::environment)
        .containsExactly("dev", "test", "stage", "prod");
    assertThat(status.version("api", "prod"))
        .hasValueSatisfying(v -> assertThat(v).hasToString("0.1.1"));
    StatusReport.AppStatus prod = status.environments().get(3).apps().get(0);
    assertThat(prod.actor()).contains("alice");
    assertThat(prod.since()).isPresent();
    assertThat(world.promotions().history("api", "prod", 10)).hasSize(2);
  }

  @Test
  @DisplayName(
      "listeners hear every step and the end of each operation, and a failing listener is ignored")
  void events() {
    List<PromotionEvent> events = new ArrayList<>();
    World world =
        new World(tmp, new InMemoryChartRegistry(), InMemorySourceControl.builder())
            .listener(
                e -> {
                  events.add(e);
                  throw new IllegalStateException("audit sink down");
                });

    world.publish("main");

    assertThat(events)
        .as("publish chart, deploy dev, record deployment dev, then the end")
        .hasSize(4);
    assertThat(events.get(0)).isInstanceOf(PromotionEvent.StepFinished.class);
    assertThat(events.get(3))
        .isInstanceOfSatisfying(
            PromotionEvent.OperationFinished.class,
            e -> assertThat(e.operation()).isEqualTo("publish-dev"));
  }

  @Test
  @DisplayName(
      "without pull requests, workflow runs or deployments the steps say so instead of failing"
          + " silently")
  void unsupportedCapabilities() {
    World world =
        new World(
            tmp,
            new InMemoryChartRegistry(),
            InMemorySourceControl.builder()
                .withoutPullRequests()
                .withoutWorkflowDispatch()
                .withoutDeployments());
    world.publish("main");
    world.promotions().promote("api", "test");
    world.promotions().promote("api", "stage");

    List<Step> released = world.promotions().release("api").steps();
    assertThat(released)
        .filteredOn(s -> s.name().equals("dispatch publish-dev.yaml"))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).contains("cannot dispatch workflows"));
    assertThat(released)
        .filteredOn(s -> s.name().equals("record deployment prod"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo(Step.Status.SKIPPED);
              assertThat(s.detail()).contains("cannot record deployments");
            });
    assertThat(world.promotions().startHotfix("api", "v0.1.0").steps())
        .filteredOn(s -> s.name().equals("open draft pull request"))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).contains("cannot open pull requests"));
  }
}
