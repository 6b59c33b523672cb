package dev.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.spi.Trailer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GitRepository on an in-memory repository")
class GitRepositoryTest {
  private static final Instant TIME = Instant.parse("2026-03-02T09:00:00Z");
  private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ZERO, Duration.ofMillis(2));

  private final InMemoryRepository origin =
      new InMemoryRepository(new DfsRepositoryDescription("origin"));
  private final GitRepository git = GitRepository.builder().repository(origin).retry(FAST).build();
  private final GitRepository other =
      GitRepository.builder().repository(origin).retry(FAST).build();

  @Test
  @DisplayName("files written as one commit are read back from the tree")
  void writesAndReads() {
    Updated<String> updated =
        git.update(
            s -> Plan.write(files("a/b/one.yaml", "one", "a/two.yaml", "two"), message("s"), "v"));

    Snapshot latest = git.latest();
    assertThat(updated.commit()).isEqualTo(latest.commit());
    assertThat(updated.value()).isEqualTo("v");
    assertThat(updated.attempts()).isEqualTo(1);
    assertThat(text(latest, "a/b/one.yaml")).contains("one");
    assertThat(text(latest, "a/two.yaml")).contains("two");
    assertThat(latest.read("a/b", 100)).isEmpty();
    assertThat(latest.read("missing.yaml", 100)).isEmpty();
    assertThat(latest.files("a")).containsExactly("two.yaml");
    assertThat(latest.files("a/b")).containsExactly("one.yaml");
  }

  @Test
  @DisplayName("a commit carries the author, the committer, the subject and the trailers")
  void commitCarriesAuditRecord() throws IOException {
    List<Trailer> trailers =
        List.of(new Trailer("Promotion-App", "api"), new Trailer("Promotion-To", "stage"));
    CommitMessage message =
        new CommitMessage(
            "promote api 0.2.0 test -> stage", trailers, new Identity("alice", "a@x.org"), TIME);

    String id = git.update(s -> Plan.write(files("f", "x"), message, 0)).commit().orElseThrow();

    try (RevWalk walk = new RevWalk(origin)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(id));
      assertThat(commit.getFullMessage())
          .isEqualTo(
              "promote api 0.2.0 test -> stage\n\nPromotion-App: api\nPromotion-To: stage\n");
      assertThat(commit.getAuthorIdent().getName()).isEqualTo("alice");
      assertThat(commit.getAuthorIdent().getWhenAsInstant()).isEqualTo(TIME);
      assertThat(commit.getCommitterIdent().getName()).isEqualTo("promotion");
      assertThat(commit.getParentCount()).isZero();
    }
  }

  @Test
  @DisplayName("an edit rewrites only the trees on its path; sibling trees keep their ids")
  void rewritesOnlyThePath() throws IOException {
    git.update(
        s -> Plan.write(files("env/dev/api.yaml", "1", "env/prod/api.yaml", "1"), message("s"), 0));
    ObjectId prodBefore = treeId(git.latest(), "env/prod");

    git.update(s -> Plan.write(files("env/dev/api.yaml", "2"), message("s"), 0));

    Snapshot latest = git.latest();
    assertThat(treeId(latest, "env/prod")).isEqualTo(prodBefore);
    assertThat(text(latest, "env/dev/api.yaml")).contains("2");
  }

  @Test
  @DisplayName("a plan of nothing writes no commit")
  void nothingWritesNoCommit() {
    git.update(s -> Plan.write(files("f", "x"), message("s"), 0));
    Optional<String> tip = git.latest().commit();

    Updated<Integer> updated = git.update(s -> Plan.nothing(7));

    assertThat(updated.commit()).isEmpty();
    assertThat(updated.value()).isEqualTo(7);
    assertThat(git.latest().commit()).isEqualTo(tip);
  }

  @Test
  @DisplayName("a lost race plans the edit again on the new tip and keeps both changes")
  void lostRaceReplans() {
    git.update(s -> Plan.write(files("a.yaml", "a0", "b.yaml", "b0"), message("seed"), 0));
    AtomicInteger plans = new AtomicInteger();

    Updated<Integer> updated =
        git.update(
            s -> {
              if (plans.incrementAndGet() == 1) {
                other.update(o -> Plan.write(files("b.yaml", "b1"), message("other"), 0));
              }
              return Plan.write(files("a.yaml", "a1"), message("mine"), 0);
            });

    assertThat(updated.attempts()).isEqualTo(2);
    Snapshot latest = git.latest();
    assertThat(text(latest, "a.yaml")).contains("a1");
    assertThat(text(latest, "b.yaml")).contains("b1");
  }

  @Test
  @DisplayName("an edit that refuses the new tip after a lost race writes nothing")
  void refusalAfterLostRace() {
    git.update(s -> Plan.write(files("a.yaml", "a0"), message("seed"), 0));
    AtomicInteger plans = new AtomicInteger();

    assertThatThrownBy(
            () ->
                git.update(
                    s -> {
                      String current = text(s, "a.yaml").orElseThrow();
                      if (!current.equals("a0")) {
                        throw new ConcurrentModificationException("a.yaml", "a0", current);
                      }
                      if (plans.incrementAndGet() == 1) {
                        other.update(o -> Plan.write(files("a.yaml", "theirs"), message("o"), 0));
                      }
                      return Plan.write(files("a.yaml", "mine"), message("mine"), 0);
                    }))
        .isInstanceOf(ConcurrentModificationException.class);

    assertThat(text(git.latest(), "a.yaml")).contains("theirs");
  }

  @Test
  @DisplayName("retries are bounded: losing every race ends in ConcurrentModificationException")
  void boundedRetries() {
    git.update(s -> Plan.write(files("a.yaml", "0"), message("seed"), 0));
    AtomicInteger plans = new AtomicInteger();

    assertThatThrownBy(
            () ->
                git.update(
                    s -> {
                      int n = plans.incrementAndGet();
                      other.update(o -> Plan.write(files("b.yaml", "" + n), message("o"), 0));
                      return Plan.write(files("a.yaml", "mine"), message("mine"), 0);
                    }))
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("4 attempts");

    assertThat(plans).hasValue(FAST.maxAttempts());
    assertThat(text(git.latest(), "a.yaml")).contains("0");
  }

  @Test
  @DisplayName("the log lists the commits that touched the paths, newest first, with trailers")
  void logsWithTrailers() {
    for (int i = 1; i <= 3; i++) {
      String v = "" + i;
      git.update(
          s ->
              Plan.write(
                  files("api.yaml", v),
                  new CommitMessage(
                      "set api " + v,
                      List.of(new Trailer("Promotion-Version", v)),
                      Identity.promotion(),
                      TIME.plusSeconds(Integer.parseInt(v))),
                  0));
      git.update(s -> Plan.write(files("web.yaml", v), message("set web " + v), 0));
    }
    List<Revision> revisions = new ArrayList<>();

    git.log(git.latest(), List.of("api.yaml"), r -> revisions.add(r) && revisions.size() < 2);

    assertThat(revisions).extracting(Revision::subject).containsExactly("set api 3", "set api 2");
    assertThat(revisions.get(0).trailers()).containsExactly(new Trailer("Promotion-Version", "3"));
    assertThat(revisions.get(0).time()).isEqualTo(TIME.plusSeconds(3));
    assertThat(text(revisions.get(0).files(), "api.yaml")).contains("3");
    assertThat(text(revisions.get(0).before().orElseThrow(), "api.yaml")).contains("2");
  }

  @Test
  @DisplayName("a file over the size limit is refused before it is read")
  void sizeLimit() {
    git.update(s -> Plan.write(files("big.yaml", "x".repeat(2000)), message("s"), 0));

    assertThatThrownBy(() -> git.latest().read("big.yaml", 1000))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("big.yaml")
        .hasMessageContaining("2000 bytes");
  }

  @Test
  @DisplayName("backoff waits grow exponentially, with jitter, up to the cap")
  void backoff() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < 50; i++) {
      assertThat(policy.delayAfter(1, random).toMillis()).isBetween(50L, 100L);
      assertThat(policy.delayAfter(3, random).toMillis()).isBetween(200L, 400L);
      assertThat(policy.delayAfter(9, random).toMillis()).isBetween(500L, 1000L);
    }
  }

  static Map<String, byte[]> files(String... pathsAndContents) {
    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  static CommitMessage message(String subject) {
    return new CommitMessage(subject, List.of(), Identity.promotion(), TIME);
  }

  static Optional<String> text(Snapshot snapshot, String path) {
    return snapshot.read(path, 1 << 20).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private ObjectId treeId(Snapshot snapshot, String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(origin, path, snapshot.treeId().orElseThrow())) {
      return walk.getObjectId(0);
    }
  }
}
