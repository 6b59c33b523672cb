package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.gate.GateContext;
import dev.promotion.gate.GateViolation;
import dev.promotion.gate.Operation;
import dev.promotion.gate.SoakTimeGate;
import dev.promotion.git.GitRepository;
import dev.promotion.pipeline.Application;
import dev.promotion.result.Promotion;
import dev.promotion.result.Result;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.Trailer;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.testkit.MutableClock;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Soak time over a pull request merged with a merge commit: the version reached dev when the pull
 * request was merged, not when its commit was written.
 */
@DisplayName("soak time of a version that reached its environment through a merged pull request")
class MergedPullRequestSoakTest {
  private static final ChartVersion OLD = ChartVersion.parse("0.1.0");
  private static final ChartVersion NEW = ChartVersion.parse("0.2.0");
  private static final Instant OPENED = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant MERGED = OPENED.plus(Duration.ofDays(2));
  private static final String PROPOSAL = "promote/api-dev-0.2.0";

  private final InMemoryRepository repository =
      new InMemoryRepository(new DfsRepositoryDescription("gitops"));
  private final GitOpsEnvironmentStore store =
      Stores.argoCd(GitRepository.builder().repository(repository).build());

  @Test
  @DisplayName(
      "history dates the change at the merge, with the pull request's actor and trailers, and a"
          + " 1-day soak blocks a promotion 5 minutes after the merge")
  void soakCountsFromTheMerge() throws IOException {
    store.apply(
        new ChangeSet(
            List.of(Change.create("api", "dev", OLD)),
            "declare api",
            List.of(),
            "ci",
            OPENED.minus(Duration.ofDays(10))));
    ObjectId base = tip(Constants.R_HEADS + "main");
    move(Constants.R_HEADS + PROPOSAL, base);
    Stores.argoCd(GitRepository.builder().repository(repository).branch(PROPOSAL).build())
        .apply(
            new ChangeSet(
                List.of(Change.of("api", "dev", OLD, NEW)),
                "promote api 0.2.0 to dev",
                List.of(new Trailer("Promotion-Actor", "alice")),
                "alice",
                OPENED));
    ObjectId merge = mergeWithMergeCommit(base, tip(Constants.R_HEADS + PROPOSAL));

    HistoryEntry entry = store.history("api", "dev", 1).get(0);

    assertThat(entry.version()).isEqualTo(NEW);
    assertThat(entry.previous()).contains(OLD);
    assertThat(entry.revision()).isEqualTo(merge.name());
    assertThat(entry.time()).isEqualTo(MERGED);
    assertThat(entry.actor()).isEqualTo("alice");
    assertThat(entry.subject()).isEqualTo("promote api 0.2.0 to dev");
    assertThat(entry.trailer("Promotion-Actor")).contains("alice");

    MutableClock clock = new MutableClock(MERGED.plus(Duration.ofMinutes(5)));
    SoakTimeGate soak = new SoakTimeGate(Map.of("dev", Duration.ofDays(1)));
    Promotions promotions =
        Promotions.builder()
            .pipeline(Stores.PIPELINE)
            .application(Application.named("api"))
            .environments(store)
            .registry(new InMemoryChartRegistry())
            .sourceControl(new InMemorySourceControl())
            .clock(clock)
            .gates(List.of(soak))
            .build();

    Result<Promotion> result = promotions.promote("api", "test");

    assertThat(result).isInstanceOf(Result.Blocked.class);
    assertThat(((Result.Blocked<Promotion>) result).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.gate()).isEqualTo(SoakTimeGate.NAME);
              assertThat(v.message()).contains("for 5m of the required 1d");
            });
    assertThat(store.current("api", "test")).isEmpty();

    clock.advance(Duration.ofDays(1));
    List<GateViolation> later =
        soak.evaluate(
            new GateContext(
                Operation.PROMOTE,
                "api",
                Optional.of("dev"),
                "test",
                NEW,
                Optional.empty(),
                Stores.PIPELINE,
                store,
                clock.instant()));
    assertThat(later).isEmpty();
  }

  /** Merges the pull request into main as GitHub's "Create a merge commit" does, at MERGED. */
  private ObjectId mergeWithMergeCommit(ObjectId main, ObjectId proposal) throws IOException {
    PersonIdent github = new PersonIdent("GitHub", "noreply@github.com", MERGED, ZoneOffset.UTC);
    try (ObjectInserter inserter = repository.newObjectInserter();
        RevWalk walk = new RevWalk(repository)) {
      RevCommit head = walk.parseCommit(proposal);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(head.getTree());
      commit.setParentIds(main, proposal);
      commit.setAuthor(new PersonIdent("bob", "bob@example.com", MERGED, ZoneOffset.UTC));
      commit.setCommitter(github);
      commit.setMessage("Merge pull request #1 from acme/" + PROPOSAL + "\n\npromote api\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      move(Constants.R_HEADS + "main", id);
      return id;
    }
  }

  private ObjectId tip(String ref) throws IOException {
    return repository.exactRef(ref).getObjectId();
  }

  private void move(String ref, ObjectId id) throws IOException {
    RefUpdate update = repository.updateRef(ref);
    update.setNewObjectId(id);
    update.setForceUpdate(true);
    assertThat(update.update())
        .isIn(RefUpdate.Result.NEW, RefUpdate.Result.FAST_FORWARD, RefUpdate.Result.FORCED);
  }
}
