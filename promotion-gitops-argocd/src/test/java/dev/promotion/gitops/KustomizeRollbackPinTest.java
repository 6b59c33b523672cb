package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.pipeline.Application;
import dev.promotion.result.Result;
import dev.promotion.result.Rollback;
import dev.promotion.result.Step;
import dev.promotion.spi.Deployment;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a rollback over the Kustomize images layout restores the pin the manifest declared")
class KustomizeRollbackPinTest {
  private static final String PATH = "overlays/stage/kustomization.yaml";
  private static final Application API =
      new Application("api", "api", "charts/api", "ghcr.io/acme/api");
  private static final ImageDigest FIRST = ImageDigest.parse("sha256:" + "1".repeat(64));
  private static final ImageDigest SECOND = ImageDigest.parse("sha256:" + "2".repeat(64));

  private static String overlay(String version, ImageDigest digest) {
    return """
        images:
          - name: ghcr.io/acme/api
            newTag: "%s"
            digest: %s
        """
        .formatted(version, digest);
  }

  @Test
  @DisplayName(
      "versions pinned by hand commits without Promotion-* trailers (a squash, a dispatch write"
          + " mode) are rolled back to with their digest")
  void rollbackRestoresDigestOfHandCommit() {
    SeededRepository repo = new SeededRepository();
    repo.write(PATH, overlay("0.1.0", FIRST));
    repo.write(PATH, overlay("0.2.0", SECOND));
    GitOpsEnvironmentStore store =
        GitOpsEnvironmentStore.builder()
            .git(repo.git)
            .pipeline(Stores.PIPELINE)
            .layout(KustomizeLayout.images().build())
            .applications(List.of(API))
            .build();
    InMemoryChartRegistry registry = new InMemoryChartRegistry();
    registry.push(
        "api", ChartVersion.parse("0.1.0"), ChartFixture.chart("api", "0.1.0").content(), Map.of());
    Promotions promotions =
        Promotions.builder()
            .pipeline(Stores.PIPELINE)
            .application(API)
            .environments(store)
            .registry(registry)
            .sourceControl(new InMemorySourceControl())
            .clock(Clock.fixed(SeededRepository.TIME.plusSeconds(3600), ZoneOffset.UTC))
            .build();

    Result<Rollback> result = promotions.rollback("api", "stage", Optional.empty());

    assertThat(result.orThrow().to()).hasToString("0.1.0");
    assertThat(result.steps())
        .as("the pin is not skipped")
        .noneMatch(s -> s.name().equals("pin digest") && s.status() == Step.Status.SKIPPED);
    Deployment now = store.current("api", "stage").orElseThrow();
    assertThat(now.version()).hasToString("0.1.0");
    assertThat(now.digest()).contains(FIRST);
    assertThat(repo.read(PATH)).isEqualTo(overlay("0.1.0", FIRST));
    assertThat(store.history("api", "stage", 1).get(0).trailer("Promotion-Digest"))
        .contains(FIRST.toString());
  }
}
