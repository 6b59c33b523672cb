package dev.promotion.lifecycle;

import static dev.promotion.lifecycle.Versions.D1;
import static dev.promotion.lifecycle.Versions.D2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.Promotions;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.error.InvalidVersionException;
import dev.promotion.error.NotAReleaseCandidateException;
import dev.promotion.error.ReleaseCandidatesRequiredException;
import dev.promotion.gate.FreezeWindow;
import dev.promotion.gate.FreezeWindowGate;
import dev.promotion.gate.Gates;
import dev.promotion.gate.SoakTimeGate;
import dev.promotion.result.Promotion;
import dev.promotion.result.Result;
import dev.promotion.result.StatusReport;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.version.Bump;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.ImageTag;
import dev.promotion.version.VersionKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Image tags and chart versions that are no release candidate")
class VersionKindsTest {
  @TempDir Path tmp;
  Versions world;
  Promotions promotions;

  @BeforeEach
  void world() {
    world = new Versions(tmp);
    promotions = world.promotions();
  }

  private void promoteThrough(String app, String... environments) {
    for (String env : environments) {
      world.clock.advance(Duration.ofHours(1));
      promotions.promote(app, env).orThrow();
    }
  }

  private void assertRejectedWithoutWrites(
      Class<? extends Throwable> type, ThrowingCallable operation) {
    Map<String, Object> before = world.snapshot();
    assertThatThrownBy(operation).isInstanceOf(type);
    assertThat(world.snapshot()).isEqualTo(before);
  }

  @Nested
  @DisplayName("an image app")
  class ImageApp {
    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {"v1.2.3", "v3", "abc123f", "abc123f-42", "8.8.0-alpine", "pg14-v0.3.0-rootless"})
    @DisplayName("moves its tag dev -> test -> stage -> prod by promotion, exactly as written")
    void promotesTagThroughPipeline(String tag) {
      world.fixture().env("dev").app("web").image(tag);

      promoteThrough("web", "test", "stage", "prod");

      for (String env : List.of("test", "stage", "prod")) {
        assertThat(world.store.current("web", env).orElseThrow().version().text()).isEqualTo(tag);
      }
      assertThat(world.store.current("web", "prod").orElseThrow().version())
          .isInstanceOf(ImageTag.class);
      assertThat(world.store.history("web", "prod", 1).get(0).subject())
          .isEqualTo("promote web " + tag + " stage -> prod");
    }

    @Test
    @DisplayName("carries the digest its tag is pinned to into every environment")
    void carriesDigest() {
      world.fixture().env("dev").app("web").image("8.8.0-alpine", D1);

      promoteThrough("web", "test", "stage", "prod");

      assertThat(world.store.current("web", "prod").orElseThrow().digest())
          .contains(ImageDigest.parse(D1));
      assertThat(world.store.history("web", "prod", 1).get(0).trailer("Promotion-Digest"))
          .contains(D1);
    }

