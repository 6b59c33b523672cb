package dev.promotion.lifecycle;

import static dev.promotion.testkit.assertions.PromotionAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.result.Hotfix;
import dev.promotion.result.Publication;
import dev.promotion.result.ReleaseOutcome;
import dev.promotion.result.Result;
import dev.promotion.spi.WorkflowDispatch;
import dev.promotion.version.Bump;
import dev.promotion.version.ChartVersion;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Konstruct walkthrough (seed 000), step by step, on the in-memory backends. */
@DisplayName("The seed walkthrough")
class SeedWalkthroughTest {
  @TempDir Path tmp;

  @Test
  @DisplayName(
      "runs the whole lifecycle: deploy, promote, release, bump, hotfix and release the hotfix")
  void wholeLifecycle() {
    World world = new World(tmp);
    Promotions promotions = world.promotions();

    // First deploy to dev: the push to main runs publish-dev.
    String firstCommit = world.scm.resolveCommit("main");
    Result<Publication> published = world.publish("main");
    String rc = ChartVersion.parse("0.1.0").rc(firstCommit).toString();
    assertThat(published).isInstanceOf(Result.Done.class);
    assertThat(world.deployed("dev")).hasToString(rc);
    assertThat(world.registry).hasChart("api", rc);

    // Promote to test, then to stage: each reads the source's deployed version.
    world.clock.advance(Duration.ofHours(1));
    assertThat(promotions.promote("api", "test")).isInstanceOf(Result.Done.class);
    world.clock.advance(Duration.ofHours(1));
    assertThat(promotions.promote("api", "stage")).isInstanceOf(Result.Done.class);
    assertThat(world.store).hasVersion("api", "test", rc).hasVersion("api", "stage", rc);

    // Release to production.
    world.clock.advance(Duration.ofHours(1));
    Result<ReleaseOutcome> released = promotions.release("api");
    assertThat(released).isInstanceOf(Result.Done.class);
    ReleaseOutcome release = released.orThrow();
    assertThat(release.version()).hasToString("0.1.0");
    assertThat(world.store).hasVersion("api", "prod", "0.1.0");
    assertThat(world.registry).hasChart("api", "0.1.0");
    assertThat(world.scm).hasRelease("v0.1.0").hasTagAt("v0.1.0", firstCommit);
    assertThat(world.scm.findRelease("v0.1.0").orElseThrow().notes())
        .contains("Scaffold api with the promotion pipeline")
        .contains("**prod**: api 0.1.0 promoted by @alice");
    assertThat(world.chartVersionOn("main")).isEqualTo("0.1.1");
    assertThat(world.scm.dispatches())
        .extracting(WorkflowDispatch::workflow, WorkflowDispatch::ref)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("publish-dev.yaml", "main"));

    // The dispatched publish-dev run: dev is already on the next development version.
    String bumpCommit = world.scm.resolveCommit("main");
    world.publish("main");
    assertThat(world.deployed("dev")).isEqualTo(ChartVersion.parse("0.1.1").rc(bumpCommit));

    // Manual version bump: minor.
    assertThat(promotions.bumpVersion("api", Bump.MINOR).orThrow().to()).hasToString("0.2.0");
    assertThat(world.chartVersionOn("main")).isEqualTo("0.2.0");
    String mainAfterBump = world.scm.resolveCommit("main");

    // Hotfix the production release.
    Result<Hotfix> hotfixed = promotions.startHotfix("api", "v0.1.0");
    Hotfix hotfix = hotfixed.orThrow();
    assertThat(hotfix.branch()).isEqualTo("hotfix-0-1-1");
    assertThat(world.chartVersionOn("hotfix-0-1-1")).isEqualTo("0.1.1");
    assertThat(world.scm).hasDraftPullRequest("hotfix-0-1-1", "main");

    // Apply the fix, publish it, promote it and release it.
    String fix =
        world.push("hotfix-0-1-1", "Fix the crash on empty input", "src/app.txt", "fixed\n");
    world.publish("hotfix-0-1-1");
    String hotfixRc = ChartVersion.parse("0.1.1").rc(fix).toString();
    assertThat(world.deployed("dev")).hasToString(hotfixRc);
    promotions.promote("api", "test");
    promotions.promote("api", "stage");
    ReleaseOutcome hotfixRelease = promotions.release("api").orThrow();

    assertThat(hotfixRelease.version()).hasToString("0.1.1");
    assertThat(world.store).hasVersion("api", "prod", "0.1.1");
    assertThat(world.scm).hasTagAt("v0.1.1", fix);
    assertThat(world.scm.findRelease("v0.1.1").orElseThrow().notes())
        .contains("Fix the crash on empty input")
        .doesNotContain("Scaffold api");
    // The hotfix release must not touch main: it still says 0.2.0 at the same commit.
    assertThat(world.chartVersionOn("main")).isEqualTo("0.2.0");
    assertThat(world.scm.resolveCommit("main")).isEqualTo(mainAfterBump);
    assertThat(world.scm.dispatches()).hasSize(1);
  }
}
