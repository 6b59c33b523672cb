package dev.promotion.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.Trailer;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link EnvironmentStore} follows, as tests. Extend it and implement {@link
 * #createStore()}:
 *
 * <pre>{@code
 * class GitOpsEnvironmentStoreContractTest extends EnvironmentStoreContract {
 *   @Override
 *   protected EnvironmentStore createStore() {
 *     return GitOpsEnvironmentStore.builder().repository(emptyRepository()).build();
 *   }
 * }
 * }</pre>
 *
 * <p>Every state a test needs is created through the SPI itself: a first declaration is {@link
 * Change#create}, so a store needs no other seeding hook but must accept first declarations. The
 * tests use the apps {@value #API}, {@value #WEB} and {@value #WORKER} and the environments of
 * {@link #ENVIRONMENTS}; configure the store so that they exist (for a GitOps layout: their
 * directories and clusters). Change-set times are whole seconds, increasing from {@link #START}, so
 * that a store keeping git commit times (which have no fractions) reads them back exactly.
 */
public abstract class EnvironmentStoreContract {
  /** An app the tests declare. */
  protected static final String API = "api";

  /** A second app. */
  protected static final String WEB = "web";

  /** A third app. */
  protected static final String WORKER = "worker";

  /** The environments the tests use: {@code dev}, {@code test}, {@code stage}, {@code prod}. */
  protected static final List<String> ENVIRONMENTS = List.of("dev", "test", "stage", "prod");

  /** The time of the first change set of each test; each further one is a minute later. */
  protected static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  /** The actor of the change sets the tests apply. */
  protected static final String ACTOR = "ci-bot";

  private static final ChartVersion RC = v("0.2.0-rc.abc1234");
  private static final ChartVersion RC2 = v("0.2.0-rc.def5678");
  private static final ChartVersion RELEASE = v("0.1.0");
  private static final ChartVersion OTHER = v("0.3.0");

  private EnvironmentStore store;
  private int changeSets;

  /**
   * Creates the store under test. Called before each test; the store declares nothing (or at least
   * nothing for the apps and environments above).
   */
  protected abstract EnvironmentStore createStore();

  @BeforeEach
  void createFreshStore() {
    store = createStore();
    changeSets = 0;
  }

  @Nested
  @DisplayName("reading a declaration")
  class Reading {
    @Test
    @DisplayName("an app declares nothing in an environment of a fresh store")
    void freshStoreDeclaresNothing() {
      assertThat(store.current(API, "dev")).isEmpty();
    }

    @Test
    @DisplayName("a declared version is read back with the locations that declare it")
    void readsDeclaredVersion() {
      declare(API, "stage", RC);

      Deployment deployment = store.current(API, "stage").orElseThrow();

      assertThat(deployment.app()).isEqualTo(API);
      assertThat(deployment.environment()).isEqualTo("stage");
      assertThat(deployment.version()).isEqualTo(RC);
      assertThat(deployment.locations()).isNotEmpty().allSatisfy(l -> assertThat(l).isNotBlank());
    }

    @Test
    @DisplayName("each environment holds its own version of an app")
    void environmentsAreIndependent() {
      declare(API, "dev", RC2);
      declare(API, "stage", RC);

      assertThat(store.current(API, "dev")).map(Deployment::version).contains(RC2);
      assertThat(store.current(API, "stage")).map(Deployment::version).contains(RC);
      assertThat(store.current(API, "prod")).isEmpty();
      assertThat(store.current(WEB, "stage")).isEmpty();
    }
  }

  @Nested
  @DisplayName("listing an environment")
  class Listing {
    @Test
    @DisplayName("an environment of a fresh store lists nothing")
    void freshStoreListsNothing() {
      assertThat(store.list("prod")).isEmpty();
    }

    @Test
    @DisplayName("lists every app an environment declares, sorted by app name")
    void listsSortedByApp() {
      declare(WORKER, "prod", OTHER);
      declare(API, "prod", RELEASE);
      declare(WEB, "prod", RC);

      List<Deployment> listed = store.list("prod");

      assertThat(listed).extracting(Deployment::app).containsExactly(API, WEB, WORKER);
      assertThat(listed).extracting(Deployment::version).containsExactly(RELEASE, RC, OTHER);
      assertThat(listed).allSatisfy(d -> assertThat(d.environment()).isEqualTo("prod"));
    }

    @Test
    @DisplayName("lists only the environment asked for")
    void listsOnlyThatEnvironment() {
      declare(API, "prod", RELEASE);
      declare(WEB, "stage", RC);

      assertThat(store.list("prod")).extracting(Deployment::app).containsExactly(API);
      assertThat(store.list("stage")).extracting(Deployment::app).containsExactly(WEB);
      assertThat(store.list("dev")).isEmpty();
    }
  }

  @Nested
  @DisplayName("applying a change set")
  class Applying {
    @Test
    @DisplayName("a first declaration is applied as a new revision")
    void firstDeclaration() {
      Change change = Change.create(API, "dev", RC);

      ApplyResult result = store.apply(changeSet("declare api", change));

      assertThat(result).isInstanceOf(ApplyResult.Applied.class);
      ApplyResult.Applied applied = (ApplyResult.Applied) result;
      assertThat(applied.revision()).isNotBlank();
      assertThat(applied.changed()).containsExactly(change);
      assertThat(store.current(API, "dev")).map(Deployment::version).contains(RC);
    }

    @Test
    @DisplayName("a change replaces the version it expects")
    void replacesExpected() {
      declare(API, "stage", RC);
      Change change = Change.of(API, "stage", RC, RC2);

      ApplyResult result = store.apply(changeSet("promote api", change));

      assertThat(result)
          .isInstanceOfSatisfying(
              ApplyResult.Applied.class, a -> assertThat(a.changed()).containsExactly(change));
      assertThat(store.current(API, "stage")).map(Deployment::version).contains(RC2);
    }

    @Test
    @DisplayName("applying the same change set twice writes once")
    void idempotent() {
      declare(API, "stage", RC);
      ChangeSet promote = changeSet("promote api", Change.of(API, "stage", RC, RC2));

      ApplyResult first = store.apply(promote);
      ApplyResult second = store.apply(promote);

      assertThat(first).isInstanceOf(ApplyResult.Applied.class);
      assertThat(second).isInstanceOf(ApplyResult.Unchanged.class);
      assertThat(store.current(API, "stage")).map(Deployment::version).contains(RC2);
      assertThat(store.history(API, "stage", 10)).hasSize(2);
    }

    @Test
    @DisplayName("a change set whose changes are all in place is Unchanged and adds no history")
    void allInPlaceIsUnchanged() {
      declare(API, "prod", RELEASE);
      declare(WEB, "prod", OTHER);

      ApplyResult result =
          store.apply(
              changeSet(
                  "release again",
                  Change.of(API, "prod", OTHER, RELEASE),
                  Change.create(WEB, "prod", OTHER)));

      assertThat(result).isInstanceOf(ApplyResult.Unchanged.class);
      assertThat(store.history(API, "prod", 10)).hasSize(1);
      assertThat(store.history(WEB, "prod", 10)).hasSize(1);
    }

    @Test
    @DisplayName("changes already at their target are skipped and the others applied")
    void skipsChangesInPlace() {
      declare(API, "prod", RELEASE);
      declare(WEB, "prod", RELEASE);
      Change inPlace = Change.of(API, "prod", OTHER, RELEASE);
      Change needed = Change.of(WEB, "prod", RELEASE, OTHER);

      ApplyResult result = store.apply(changeSet("release web", inPlace, needed));

      assertThat(result)
          .isInstanceOfSatisfying(
              ApplyResult.Applied.class, a -> assertThat(a.changed()).containsExactly(needed));
      assertThat(store.current(WEB, "prod")).map(Deployment::version).contains(OTHER);
      assertThat(store.history(API, "prod", 10)).hasSize(1);
      assertThat(store.history(WEB, "prod", 10)).hasSize(2);
    }

    @Test
    @DisplayName("changes applied together share one revision")
    void oneRevisionPerChangeSet() {
      ApplyResult result =
          store.apply(
              changeSet(
                  "declare api and web",
                  Change.create(API, "dev", RC),
                  Change.create(WEB, "dev", RC2)));

      String revision = ((ApplyResult.Applied) result).revision();
      assertThat(store.history(API, "dev", 1))
          .extracting(HistoryEntry::revision)
          .containsExactly(revision);
      assertThat(store.history(WEB, "dev", 1))
          .extracting(HistoryEntry::revision)
          .containsExactly(revision);
      assertThat(store.current(WEB, "dev")).map(Deployment::version).contains(RC2);
    }

    @Test
    @DisplayName("each applied change set has a revision of its own")
    void distinctRevisions() {
      String first = declare(API, "dev", RC);
      String second = apply(Change.of(API, "dev", RC, RC2));
      String third = declare(WEB, "dev", RC);

      assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
    }
  }

  @Nested
  @DisplayName("compare-and-swap")
  class CompareAndSwap {
    @Test
    @DisplayName(
        "a change that does not find the version it expects is rejected and nothing is written")
    void rejectsStaleExpectation() {
      declare(API, "stage", OTHER);

      assertThatThrownBy(
              () -> store.apply(changeSet("promote api", Change.of(API, "stage", RELEASE, RC))))
          .isInstanceOf(ConcurrentModificationException.class);

      assertThat(store.current(API, "stage")).map(Deployment::version).contains(OTHER);
      assertThat(store.history(API, "stage", 10)).hasSize(1);
    }

    @Test
    @DisplayName("a first declaration is rejected where the app already declares another version")
    void rejectsCreateOverExisting() {
      declare(API, "prod", RELEASE);

      assertThatThrownBy(
              () -> store.apply(changeSet("declare api", Change.create(API, "prod", OTHER))))
          .isInstanceOf(ConcurrentModificationException.class);

      assertThat(store.current(API, "prod")).map(Deployment::version).contains(RELEASE);
    }

    @Test
    @DisplayName("a change that expects a version where nothing is declared is rejected")
    void rejectsExpectationOfNothing() {
      assertThatThrownBy(
              () -> store.apply(changeSet("promote api", Change.of(API, "test", RELEASE, RC))))
          .isInstanceOf(ConcurrentModificationException.class);

      assertThat(store.current(API, "test")).isEmpty();
      assertThat(store.history(API, "test", 10)).isEmpty();
    }

    @Test
    @DisplayName("a change set with one stale change writes none of its changes")
    void atomicAcrossChanges() {
      declare(API, "test", RC);
      declare(WEB, "test", OTHER);
      ChangeSet changes =
          changeSet(
              "promote api and web",
              Change.of(API, "test", RC, RC2),
              Change.create(WORKER, "test", RC),
              Change.of(WEB, "test", RELEASE, RC2));

      assertThatThrownBy(() -> store.apply(changes))
          .isInstanceOf(ConcurrentModificationException.class);

      assertThat(store.current(API, "test")).map(Deployment::version).contains(RC);
      assertThat(store.current(WORKER, "test")).isEmpty();
      assertThat(store.current(WEB, "test")).map(Deployment::version).contains(OTHER);
      assertThat(store.history(API, "test", 10)).hasSize(1);
      assertThat(store.history(WORKER, "test", 10)).isEmpty();
    }

    @Test
    @DisplayName(
        "the rejection names the app, the environment, the expected and the actual version")
    void rejectionCarriesContext() {
      declare(API, "stage", OTHER);

      ConcurrentModificationException e =
          catchThrowableOfType(
              ConcurrentModificationException.class,
              () -> store.apply(changeSet("promote api", Change.of(API, "stage", RELEASE, RC))));

      assertThat(e.target()).contains(API).contains("stage");
      assertThat(e.expected()).contains(RELEASE.toString());
      assertThat(e.actual()).contains(OTHER.toString());
    }

    @Test
    @DisplayName("of concurrent writers expecting the same version, exactly one wins")
    void concurrentWritersOneWins() throws Exception {
      declare(API, "stage", RELEASE);
      int writers = 6;
      List<Callable<ApplyResult>> attempts = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        ChartVersion target = v("0.2.0-rc.abc" + (1000 + i));
        ChangeSet changes =
            changeSet("promote api " + target, Change.of(API, "stage", RELEASE, target));
        attempts.add(() -> store.apply(changes));
      }

      List<Object> outcomes = Concurrently.run(attempts);

      assertThat(outcomes).filteredOn(ApplyResult.Applied.class::isInstance).hasSize(1);
      assertThat(outcomes)
          .filteredOn(o -> !(o instanceof ApplyResult.Applied))
          .allSatisfy(o -> assertThat(o).isInstanceOf(ConcurrentModificationException.class));
      ApplyResult.Applied winner =
          (ApplyResult.Applied)
              outcomes.stream()
                  .filter(ApplyResult.Applied.class::isInstance)
                  .findFirst()
                  .orElseThrow();
      assertThat(store.current(API, "stage"))
          .map(Deployment::version)
          .contains(winner.changed().get(0).target());
      assertThat(store.history(API, "stage", 10)).hasSize(2);
    }
  }

  @Nested
  @DisplayName("history")
  class History {
    @Test
    @DisplayName("an app never declared has no history")
    void noHistory() {
      assertThat(store.history(API, "prod", 10)).isEmpty();
    }

    @Test
    @DisplayName(
        "lists the revisions that set the app, newest first, each with the version it replaced")
    void newestFirstWithPrevious() {
      String r1 = declare(API, "prod", RELEASE);
      String r2 = apply(Change.of(API, "prod", RELEASE, OTHER));
      String r3 = apply(Change.of(API, "prod", OTHER, RELEASE));

      List<HistoryEntry> history = store.history(API, "prod", 10);

      assertThat(history).extracting(HistoryEntry::revision).containsExactly(r3, r2, r1);
      assertThat(history)
          .extracting(HistoryEntry::version)
          .containsExactly(RELEASE, OTHER, RELEASE);
      assertThat(history)
          .extracting(HistoryEntry::previous)
          .containsExactly(Optional.of(OTHER), Optional.of(RELEASE), Optional.empty());
      assertThat(history)
          .allSatisfy(
              h -> {
                assertThat(h.app()).isEqualTo(API);
                assertThat(h.environment()).isEqualTo("prod");
              });
    }

    @Test
    @DisplayName("returns at most the limit, keeping the newest")
    void honoursLimit() {
      declare(API, "dev", RC);
      String r2 = apply(Change.of(API, "dev", RC, RC2));
      String r3 = apply(Change.of(API, "dev", RC2, OTHER));

      assertThat(store.history(API, "dev", 2))
          .extracting(HistoryEntry::revision)
          .containsExactly(r3, r2);
      assertThat(store.history(API, "dev", 1))
          .extracting(HistoryEntry::revision)
          .containsExactly(r3);
    }

    @Test
    @DisplayName("records the time, actor, subject and trailers of the change set")
    void recordsAuditTrail() {
      List<Trailer> trailers =
          List.of(
              new Trailer("Promotion-App", API),
              new Trailer("Promotion-From", "test"),
              new Trailer("Promotion-To", "stage"),
              new Trailer("Promotion-Version", RC.toString()),
              new Trailer("Promotion-Actor", "alice"),
              new Trailer("Promotion-Run", "https://ci.example.com/runs/42"));
      Instant time = Instant.parse("2026-03-04T15:30:07Z");
      ChangeSet changes =
          new ChangeSet(
              List.of(Change.create(API, "stage", RC)),
              "promote api 0.2.0-rc.abc1234 test -> stage",
              trailers,
              "alice",
              time);

      String revision = ((ApplyResult.Applied) store.apply(changes)).revision();
      HistoryEntry entry = store.history(API, "stage", 1).get(0);

      assertThat(entry.revision()).isEqualTo(revision);
      assertThat(entry.version()).isEqualTo(RC);
      assertThat(entry.previous()).isEmpty();
      assertThat(entry.time()).isEqualTo(time);
      assertThat(entry.actor()).isEqualTo("alice");
      assertThat(entry.subject()).isEqualTo("promote api 0.2.0-rc.abc1234 test -> stage");
      assertThat(entry.trailers()).containsExactlyElementsOf(trailers);
      assertThat(entry.trailer("promotion-run")).contains("https://ci.example.com/runs/42");
    }

    @Test
    @DisplayName("revisions that changed other apps or environments are not listed")
    void onlyThisAppAndEnvironment() {
      String mine = declare(API, "stage", RC);
      declare(WEB, "stage", RC);
      declare(API, "prod", RELEASE);
      apply(Change.of(WEB, "stage", RC, RC2));

      assertThat(store.history(API, "stage", 10))
          .extracting(HistoryEntry::revision)
          .containsExactly(mine);
    }

    @Test
    @DisplayName(
        "a revision that changed several apps is in the history of each, with all its trailers")
    void multiAppRevision() {
      List<Trailer> trailers =
          List.of(
              new Trailer("Promotion-App", API),
              new Trailer("Promotion-Version", RC.toString()),
              new Trailer("Promotion-App", WEB),
              new Trailer("Promotion-Version", RC2.toString()));
      ChangeSet changes =
          new ChangeSet(
              List.of(Change.create(API, "dev", RC), Change.create(WEB, "dev", RC2)),
              "publish api and web to dev",
              trailers,
              ACTOR,
              nextTime());

      String revision = ((ApplyResult.Applied) store.apply(changes)).revision();

      HistoryEntry api = store.history(API, "dev", 1).get(0);
      HistoryEntry web = store.history(WEB, "dev", 1).get(0);
      assertThat(api.revision()).isEqualTo(revision).isEqualTo(web.revision());
      assertThat(api.version()).isEqualTo(RC);
      assertThat(web.version()).isEqualTo(RC2);
      assertThat(api.trailers()).containsExactlyElementsOf(trailers);
      assertThat(web.trailers()).containsExactlyElementsOf(trailers);
    }
  }

  @Nested
  @DisplayName("last changes (the newest history entry of many apps at once)")
  class LastChanges {
    @Test
    @DisplayName(
        "are, for every app asked about and in its order, what history(app, env, 1) returns:"
            + " the newest version change, nothing for an app never declared there, and for an"
            + " app whose last change re-pinned its digest what history says of it")
    void equalHistoryOfEachApp() {
      declare(API, "stage", RC);
      declare(WEB, "stage", RELEASE);
      apply(Change.of(API, "stage", RC, RC2));
      declare(API, "prod", RELEASE);
      apply(Change.of(API, "prod", RELEASE, OTHER));
      declare(WORKER, "prod", RELEASE);
      if (store.pinsDigests()) {
        apply(
            Change.of(WEB, "stage", RELEASE, RELEASE)
                .pinnedTo(ImageDigest.parse("sha256:" + "3".repeat(64))));
      }
      List<String> apps = List.of(WORKER, WEB, API);

      java.util.Map<String, Optional<HistoryEntry>> last = store.lastChanges("stage", apps);

      assertThat(last).containsOnlyKeys(apps);
      assertThat(new ArrayList<>(last.keySet())).containsExactlyElementsOf(apps);
      for (String app : apps) {
        assertThat(last.get(app))
            .as(app)
            .isEqualTo(store.history(app, "stage", 1).stream().findFirst());
      }
      assertThat(last.get(WORKER)).isEmpty();
      assertThat(last.get(API)).hasValueSatisfying(h -> assertThat(h.version()).isEqualTo(RC2));
      assertThat(last.get(WEB)).hasValueSatisfying(h -> assertThat(h.version()).isEqualTo(RELEASE));
    }

    @Test
    @DisplayName(
        "a revision that changed several apps is the last change of each, and no apps asked"
            + " about is an empty answer")
    void multiAppRevision() {
      declare(API, "dev", RC);
      String both =
          ((ApplyResult.Applied)
                  store.apply(
                      changeSet(
                          "publish api and web",
                          Change.of(API, "dev", RC, RC2),
                          Change.create(WEB, "dev", RC))))
              .revision();

      java.util.Map<String, Optional<HistoryEntry>> last =
          store.lastChanges("dev", List.of(API, WEB));

      assertThat(last.get(API)).hasValueSatisfying(h -> assertThat(h.revision()).isEqualTo(both));
      assertThat(last.get(WEB)).hasValueSatisfying(h -> assertThat(h.revision()).isEqualTo(both));
      assertThat(store.lastChanges("dev", List.of())).isEmpty();
    }
  }

  @Nested
  @DisplayName("pinning image digests (refused, with nothing written, by a store that cannot)")
  class DigestPinning {
    private final ImageDigest first = ImageDigest.parse("sha256:" + "1".repeat(64));
    private final ImageDigest second = ImageDigest.parse("sha256:" + "2".repeat(64));

    /** For a store that does not pin digests: the change is refused and nothing is written. */
    private boolean refusedUnlessPinning(Change change) {
      if (store.pinsDigests()) {
        return false;
      }
      List<Deployment> before = store.list(change.environment());
      assertThatThrownBy(() -> store.apply(changeSet("pin " + change.app(), change)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(change.app());
      assertThat(store.list(change.environment())).isEqualTo(before);
      return true;
    }

    @Test
    @DisplayName("a pinned first declaration is read back and listed with its digest")
    void pinnedDeclaration() {
      Change pinned = Change.create(API, "dev", RC).pinnedTo(first);
      if (refusedUnlessPinning(pinned)) {
        return;
      }

      apply(pinned);

      assertThat(store.current(API, "dev").orElseThrow().digest()).contains(first);
      assertThat(store.list("dev"))
          .singleElement()
          .satisfies(d -> assertThat(d.digest()).contains(first));
    }

    @Test
    @DisplayName("the same version and digest again is unchanged; another digest re-pins it")
    void samePinUnchangedOtherPinApplied() {
      Change pinned = Change.create(API, "dev", RC).pinnedTo(first);
      if (refusedUnlessPinning(pinned)) {
        return;
      }
      apply(pinned);

      ApplyResult again =
          store.apply(changeSet("again", Change.of(API, "dev", RC, RC).pinnedTo(first)));
      ApplyResult repinned =
          store.apply(changeSet("re-pin", Change.of(API, "dev", RC, RC).pinnedTo(second)));

      assertThat(again).isInstanceOf(ApplyResult.Unchanged.class);
      assertThat(repinned).isInstanceOf(ApplyResult.Applied.class);
      Deployment now = store.current(API, "dev").orElseThrow();
      assertThat(now.version()).isEqualTo(RC);
      assertThat(now.digest()).contains(second);
    }

    @Test
    @DisplayName("a new version moves the pin, and a change without a digest removes it")
    void movesAndRemovesThePin() {
      Change pinned = Change.create(API, "stage", RC).pinnedTo(first);
      if (refusedUnlessPinning(pinned)) {
        return;
      }
      apply(pinned);

      apply(Change.of(API, "stage", RC, RC2).pinnedTo(second));
      Deployment moved = store.current(API, "stage").orElseThrow();
      apply(Change.of(API, "stage", RC2, RELEASE));
      Deployment unpinned = store.current(API, "stage").orElseThrow();

      assertThat(moved.version()).isEqualTo(RC2);
      assertThat(moved.digest()).contains(second);
      assertThat(unpinned.version()).isEqualTo(RELEASE);
      assertThat(unpinned.digest()).isEmpty();
    }

    @Test
    @DisplayName(
        "history reports the digest pinned at each revision, read from the declaration (the"
            + " change sets carry no digest trailer)")
    void historyReportsThePinOfEachRevision() {
      Change pinned = Change.create(API, "prod", RC).pinnedTo(first);
      if (refusedUnlessPinning(pinned)) {
        declare(API, "prod", RC);
        assertThat(store.history(API, "prod", 10))
            .singleElement()
            .satisfies(h -> assertThat(h.digest()).isEmpty());
        return;
      }
      apply(pinned);
      apply(Change.of(API, "prod", RC, RC2).pinnedTo(second));
      apply(Change.of(API, "prod", RC2, RELEASE));

      List<HistoryEntry> history = store.history(API, "prod", 10);

      assertThat(history).extracting(HistoryEntry::version).containsExactly(RELEASE, RC2, RC);
      assertThat(history)
          .extracting(HistoryEntry::digest)
          .containsExactly(Optional.empty(), Optional.of(second), Optional.of(first));
    }

    @Test
    @DisplayName("a pinned change still compares and swaps on the version")
    void pinnedChangeIsCompareAndSwap() {
      Change pinned = Change.create(API, "test", RC).pinnedTo(first);
      if (refusedUnlessPinning(pinned)) {
        return;
      }
      apply(pinned);

      assertThatThrownBy(
              () ->
                  store.apply(
                      changeSet("stale", Change.of(API, "test", RELEASE, OTHER).pinnedTo(second))))
          .isInstanceOf(ConcurrentModificationException.class);
      assertThat(store.current(API, "test").orElseThrow().digest()).contains(first);
    }
  }

  /** The store of the running test, as {@link #createStore()} made it. */
  protected final EnvironmentStore store() {
    return store;
  }

  private String declare(String app, String environment, ChartVersion version) {
    return apply(Change.create(app, environment, version));
  }

  private String apply(Change change) {
    ApplyResult result =
        store.apply(
            changeSet(
                "set " + change.app() + " " + change.target() + " in " + change.environment(),
                change));
    assertThat(result).as("applying %s", change).isInstanceOf(ApplyResult.Applied.class);
    return ((ApplyResult.Applied) result).revision();
  }

  private ChangeSet changeSet(String subject, Change... changes) {
    List<Trailer> trailers = new ArrayList<>();
    for (Change change : changes) {
      trailers.add(new Trailer("Promotion-App", change.app()));
      trailers.add(new Trailer("Promotion-To", change.environment()));
      trailers.add(new Trailer("Promotion-Version", change.target().toString()));
    }
    trailers.add(new Trailer("Promotion-Actor", ACTOR));
    return new ChangeSet(List.of(changes), subject, trailers, ACTOR, nextTime());
  }

  private Instant nextTime() {
    return START.plusSeconds(60L * changeSets++);
  }

  private static ChartVersion v(String version) {
    return ChartVersion.parse(version);
  }
}