    @Test
    @DisplayName("status and history show the tag as written")
    void statusAndHistory() {
      world.fixture().env("dev").app("web").image("v1.2.2");
      promoteThrough("web", "test");
      world.fixture().env("dev").app("web").image("v1.2.3");
      promoteThrough("web", "test");

      StatusReport status = promotions.status();
      List<HistoryEntry> history = promotions.history("web", "test", 10);

      assertThat(status.environments())
          .filteredOn(e -> e.environment().equals("test"))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.apps())
                      .filteredOn(a -> a.app().equals("web"))
                      .singleElement()
                      .satisfies(
                          a -> assertThat(a.version()).map(v -> v.text()).contains("v1.2.3")));
      assertThat(history).extracting(h -> h.version().text()).containsExactly("v1.2.3", "v1.2.2");
    }

    @Test
    @DisplayName("rolls back to the tag that ran before, with the digest it was pinned to")
    void rollsBack() {
      world.fixture().env("dev").app("web").image("v1.2.2", D1);
      promoteThrough("web", "test");
      world.fixture().env("dev").app("web").image("v1.2.3", D2);
      promoteThrough("web", "test");

      promotions.rollback("web", "test", Optional.empty()).orThrow();

      assertThat(world.store.current("web", "test").orElseThrow().version().text())
          .isEqualTo("v1.2.2");
      assertThat(world.store.current("web", "test").orElseThrow().digest())
          .contains(ImageDigest.parse(D1));
    }

    @Test
    @DisplayName("a dry run of a promotion into prod plans it and writes nothing")
    void dryRun() {
      world.fixture().env("dev").app("web").image("v1.2.3");
      promoteThrough("web", "test", "stage");
      Map<String, Object> before = world.snapshot();

      Result<Promotion> plan = promotions.plan().promote("web", "prod");

      assertThat(plan).isInstanceOf(Result.Planned.class);
      assertThat(world.snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("no skipping: prod receives only what runs in stage")
    void noSkipping() {
      world.fixture().env("dev").app("web").image("v1.2.2");
      promoteThrough("web", "test", "stage");
      world.fixture().env("dev").app("web").image("v1.2.3");
      promoteThrough("web", "test");

      Result<Promotion> result = promotions.promote("web", "prod", ImageTag.parse("v1.2.3"));

      assertThat(result).isInstanceOf(Result.Blocked.class);
      assertThat(((Result.Blocked<Promotion>) result).violations())
          .anySatisfy(v -> assertThat(v.gate()).isEqualTo("no-skipping"));
      assertThat(world.store.current("web", "prod")).isEmpty();
    }

    @Test
    @DisplayName("a freeze window blocks a promotion into prod")
    void freezeWindow() {
      world.fixture().env("dev").app("web").image("v1.2.3");
      promoteThrough("web", "test", "stage");
      Instant now = world.clock.instant();
      promotions =
          world
              .gates(
                  Gates.replacing(
                      Gates.defaults(),
                      new FreezeWindowGate(
                          List.of(
                              FreezeWindow.between(
                                  "holidays", now, now.plus(Duration.ofDays(1)), "prod")))))
              .promotions();

      Result<Promotion> result = promotions.promote("web", "prod");

      assertThat(result).isInstanceOf(Result.Blocked.class);
      assertThat(world.store.current("web", "prod")).isEmpty();
    }

    @Test
    @DisplayName("soak time counts how long the tag ran in the source")
    void soakTime() {
      world.fixture().env("dev").app("web").image("v1.2.3");
      promoteThrough("web", "test", "stage");
      promotions =
          world
              .gates(
                  Gates.replacing(
                      Gates.defaults(), new SoakTimeGate(Map.of("stage", Duration.ofHours(2)))))
              .promotions();

      Result<Promotion> early = promotions.promote("web", "prod");
      world.clock.advance(Duration.ofHours(2));
      Result<Promotion> later = promotions.promote("web", "prod");

      assertThat(early).isInstanceOf(Result.Blocked.class);
      assertThat(later).isInstanceOf(Result.Done.class);
    }

    @Test
    @DisplayName(
        "release, hotfix, bump and a chart's publish-dev refuse it, say what to do, write nothing")
    void chartLifecycleRefused() {
      world.fixture().env("dev").app("web").image("v1.2.3");
      promoteThrough("web", "test", "stage");

      assertRejectedWithoutWrites(
          ReleaseCandidatesRequiredException.class, () -> promotions.release("web"));
      assertRejectedWithoutWrites(
          ReleaseCandidatesRequiredException.class, () -> promotions.startHotfix("web", "v1.2.3"));
      assertRejectedWithoutWrites(
          ReleaseCandidatesRequiredException.class,
          () -> promotions.bumpVersion("web", Bump.MINOR));
      assertRejectedWithoutWrites(
          ReleaseCandidatesRequiredException.class,
          () -> promotions.publishDev("web", "main", tmp));
      assertThatThrownBy(() -> promotions.release("web"))
          .isInstanceOfSatisfying(
              ReleaseCandidatesRequiredException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(VersionKind.IMAGE);
                assertThat(e.app()).isEqualTo("web");
              })
          .hasMessageContaining("promotion promote --to ENV --version TAG");
      assertThatThrownBy(() -> promotions.publishDev("web", "main", tmp))
          .hasMessageContaining("promotion publish-dev --version TAG");
    }
  }

  @Nested
  @DisplayName("publish-dev of an image app")
  class PublishImage {
    @Test
    @DisplayName(
        "declares the tag the build pushed in the first environment, from build, exactly as"
            + " written; a second run is already done")
    void declaresTag() {
      Result<Promotion> first =
          promotions.publishDev("web", promotions.parseVersion("web", "v1.2.3"), Optional.empty());
      Result<Promotion> again =
          promotions.publishDev("web", promotions.parseVersion("web", "v1.2.3"), Optional.empty());

      assertThat(first).isInstanceOf(Result.Done.class);
      assertThat(first.orThrow())
          .isEqualTo(
              new Promotion("web", "build", "dev", ImageTag.parse("v1.2.3"), Optional.empty()));
      assertThat(again).isInstanceOf(Result.AlreadyDone.class);
      HistoryEntry entry = world.store.history("web", "dev", 1).get(0);
      assertThat(entry.subject()).isEqualTo("publish web v1.2.3 to dev");
      assertThat(entry.trailer("Promotion-From")).contains("build");
      assertThat(entry.trailer("Promotion-To")).contains("dev");
      assertThat(world.store.current("web", "dev").orElseThrow().version().text())
          .isEqualTo("v1.2.3");

      promoteThrough("web", "test");
      assertThat(world.store.current("web", "test").orElseThrow().version().text())
          .isEqualTo("v1.2.3");
    }

    @Test
    @DisplayName("replaces the tag dev runs, and pins it to the image's digest when given")
    void replacesAndPins() {
      world.fixture().env("dev").app("web").image("v1.2.2");

      Result<Promotion> result =
          promotions.publishDev(
              "web", promotions.parseVersion("web", "v1.2.3"), Optional.of(ImageDigest.parse(D2)));

      assertThat(result.orThrow().previous()).contains(ImageTag.parse("v1.2.2"));
      assertThat(world.store.current("web", "dev").orElseThrow().digest())
          .contains(ImageDigest.parse(D2));
      assertThat(world.store.history("web", "dev", 1).get(0).trailer("Promotion-Digest"))
          .contains(D2);
    }

    @Test
    @DisplayName("a dry run plans the write and makes none")
    void dryRun() {
      Map<String, Object> before = world.snapshot();

      Result<Promotion> plan =
          promotions
              .plan()
              .publishDev("web", promotions.parseVersion("web", "v1.2.3"), Optional.empty());

      assertThat(plan).isInstanceOf(Result.Planned.class);
      assertThat(world.snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("a freeze window on the first environment blocks it and names what it refused")
    void frozen() {
      Instant now = world.clock.instant();
      promotions =
          world
              .gates(
                  Gates.replacing(
                      Gates.defaults(),
                      new FreezeWindowGate(
                          List.of(
                              FreezeWindow.between(
                                  "release week", now, now.plus(Duration.ofDays(1)), "dev")))))
              .promotions();

      Result<Promotion> result =
          promotions.publishDev("web", promotions.parseVersion("web", "v1.2.3"), Optional.empty());

      assertThat(result).isInstanceOf(Result.Blocked.class);
      Result.Blocked<Promotion> blocked = (Result.Blocked<Promotion>) result;
      assertThat(blocked.refused().map(c -> c.environment())).contains("dev");
      assertThat(blocked.refused().map(c -> c.target().text())).contains("v1.2.3");
      assertThat(world.store.current("web", "dev")).isEmpty();
    }

    @Test
    @DisplayName(
        "a chart app, a tag that is no image tag and a chart version are refused, and nothing is"
            + " written")
    void badInput() {
      assertRejectedWithoutWrites(
          InvalidRequestException.class,
          () ->
              promotions.publishDev(
                  "cert-manager", ChartVersion.parseDeclared("v1.11.0"), Optional.empty()));
      assertRejectedWithoutWrites(
          InvalidVersionException.class,
          () ->
              promotions.publishDev(
                  "web", promotions.parseVersion("web", "bad tag"), Optional.empty()));
      assertRejectedWithoutWrites(
          InvalidVersionException.class,
          () ->
              promotions.publishDev("web", ChartVersion.parseDeclared("1.2.3"), Optional.empty()));
    }
  }

  @Nested
  @DisplayName("a chart app whose versions are no release candidates")
  class NonCandidateChart {
    @Test
    @DisplayName("promotes v1.11.0 to prod and keeps the v")
    void promotesPrefixedVersion() {
      world.fixture().env("dev").app("cert-manager").version("v1.11.0");

      promoteThrough("cert-manager", "test", "stage", "prod");

      assertThat(world.store.current("cert-manager", "prod").orElseThrow().version())
          .isEqualTo(ChartVersion.parseDeclared("v1.11.0"))
          .extracting(v -> v.text())
          .isEqualTo("v1.11.0");
    }

    @Test
    @DisplayName("rolls prod back to the version before, without the chart in our registry")
    void rollsBack() {
      world.fixture().env("dev").app("cert-manager").version("v1.11.0");
      promoteThrough("cert-manager", "test", "stage", "prod");
      world.fixture().env("dev").app("cert-manager").version("v1.12.0");
      promoteThrough("cert-manager", "test", "stage", "prod");

      promotions.rollback("cert-manager", "prod", Optional.empty()).orThrow();

      assertThat(world.store.current("cert-manager", "prod").orElseThrow().version().text())
          .isEqualTo("v1.11.0");
      assertThat(world.registry.versions("cert-manager")).isEmpty();
    }

    @Test
    @DisplayName("a pre-release that is no candidate also reaches prod by promotion")
    void preRelease() {
      world.fixture().env("dev").app("cert-manager").version("1.13.0-beta.1");

      promoteThrough("cert-manager", "test", "stage", "prod");

      assertThat(world.store.current("cert-manager", "prod").orElseThrow().version().text())
          .isEqualTo("1.13.0-beta.1");
    }

    @Test
    @DisplayName("release, hotfix and bump refuse it with the promote command to use instead")
    void notReleased() {
      world.fixture().env("dev").app("cert-manager").version("v1.11.0");
      promoteThrough("cert-manager", "test", "stage");

      assertRejectedWithoutWrites(
          NotAReleaseCandidateException.class, () -> promotions.release("cert-manager"));
      assertRejectedWithoutWrites(
          ReleaseCandidatesRequiredException.class,
          () -> promotions.startHotfix("cert-manager", "v1.11.0"));
      assertRejectedWithoutWrites(
          ReleaseCandidatesRequiredException.class,
          () -> promotions.bumpVersion("cert-manager", Bump.PATCH));
      assertThatThrownBy(() -> promotions.release("cert-manager"))
          .hasMessageContaining("promotion promote --to ENV --version v1.11.0");
      assertThatThrownBy(() -> promotions.bumpVersion("cert-manager", Bump.PATCH))
          .hasMessageContaining("dev declares cert-manager v1.11.0")
          .hasMessageContaining("promotion promote --to ENV --version v1.11.0");
    }
  }

  @Nested
  @DisplayName("bad input is a typed error, and nothing is written")
  class BadInput {
    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"v1 2", "v1..2", "..", "../prod", " v1.2.3", "v1.2.3@sha256:abc"})
    @DisplayName("a tag outside the grammar, or with '..'")
    void badTags(String tag) {
      world.fixture().env("dev").app("web").image("v1.2.3");
      promoteThrough("web", "test");
      assertRejectedWithoutWrites(
          InvalidVersionException.class,
          () -> promotions.promote("web", "stage", promotions.parseVersion("web", tag)));
      assertRejectedWithoutWrites(
          InvalidVersionException.class,
          () ->
              promotions.rollback("web", "test", Optional.of(promotions.parseVersion("web", tag))));
    }

    @Test
    @DisplayName("a tag of 129 characters (128 is the most)")
    void tooLong() {
      String longest = "a".repeat(128);
      assertThat(promotions.parseVersion("web", longest).text()).isEqualTo(longest);
      assertRejectedWithoutWrites(
          InvalidVersionException.class, () -> promotions.parseVersion("web", "a".repeat(129)));
      assertThatThrownBy(() -> promotions.parseVersion("web", "a".repeat(129)))
          .hasMessageContaining("at most 128 characters");
    }

    @Test
    @DisplayName("a version of the other kind")
    void otherKind() {
      world.fixture().env("dev").app("web").image("v1.2.3");
      promoteThrough("web", "test");
      assertRejectedWithoutWrites(
          InvalidVersionException.class,
          () -> promotions.promote("web", "stage", ChartVersion.parse("1.2.3")));
      assertRejectedWithoutWrites(
          InvalidVersionException.class,
          () -> promotions.promote("cert-manager", "stage", ImageTag.parse("latest")));
    }

    @Test
    @DisplayName("a tag for a chart app must be a chart version")
    void chartAppParsesChartVersions() {
      assertThat(promotions.parseVersion("cert-manager", "v1.11.0"))
          .isInstanceOf(ChartVersion.class);
      assertThatThrownBy(() -> promotions.parseVersion("cert-manager", "latest"))
          .isInstanceOf(InvalidVersionException.class);
    }

    @Test
    @DisplayName("a release candidate promoted into prod (it is released, not promoted)")
    void candidateIntoProd() {
      world.fixture().env("stage").app("cert-manager").version("0.2.0-rc.abc1234");
      assertRejectedWithoutWrites(
          InvalidRequestException.class, () -> promotions.promote("cert-manager", "prod"));
    }
  }
}
