package dev.promotion.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.Promotions;
import dev.promotion.Settings;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.gate.Gates;
import dev.promotion.gate.MutableTagGate;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.result.Promotion;
import dev.promotion.result.Result;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.Trailer;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.testkit.MutableClock;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.ImageTag;
import dev.promotion.version.Version;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EnvironmentStore} must do for apps that do not promote release-candidate
 * charts, as tests: an image app ({@value #WEB}, in {@link #APPLICATIONS}) whose declarations are
 * image tags, and a chart app ({@value #CHART}) whose chart versions carry the {@code v} prefix
 * their publisher writes. Values are read back exactly as written, and the use cases built on the
 * store (zero-input and chosen-version promotion, rollback, the mutable-tag gate) work over it.
 * Extend it and implement {@link #createStore(List)}:
 *
 * <pre>{@code
 * class KustomizeImagesVersionKindsContractTest extends VersionKindsContract {
 *   @Override
 *   protected EnvironmentStore createStore(List<Application> applications) {
 *     return GitOpsEnvironmentStore.builder().git(git).pipeline(pipeline)
 *         .layout(KustomizeLayout.images().build()).applications(applications).build();
 *   }
 * }
 * }</pre>
 *
 * <p>A store that {@linkplain EnvironmentStore#pinsDigests() pins no digests} runs every test; the
 * tests about pins then expect the pin to be refused (nothing written) or left out. Change-set
 * times are whole seconds, increasing from {@link EnvironmentStoreContract#START}.
 */
public abstract class VersionKindsContract {
  /** The image app. */
  protected static final String WEB = "web";

  /** The chart app whose versions are {@code v}-prefixed releases. */
  protected static final String CHART = "cert-manager";

  /** The apps the store is configured with: {@value #WEB} (image) and {@value #CHART} (chart). */
  protected static final List<Application> APPLICATIONS =
      List.of(
          Application.image(WEB, "ghcr.io/acme/web"),
          new Application(CHART, CHART, "charts/" + CHART, "quay.io/jetstack/cert-manager"));

  /** The pipeline of {@link EnvironmentStoreContract#ENVIRONMENTS}, released to prod. */
  protected static final Pipeline PIPELINE = Pipeline.of("prod", "dev", "test", "stage", "prod");

  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);
  private static final List<String> TAGS =
      List.of("v1.2.3", "v3", "abc123f", "abc123f-42", "8.8.0-alpine", "pg14-v0.3.0-rootless");

  private EnvironmentStore store;
  private MutableClock clock;
  private InMemorySourceControl scm;
  private int changeSets;

  /**
   * Creates the store under test, configured with {@code applications} (each says which kind of
   * version it promotes). Called before each test; the store declares nothing for these apps.
   */
  protected abstract EnvironmentStore createStore(List<Application> applications);

  @BeforeEach
  void createFreshStore() {
    store = createStore(APPLICATIONS);
    clock = new MutableClock(EnvironmentStoreContract.START);
    scm = InMemorySourceControl.builder().clock(clock).build();
    changeSets = 0;
  }

  private Promotions promotions() {
    return Promotions.builder()
        .pipeline(PIPELINE)
        .applications(APPLICATIONS)
        .environments(store)
        .registry(new InMemoryChartRegistry())
        .sourceControl(scm)
        .clock(clock)
        .gates(Gates.defaults())
        .settings(Settings.defaults().withActor(EnvironmentStoreContract.ACTOR))
        .build();
  }

  @Nested
  @DisplayName("image tags")
  class ImageTags {
    @Test
    @DisplayName("a declared tag is read back exactly as written, whatever its shape")
    void readBackAsWritten() {
      for (String tag : TAGS) {
        declare(WEB, "dev", ImageTag.parse(tag), Optional.empty());

        Deployment deployment = store.current(WEB, "dev").orElseThrow();

        assertThat(deployment.version()).isEqualTo(ImageTag.parse(tag));
        assertThat(deployment.version().text()).isEqualTo(tag);
      }
      assertThat(store.history(WEB, "dev", TAGS.size()))
          .extracting(h -> h.version().text())
          .containsExactlyElementsOf(newestFirst(TAGS));
    }

    @Test
    @DisplayName("a tag pinned to a digest is read back with it (refused by a store that cannot)")
    void pinnedTag() {
      Change change =
          new Change(
              WEB,
              "dev",
              Optional.empty(),
              ImageTag.parse("latest"),
              Optional.of(ImageDigest.parse(D1)));
      if (!store.pinsDigests()) {
        assertThatThrownBy(() -> store.apply(changeSet(change)))
            .isInstanceOf(InvalidRequestException.class);
        assertThat(store.current(WEB, "dev")).isEmpty();
        return;
      }
      store.apply(changeSet(change));

      assertThat(store.current(WEB, "dev").orElseThrow().digest()).contains(ImageDigest.parse(D1));
      assertThat(store.history(WEB, "dev", 1).get(0).digest()).contains(ImageDigest.parse(D1));
    }

    @Test
    @DisplayName("a chart version keeps its v, and v1.11.0 is not 1.11.0")
    void chartVersionKeepsPrefix() {
      declare(CHART, "prod", ChartVersion.parseDeclared("v1.11.0"), Optional.empty());

      Version read = store.current(CHART, "prod").orElseThrow().version();

      assertThat(read.text()).isEqualTo("v1.11.0");
      assertThat(read).isNotEqualTo(ChartVersion.parse("1.11.0"));
    }
  }

  @Nested
  @DisplayName("the use cases over the store")
  class UseCases {
    @Test
    @DisplayName("an image tag is promoted dev -> test -> stage -> prod without re-versioning")
    void promotedToProd() {
      declare(WEB, "dev", ImageTag.parse("v1.2.3"), Optional.empty());

      for (String env : List.of("test", "stage", "prod")) {
        clock.advance(Duration.ofMinutes(1));
        assertThat(promotions().promote(WEB, env)).isInstanceOf(Result.Done.class);
      }

      assertThat(store.current(WEB, "prod").orElseThrow().version().text()).isEqualTo("v1.2.3");
    }

    @Test
    @DisplayName("a chosen version the predecessor ran before is promoted, with its digest")
    void chosenVersion() {
      Optional<ImageDigest> pin =
          store.pinsDigests() ? Optional.of(ImageDigest.parse(D1)) : Optional.empty();
      declare(WEB, "stage", ImageTag.parse("v1.2.2"), pin);
      declare(
          WEB,
          "stage",
          ImageTag.parse("v1.2.3"),
          store.pinsDigests() ? Optional.of(ImageDigest.parse(D2)) : Optional.empty());
      clock.advance(Duration.ofMinutes(10));

      Result<Promotion> result = promotions().promote(WEB, "prod", ImageTag.parse("v1.2.2"));

      assertThat(result).isInstanceOf(Result.Done.class);
      Deployment prod = store.current(WEB, "prod").orElseThrow();
      assertThat(prod.version().text()).isEqualTo("v1.2.2");
      assertThat(prod.digest()).isEqualTo(pin);
      assertThat(promotions().promote(WEB, "prod", ImageTag.parse("v1.2.2")))
          .isInstanceOf(Result.AlreadyDone.class);
    }

    @Test
    @DisplayName("a chosen version that never ran in the predecessor is blocked, nothing written")
    void chosenVersionNeverRan() {
      declare(WEB, "stage", ImageTag.parse("v1.2.3"), Optional.empty());
      clock.advance(Duration.ofMinutes(10));

      Result<Promotion> result = promotions().promote(WEB, "prod", ImageTag.parse("v1.2.4"));

      assertThat(result).isInstanceOf(Result.Blocked.class);
      assertThat(store.current(WEB, "prod")).isEmpty();
      assertThat(store.history(WEB, "prod", 1)).isEmpty();
    }

    @Test
    @DisplayName("a mutable tag is blocked from prod unless pinned by digest")
    void mutableTag() {
      declare(WEB, "stage", ImageTag.parse("latest"), Optional.empty());
      clock.advance(Duration.ofMinutes(10));

      Result<Promotion> unpinned = promotions().promote(WEB, "prod");

      assertThat(unpinned).isInstanceOf(Result.Blocked.class);
      assertThat(((Result.Blocked<Promotion>) unpinned).violations())
          .anySatisfy(v -> assertThat(v.gate()).isEqualTo(MutableTagGate.NAME));
      assertThat(store.current(WEB, "prod")).isEmpty();
      if (store.pinsDigests()) {
        declare(WEB, "stage", ImageTag.parse("latest"), Optional.of(ImageDigest.parse(D1)));
        clock.advance(Duration.ofMinutes(10));

        assertThat(promotions().promote(WEB, "prod")).isInstanceOf(Result.Done.class);
        assertThat(store.current(WEB, "prod").orElseThrow().digest())
            .contains(ImageDigest.parse(D1));
      }
    }

    @Test
    @DisplayName("an image app rolls back to the tag that ran before")
    void rollback() {
      declare(WEB, "prod", ImageTag.parse("v1.2.2"), Optional.empty());
      declare(WEB, "prod", ImageTag.parse("v1.2.3"), Optional.empty());
      clock.advance(Duration.ofMinutes(10));

      promotions().rollback(WEB, "prod", Optional.empty()).orThrow();

      List<HistoryEntry> history = store.history(WEB, "prod", 3);
      assertThat(history).extracting(h -> h.version().text()).startsWith("v1.2.2", "v1.2.3");
      assertThat(history.get(0).trailer("Promotion-Rollback")).contains("v1.2.3");
    }
  }

  private void declare(String app, String env, Version version, Optional<ImageDigest> digest) {
    Optional<Version> current = store.current(app, env).map(Deployment::version);
    ApplyResult result = store.apply(changeSet(new Change(app, env, current, version, digest)));
    assertThat(result).isInstanceOf(ApplyResult.Applied.class);
  }

  private static List<String> newestFirst(List<String> oldestFirst) {
    List<String> reversed = new java.util.ArrayList<>(oldestFirst);
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  private ChangeSet changeSet(Change change) {
    List<Trailer> trailers =
        List.of(
            new Trailer("Promotion-App", change.app()),
            new Trailer("Promotion-To", change.environment()),
            new Trailer("Promotion-Version", change.target().text()),
            new Trailer("Promotion-Actor", EnvironmentStoreContract.ACTOR));
    changeSets++;
    clock.advance(Duration.ofMinutes(1));
    return new ChangeSet(
        List.of(change),
        "declare " + change.app() + " " + change.target().text() + " in " + change.environment(),
        trailers,
        EnvironmentStoreContract.ACTOR,
        clock.instant());
  }
}
