package dev.promotion.lifecycle;

import static dev.promotion.lifecycle.Versions.D1;
import static dev.promotion.lifecycle.Versions.D2;
import static dev.promotion.lifecycle.Versions.D3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.Promotions;
import dev.promotion.error.InvalidDigestException;
import dev.promotion.error.ReleaseAssetTooLargeException;
import dev.promotion.result.Promotion;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.ImageTag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 002: {@code promote --to prod --version v1.2.2}, a version that ran in stage. */
@DisplayName("Promoting a chosen version")
class ChosenVersionPromotionTest {
  @TempDir Path tmp;
  Versions world;
  Promotions promotions;

  @BeforeEach
  void stageRanTwoTags() {
    world = new Versions(tmp);
    promotions = world.promotions();
  }

  /** Stage ran {@code v1.2.2} (pinned to D1 when given) and now runs {@code v1.2.3} (D2). */
  private void stageRan(Optional<String> firstDigest) {
    if (firstDigest.isPresent()) {
      world.fixture().env("stage").app("web").image("v1.2.2", firstDigest.get());
    } else {
      world.fixture().env("stage").app("web").image("v1.2.2");
    }
    world.clock.advance(Duration.ofHours(3));
    world.fixture().env("stage").app("web").image("v1.2.3", D2);
  }

  /** A GitHub-like release v1.2.2 with a digest.txt asset. */
  private void releaseWithDigestFile(String content) {
    String commit = world.scm.branchHead("main").orElseThrow();
    world.scm.createRelease(new ReleaseRequest("v1.2.2", commit, "v1.2.2", Optional.empty()));
    world.scm.uploadReleaseAsset("v1.2.2", "digest.txt", content.getBytes(StandardCharsets.UTF_8));
  }

  private Result<Promotion> promoteV122() {
    return promotions.promote("web", "prod", ImageTag.parse("v1.2.2"));
  }

  @Test
  @DisplayName("promotes a version the predecessor ran before, with the digest it was pinned to")
  void versionFromHistoryWithItsDigest() {
    stageRan(Optional.of(D1));

    Result<Promotion> result = promoteV122();

    assertThat(result).isInstanceOf(Result.Done.class);
    assertThat(world.store.current("web", "prod").orElseThrow().version().text())
        .isEqualTo("v1.2.2");
    assertThat(world.store.current("web", "prod").orElseThrow().digest())
        .contains(ImageDigest.parse(D1));
    assertThat(world.store.history("web", "prod", 1).get(0).subject())
        .isEqualTo("promote web v1.2.2 stage -> prod");
  }

  @Test
  @DisplayName("running it again changes nothing")
  void idempotent() {
    stageRan(Optional.of(D1));
    promoteV122();
    Map<String, Object> before = world.snapshot();

    Result<Promotion> again = promoteV122();

    assertThat(again).isInstanceOf(Result.AlreadyDone.class);
    assertThat(world.snapshot()).isEqualTo(before);
  }

  @Test
  @DisplayName("the version that runs in the predecessor now comes with its current pin")
  void currentVersion() {
    stageRan(Optional.of(D1));

    promotions.promote("web", "prod", ImageTag.parse("v1.2.3")).orThrow();

    assertThat(world.store.current("web", "prod").orElseThrow().digest())
        .contains(ImageDigest.parse(D2));
  }

