package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.Promotions;
import dev.promotion.error.AmbiguousCommitException;
import dev.promotion.result.ReleaseOutcome;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.testkit.fixture.GitOpsFixture;
import dev.promotion.version.ChartVersion;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The release finds the candidate's commit by its full id")
class ReleaseSourceCommitTest {
  @TempDir Path tmp;

  /** Two commits on main whose ids share their first 7 characters, one with a letter. */
  private record Collision(String earlier, String later) {}

  private static Collision commitUntilShortIdsCollide(World world) {
    Map<String, String> byShortId = new HashMap<>();
    for (int i = 0; ; i++) {
      String id = world.scm.branch("main").commit("Change " + i, Map.of("src/app.txt", i + "\n"));
      String shortId = id.substring(0, 7);
      if (!shortId.chars().anyMatch(Character::isLetter)) {
        continue;
      }
      String earlier = byShortId.putIfAbsent(shortId, id);
      if (earlier != null) {
        return new Collision(earlier, id);
      }
    }
  }

  @Test
  @DisplayName(
      "a candidate whose short id became ambiguous is released at the commit its chart recorded")
  void ambiguousShortIdReleasedAtRecordedCommit() {
    World world = new World(tmp);
    Collision collision = commitUntilShortIdsCollide(world);
    Promotions promotions = world.promotions();
    promotions
        .publishDev("api", collision.earlier(), world.checkout(collision.earlier()))
        .orThrow();
    promotions.promote("api", "test").orThrow();
    promotions.promote("api", "stage").orThrow();
    assertThat(world.deployed("stage").sourceCommit()).contains(collision.later().substring(0, 7));

    ReleaseOutcome released = promotions.release("api").orThrow();

    assertThat(released.commit()).isEqualTo(collision.earlier());
    assertThat(world.scm.findRelease("v0.1.0").orElseThrow().commit())
        .isEqualTo(collision.earlier());
    assertThat(world.registry.resolve("api", ChartVersion.parse("0.1.0")).orElseThrow())
        .satisfies(
            a ->
                assertThat(a.annotations())
                    .containsEntry(ChartArtifact.SOURCE_COMMIT, collision.earlier()));
  }

  @Test
  @DisplayName(
      "a candidate published without its full commit id and with an ambiguous short id is a typed"
          + " error naming the commits, and nothing is written")
  void ambiguousShortIdWithoutRecordedCommit() {
    World world = new World(tmp);
    Collision collision = commitUntilShortIdsCollide(world);
    ChartVersion candidate = ChartVersion.parse("0.1.0").rc(collision.earlier());
    world.registry.push("api", candidate, ChartFixture.chart("api", candidate).content(), Map.of());
    GitOpsFixture.on(world.store).env("stage").app("api").version(candidate);
    World.Snapshot before = world.snapshot();

    AmbiguousCommitException e =
        catchThrowableOfType(
            AmbiguousCommitException.class, () -> world.promotions().release("api"));

    assertThat(e.reference()).isEqualTo(collision.earlier().substring(0, 7));
    assertThat(e.candidates()).containsExactlyInAnyOrder(collision.earlier(), collision.later());
    assertThat(e)
        .hasMessageContaining(collision.earlier())
        .hasMessageContaining(collision.later())
        .hasMessageContaining(candidate.toString())
        .hasMessageContaining("publish");
    assertThat(world.snapshot()).isEqualTo(before);
  }
}
