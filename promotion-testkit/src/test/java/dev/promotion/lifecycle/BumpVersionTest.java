package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.result.Result;
import dev.promotion.version.Bump;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bump declares the kind of the next release of the main branch. */
@DisplayName("bump version")
class BumpVersionTest {
  @TempDir Path tmp;
  World world;
  Promotions promotions;

  @BeforeEach
  void world() {
    world = new World(tmp);
    promotions = world.promotions();
  }

  private void released(String version) {
    world.scm.tag("v" + version, world.scm.resolveCommit("main"));
  }

  @Test
  @DisplayName(
      "after release 0.1.0 (main says 0.1.1): patch keeps 0.1.1, minor gives 0.2.0, major 1.0.0")
  void afterRelease() {
    released("0.1.0");
    world.push(
        "main",
        "Next",
        "charts/api/Chart.yaml",
        world
            .scm
            .readFile("main", "charts/api/Chart.yaml")
            .orElseThrow()
            .replace("0.1.0", "0.1.1"));

    assertThat(promotions.bumpVersion("api", Bump.PATCH)).isInstanceOf(Result.AlreadyDone.class);
    assertThat(promotions.plan().bumpVersion("api", Bump.MAJOR).orThrow().to())
        .hasToString("1.0.0");
    assertThat(promotions.bumpVersion("api", Bump.MINOR).orThrow().to()).hasToString("0.2.0");
    assertThat(world.chartVersionOn("main")).isEqualTo("0.2.0");
    assertThat(world.scm.commits("main").get(0).subject())
        .isEqualTo("bump api chart 0.1.1 -> 0.2.0 (minor)");
  }

  @Test
  @DisplayName("a version that is already released moves on at the requested level")
  void releasedVersionMovesOn() {
    released("0.1.0");

    assertThat(promotions.bumpVersion("api", Bump.PATCH).orThrow().to()).hasToString("0.1.1");
  }

  @Test
  @DisplayName("skips versions that are already released")
  void skipsReleased() {
    released("0.1.0");
    released("0.2.0");

    assertThat(promotions.bumpVersion("api", Bump.MINOR).orThrow().to()).hasToString("0.3.0");
  }
}