  @Test
  @DisplayName("a version that ran without a pin takes the digest of its release's digest.txt")
  void digestFromReleaseAsset() {
    stageRan(Optional.empty());
    releaseWithDigestFile(D3 + "\n");

    Result<Promotion> result = promoteV122();

    assertThat(world.store.current("web", "prod").orElseThrow().digest())
        .contains(ImageDigest.parse(D3));
    assertThat(result.steps())
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("read digest.txt");
              assertThat(s.detail()).contains("v1.2.2");
            });
  }

  @Test
  @DisplayName("the version running in the predecessor without a pin also takes its digest.txt")
  void currentUnpinnedTakesReleaseAsset() {
    world.fixture().env("stage").app("web").image("v1.2.2");
    releaseWithDigestFile(D3 + "\n");

    promotions.promote("web", "prod", ImageTag.parse("v1.2.2")).orThrow();

    assertThat(world.store.current("web", "prod").orElseThrow().digest())
        .contains(ImageDigest.parse(D3));
  }

  @Test
  @DisplayName("a zero-input promotion copies the predecessor as it is, without reading assets")
  void zeroInputReadsNoAsset() {
    world.fixture().env("stage").app("web").image("v1.2.2");
    releaseWithDigestFile(D3 + "\n");

    Result<Promotion> result = promotions.promote("web", "prod");

    assertThat(world.store.current("web", "prod").orElseThrow().digest()).isEmpty();
    assertThat(result.steps()).noneSatisfy(s -> assertThat(s.name()).isEqualTo("read digest.txt"));
  }

  @Test
  @DisplayName(
      "the deployment is recorded at the commit of the release tag named like the image tag")
  void deploymentAtReleaseCommit() {
    stageRan(Optional.of(D1));
    releaseWithDigestFile(D3 + "\n");
    String commit = world.scm.findTag("v1.2.2").orElseThrow().commit();

    promoteV122();

    assertThat(world.scm.deployments("prod", 1))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.ref()).isEqualTo(commit);
              assertThat(d.payload())
                  .containsEntry("version", "v1.2.2")
                  .containsEntry("digest", D1);
            });
  }

  @Test
  @DisplayName("without a digest.txt, or a host with release assets, it is declared by tag only")
  void noAssetNoPin() {
    stageRan(Optional.empty());
    world =
        new Versions(
            tmp.resolve("plain"),
            new InMemoryEnvironmentStore(),
            InMemorySourceControl.builder().withoutReleaseAssets());
    promotions = world.promotions();
    stageRan(Optional.empty());

    Result<Promotion> result = promoteV122();

    assertThat(world.store.current("web", "prod").orElseThrow().digest()).isEmpty();
    assertThat(result.steps())
        .anySatisfy(
            s -> {
              assertThat(s.status()).isEqualTo(Step.Status.SKIPPED);
              assertThat(s.detail()).contains("cannot read release assets");
            });
  }

  @Test
  @DisplayName("a digest.txt that holds no digest is a typed error, and nothing is written")
  void badDigestFile() {
    stageRan(Optional.empty());
    releaseWithDigestFile("sha256:not-a-digest\n");
    Map<String, Object> before = world.snapshot();

    assertThatThrownBy(this::promoteV122).isInstanceOf(InvalidDigestException.class);
    assertThat(world.snapshot()).isEqualTo(before);
  }

  @Test
  @DisplayName("a digest.txt larger than 1 KiB is refused, and nothing is written")
  void digestFileTooLarge() {
    stageRan(Optional.empty());
    releaseWithDigestFile(D3 + "\n" + " ".repeat(2000));
    Map<String, Object> before = world.snapshot();

    assertThatThrownBy(this::promoteV122).isInstanceOf(ReleaseAssetTooLargeException.class);
    assertThat(world.snapshot()).isEqualTo(before);
  }

  @Test
  @DisplayName("a version that never ran in the predecessor is blocked, nothing written")
  void neverRanThere() {
    stageRan(Optional.of(D1));
    Map<String, Object> before = world.snapshot();

    Result<Promotion> result = promotions.promote("web", "prod", ImageTag.parse("v1.2.4"));

    assertThat(result).isInstanceOf(Result.Blocked.class);
    assertThat(((Result.Blocked<Promotion>) result).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.gate()).isEqualTo("no-skipping");
              assertThat(v.message()).contains("v1.2.4 never ran in stage");
            });
    assertThat(world.snapshot()).isEqualTo(before);
  }

  @Test
  @DisplayName("a version the predecessor rolled back from is blocked")
  void rolledBackInPredecessor() {
    stageRan(Optional.of(D1));
    world.fixture().env("stage").app("web").image("v1.2.4");
    promotions.rollback("web", "stage", Optional.of(ImageTag.parse("v1.2.3"))).orThrow();

    Result<Promotion> result = promotions.promote("web", "prod", ImageTag.parse("v1.2.4"));

    assertThat(result).isInstanceOf(Result.Blocked.class);
    assertThat(((Result.Blocked<Promotion>) result).violations())
        .anySatisfy(v -> assertThat(v.message()).contains("stage rolled back from v1.2.4"));
  }

  @Test
  @DisplayName("an explicit override promotes it anyway and records why")
  void override() {
    stageRan(Optional.of(D1));

    promotions
        .overridingGates("hotfix of the hotfix")
        .promote("web", "prod", ImageTag.parse("v1.2.4"))
        .orThrow();

    assertThat(world.store.current("web", "prod").orElseThrow().version().text())
        .isEqualTo("v1.2.4");
    assertThat(world.store.history("web", "prod", 1).get(0).trailer("Promotion-Override"))
        .contains("hotfix of the hotfix");
  }

  @Test
  @DisplayName("a v-prefixed chart version chosen from history keeps its v")
  void chartVersionFromHistory() {
    world.fixture().env("stage").app("cert-manager").version("v1.11.0");
    world.fixture().env("stage").app("cert-manager").version("v1.12.0");

    promotions
        .promote("cert-manager", "prod", promotions.parseVersion("cert-manager", "v1.11.0"))
        .orThrow();

    assertThat(world.store.current("cert-manager", "prod").orElseThrow().version().text())
        .isEqualTo("v1.11.0");
  }
}
