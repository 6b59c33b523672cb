package dev.promotion.lifecycle;

import static dev.promotion.lifecycle.Versions.D1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.gate.Gates;
import dev.promotion.gate.MutableTagGate;
import dev.promotion.gate.PromotionGate;
import dev.promotion.result.Promotion;
import dev.promotion.result.Result;
import dev.promotion.result.Rollback;
import dev.promotion.version.ImageTag;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Mutable tags")
class MutableTagGateTest {
  @TempDir Path tmp;
  Versions world;
  Promotions promotions;

  @BeforeEach
  void world() {
    world = new Versions(tmp);
    promotions = world.promotions();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "latest", "master", "main", "stable", "staging", "dev", "develop", "edge", "nightly",
        "Latest"
      })
  @DisplayName("are blocked from prod by default unless pinned by digest")
  void blockedUnpinned(String tag) {
    world.fixture().env("stage").app("web").image(tag);
    Map<String, Object> before = world.snapshot();

    Result<Promotion> result = promotions.promote("web", "prod");

    assertThat(result).isInstanceOf(Result.Blocked.class);
    assertThat(((Result.Blocked<Promotion>) result).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.gate()).isEqualTo(MutableTagGate.NAME);
              assertThat(v.message()).contains(tag + " is a mutable tag").contains("digest");
            });
    assertThat(world.snapshot()).isEqualTo(before);
  }

  @Test
  @DisplayName("a mutable tag pinned by digest reaches prod")
  void pinnedPasses() {
    world.fixture().env("stage").app("web").image("latest", D1);

    promotions.promote("web", "prod").orThrow();

    assertThat(world.store.current("web", "prod").orElseThrow().version().text())
        .isEqualTo("latest");
  }

  @Test
  @DisplayName("environments that are not gated take mutable tags")
  void ungatedEnvironment() {
    world.fixture().env("dev").app("web").image("main");

    promotions.promote("web", "test").orThrow();

    assertThat(world.store.current("web", "test")).isPresent();
  }

  @Test
  @DisplayName("an immutable tag is not held")
  void immutableTagPasses() {
    world.fixture().env("stage").app("web").image("v1.2.3");

    assertThat(promotions.promote("web", "prod")).isInstanceOf(Result.Done.class);
  }

  @Test
  @DisplayName("a rollback to a mutable tag is held too: it would run what the tag names now")
  void rollback() {
    world.fixture().env("stage").app("web").image("latest", D1);
    promotions.promote("web", "prod").orThrow();
    world.fixture().env("stage").app("web").image("v1.2.3");
    promotions.promote("web", "prod").orThrow();
    world.store.current("web", "prod").orElseThrow();
    // prod ran latest pinned: the pin comes back with it, so the rollback passes.
    Result<Rollback> pinned = promotions.plan().rollback("web", "prod", Optional.empty());
    assertThat(pinned).isInstanceOf(Result.Planned.class);

    world.fixture().env("test").app("web").image("main");
    world.fixture().env("test").app("web").image("v1.2.3");
    promotions =
        world
            .gates(
                Gates.replacing(
                    Gates.defaults(),
                    MutableTagGate.of(MutableTagGate.DEFAULT_TAGS, Set.of("test"))))
            .promotions();

    Result<Rollback> unpinned =
        promotions.rollback("web", "test", Optional.of(ImageTag.parse("main")));

    assertThat(unpinned).isInstanceOf(Result.Blocked.class);
  }

  @Test
  @DisplayName("the list of tags and the gated environments are configurable")
  void configurable() {
    List<PromotionGate> gates =
        Gates.replacing(
            Gates.defaults(), MutableTagGate.of(Set.of("release-candidate"), Set.of("stage")));
    promotions = world.gates(gates).promotions();
    world.fixture().env("test").app("web").image("release-candidate");
    world.fixture().env("stage").app("web").image("latest");

    Result<Promotion> intoStage = promotions.promote("web", "stage");
    Result<Promotion> latestIntoProd = promotions.promote("web", "prod");

    assertThat(intoStage).isInstanceOf(Result.Blocked.class);
    assertThat(latestIntoProd).isInstanceOf(Result.Done.class);
    assertThat(gates).filteredOn(g -> g instanceof MutableTagGate).hasSize(1);
  }

  @Test
  @DisplayName("is one of the default gates")
  void inDefaults() {
    assertThat(Gates.defaults()).anySatisfy(g -> assertThat(g).isInstanceOf(MutableTagGate.class));
    assertThat(new MutableTagGate().tags()).isEqualTo(MutableTagGate.DEFAULT_TAGS);
  }
}
