package com.example.deploy;

import static dev.promotion.testkit.assertions.PromotionAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.result.ReleaseOutcome;
import dev.promotion.result.Result;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.testkit.MutableClock;
import dev.promotion.testkit.fixture.AppRepositoryFixture;
import dev.promotion.testkit.fixture.Checkout;
import dev.promotion.version.ChartVersion;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The team's pipeline, on the testkit's in-memory backends")
class DeployPipelineTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2026-11-30T09:00:00Z"); // a Monday
  private final InMemoryEnvironmentStore gitops = new InMemoryEnvironmentStore();
  private final CountingEnvironmentStore environments = new CountingEnvironmentStore(gitops);
  private final InMemoryChartRegistry registry = new InMemoryChartRegistry();
  private InMemorySourceControl scm;
  private DeployPipeline pipeline;
  private String commit;

  @BeforeEach
  void publishTheFirstBuild() {
    scm = InMemorySourceControl.builder().clock(clock).build();
    AppRepositoryFixture.on(scm).app("shop").version("1.4.0").seed();
    pipeline = new DeployPipeline(environments, registry, scm, clock);
    commit = scm.resolveCommit("main");
    Path chart = Checkout.of(scm, "main", dir).resolve(DeployPipeline.SHOP.chartPath());
    assertThat(pipeline.promotions().publishDev("shop", "main", chart))
        .isInstanceOf(Result.Done.class);
  }

  @Test
  @DisplayName("ship() takes dev's build through staging to a 1.4.0 release in prod")
  void ship() {
    clock.advance(Duration.ofHours(2));

    ReleaseOutcome released = pipeline.ship().orThrow();

    String rc = ChartVersion.parse("1.4.0").rc(commit).toString();
    assertThat(released.version()).hasToString("1.4.0");
    assertThat(gitops)
        .hasVersion("shop", "dev", rc)
        .hasVersion("shop", "staging", rc)
        .hasVersion("shop", "prod", "1.4.0");
    assertThat(registry).hasChart("shop", rc).hasChart("shop", "1.4.0");
    assertThat(scm).hasRelease("v1.4.0").hasTagAt("v1.4.0", commit);
    assertThat(environments.revisions()).isEqualTo(3);
  }

  @Test
  @DisplayName("the team's own gate holds a Friday release, writing nothing to prod")
  void noFridayReleases() {
    clock.advance(Duration.ofDays(4)); // Friday

    Result<ReleaseOutcome> result = pipeline.ship();

    assertThat(result).isInstanceOf(Result.Blocked.class);
    assertThat(((Result.Blocked<ReleaseOutcome>) result).violations())
        .extracting(v -> v.gate())
        .contains("no-friday-releases");
    assertThat(gitops.current("shop", "prod")).isEmpty();
    assertThat(scm.findRelease("v1.4.0")).isEmpty();
  }
}
