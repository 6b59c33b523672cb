package dev.promotion.git;

import static dev.promotion.git.GitRepositoryTest.files;
import static dev.promotion.git.GitRepositoryTest.message;
import static dev.promotion.git.GitRepositoryTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.promotion.spi.Trailer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PushConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportProtocol;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitRepository#log} over histories that pull requests make: merge commits, rebased and
 * squashed commits whose author time is older than the moment they reached the branch.
 */
@DisplayName("GitRepository.log over merged pull requests")
class GitHistoryTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant MERGED = T0.plus(Duration.ofDays(2));

  private final InMemoryRepository origin =
      new InMemoryRepository(new DfsRepositoryDescription("origin"));
  private final GitRepository git = GitRepository.builder().repository(origin).build();

  @Test
  @DisplayName(
      "a change merged with a merge commit is dated by the merge; actor and trailers come from the"
          + " pull request's commit")
  void mergeCommitDatesTheChange() throws IOException {
    git.update(s -> Plan.write(files("api.yaml", "1", "web.yaml", "w0"), message("seed"), 0));
    ObjectId base = ObjectId.fromString(git.latest().commit().orElseThrow());
    ObjectId proposal =
        commit(
            base,
            List.of(base),
            files("api.yaml", "2"),
            person("alice", T0),
            person("alice", T0),
            "promote api 2\n\nPromotion-Actor: alice\nPromotion-Version: 2\n");
    ObjectId meanwhile =
        commit(
            base,
            List.of(base),
            files("web.yaml", "w1"),
            person("bob", T0.plus(Duration.ofDays(1))),
            person("bob", T0.plus(Duration.ofDays(1))),
            "web w1\n");
    ObjectId merge =
        commit(
            meanwhile,
            List.of(meanwhile, proposal),
            files("api.yaml", "2"),
            person("carol", MERGED),
            person("GitHub", MERGED),
            "Merge pull request #7 from acme/promote/api-2\n\npromote api 2\n");
    moveMain(merge);

    List<Revision> revisions = new ArrayList<>();
    git.log(git.latest(), List.of("api.yaml"), revisions::add);

    assertThat(revisions).extracting(Revision::commit).containsExactly(merge.name(), base.name());
    Revision merged = revisions.get(0);
    assertThat(merged.time()).isEqualTo(MERGED);
    assertThat(merged.author().name()).isEqualTo("alice");
    assertThat(merged.subject()).isEqualTo("promote api 2");
    assertThat(merged.trailers())
        .containsExactly(
            new Trailer("Promotion-Actor", "alice"), new Trailer("Promotion-Version", "2"));
    assertThat(text(merged.files(), "api.yaml")).contains("2");
    assertThat(text(merged.before().orElseThrow(), "api.yaml")).contains("1");
  }

  @Test
  @DisplayName(
      "a walk of several groups shows each group what a walk of its paths alone shows, merges"
          + " included; a group whose visitor returns false leaves, the others walk on")
  void groupsSeeWhatTheirOwnWalkSees() throws IOException {
    git.update(s -> Plan.write(files("api.yaml", "1", "web.yaml", "w0"), message("seed"), 0));
    ObjectId base = ObjectId.fromString(git.latest().commit().orElseThrow());
    ObjectId proposal =
        commit(
            base,
            List.of(base),
            files("api.yaml", "2"),
            person("alice", T0),
            person("alice", T0),
            "promote api 2\n\nPromotion-Actor: alice\n");
    ObjectId meanwhile =
        commit(
            base,
            List.of(base),
            files("web.yaml", "w1"),
            person("bob", T0.plus(Duration.ofDays(1))),
            person("bob", T0.plus(Duration.ofDays(1))),
            "web w1\n");
    ObjectId merge =
        commit(
            meanwhile,
            List.of(meanwhile, proposal),
            files("api.yaml", "2"),
            person("carol", MERGED),
            person("GitHub", MERGED),
            "Merge pull request #7 from acme/promote/api-2\n\npromote api 2\n");
    moveMain(merge);
    java.util.Map<String, List<String>> groups = new java.util.LinkedHashMap<>();
    groups.put("api", List.of("api.yaml"));
    groups.put("web", List.of("web.yaml"));
    groups.put("both", List.of("api.yaml", "web.yaml"));
    groups.put("first-only", List.of("api.yaml", "web.yaml"));
    groups.put("never", List.of("db.yaml"));
    groups.put("none", List.of());

    java.util.Map<String, List<String>> seen = new java.util.LinkedHashMap<>();
    git.log(
        git.latest(),
        groups,
        (group, r) -> {
          seen.computeIfAbsent(group, g -> new ArrayList<>()).add(described(r));
          return !group.equals("first-only");
        });

    for (String group : List.of("api", "web", "both")) {
      List<String> alone = new ArrayList<>();
      git.log(git.latest(), groups.get(group), r -> alone.add(described(r)));
      assertThat(seen.get(group)).as(group).isEqualTo(alone).isNotEmpty();
    }
    assertThat(seen.get("api"))
        .containsExactly(merge.name() + " alice promote api 2", base.name() + " promotion seed");
    assertThat(seen.get("web"))
        .containsExactly(meanwhile.name() + " bob web w1", base.name() + " promotion seed");
    assertThat(seen.get("first-only")).containsExactly(seen.get("both").get(0));
    assertThat(seen).doesNotContainKeys("never", "none");
  }

  private static String described(Revision r) {
    return r.commit() + " " + r.author().name() + " " + r.subject();
  }

  @Test
  @DisplayName("a rebased or squashed commit is dated by its committer time, when it landed")
  void rebasedCommitIsDatedByItsCommitter() throws IOException {
    git.update(s -> Plan.write(files("api.yaml", "1"), message("seed"), 0));
    ObjectId base = ObjectId.fromString(git.latest().commit().orElseThrow());
    ObjectId rebased =
        commit(
            base,
            List.of(base),
            files("api.yaml", "2"),
            person("alice", T0),
            person("GitHub", MERGED),
            "promote api 2\n\nPromotion-Actor: alice\n");
    moveMain(rebased);

    List<Revision> revisions = new ArrayList<>();
    git.log(
        git.latest(),
        List.of("api.yaml"),
        r -> {
          revisions.add(r);
          return false;
        });

    assertThat(revisions).singleElement().satisfies(r -> assertThat(r.time()).isEqualTo(MERGED));
    assertThat(revisions.get(0).author().name()).isEqualTo("alice");
  }

  @Test
  @DisplayName("a merge that brought no change to the paths is not listed")
  void mergeWithoutChangeToThePathsIsSkipped() throws IOException {
    git.update(s -> Plan.write(files("api.yaml", "1", "web.yaml", "w0"), message("seed"), 0));
    ObjectId base = ObjectId.fromString(git.latest().commit().orElseThrow());
    ObjectId side =
        commit(
            base,
            List.of(base),
            files("web.yaml", "w1"),
            person("bob", T0),
            person("bob", T0),
            "web\n");
    ObjectId merge =
        commit(
            side,
            List.of(base, side),
            files(),
            person("GitHub", MERGED),
            person("GitHub", MERGED),
            "Merge web\n");
    moveMain(merge);

    List<Revision> revisions = new ArrayList<>();
    git.log(git.latest(), List.of("api.yaml"), revisions::add);

    assertThat(revisions).extracting(Revision::commit).containsExactly(base.name());
  }

  @Test
  @DisplayName(
      "an unchecked exception while deepening a shallow clone releases the lock: the next"
          + " operation runs")
  void failedDeepeningReleasesTheLock(@TempDir Path temp) {
    Path originDirectory = temp.resolve("origin.git");
    try (GitRepository record = GitRepository.builder().cacheDirectory(originDirectory).build()) {
      record.update(s -> Plan.write(files("api.yaml", "1"), message("one"), 0));
      record.update(s -> Plan.write(files("api.yaml", "2"), message("two"), 0));
    }
    FailingDeepening protocol = new FailingDeepening();
    Transport.register(protocol);
    try (GitRepository clone =
        GitRepository.builder()
            .remote(FailingDeepening.SCHEME + "://" + originDirectory.toUri().getPath())
            .cacheDirectory(temp.resolve("clone"))
            .shallow(true)
            .build()) {
      Snapshot tip = clone.latest();

      assertThatThrownBy(() -> clone.log(tip, List.of("api.yaml"), r -> true))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("injected");

      Snapshot again =
          assertTimeoutPreemptively(Duration.ofSeconds(10), () -> clone.latest(), "dead-locked");
      assertThat(again.commit()).isEqualTo(tip.commit());
    } finally {
      Transport.unregister(protocol);
    }
  }

  /**
   * A transport to a local repository that throws an unchecked exception when asked to deepen (a
   * depth above the first fetch's 1), as a bug in a transport or a runtime failure would.
   */
  private static final class FailingDeepening extends TransportProtocol {
    static final String SCHEME = "failing-deepening";

    @Override
    public String getName() {
      return SCHEME;
    }

    @Override
    public Set<String> getSchemes() {
      return Set.of(SCHEME);
    }

    @Override
    public Set<URIishField> getRequiredFields() {
      return EnumSet.of(URIishField.PATH);
    }

    @Override
    public Transport open(URIish uri, Repository local, String remoteName)
        throws TransportException {
      return new Transport(local, uri) {
        private Transport delegate;

        @Override
        public FetchConnection openFetch() throws NotSupportedException, TransportException {
          return openFetch(List.of());
        }

        @Override
        public FetchConnection openFetch(Collection<RefSpec> specs, String... patterns)
            throws NotSupportedException, TransportException {
          if (getDepth() != null && getDepth() > 1) {
            throw new IllegalStateException("injected failure while deepening");
          }
          try {
            delegate = Transport.open(local, new URIish("file://" + uri.getPath()));
          } catch (IOException | URISyntaxException e) {
            throw new TransportException(uri, "cannot open", e);
          }
          if (getDepth() != null) {
            delegate.setDepth(getDepth());
          }
          return delegate.openFetch(specs, patterns);
        }

        @Override
        public PushConnection openPush() throws TransportException {
          throw new TransportException(uri, "read-only");
        }

        @Override
        public void close() {
          if (delegate != null) {
            delegate.close();
          }
        }
      };
    }
  }

  private static PersonIdent person(String name, Instant time) {
    return new PersonIdent(name, name + "@example.com", time, ZoneOffset.UTC);
  }

  /** A commit whose tree is {@code treeOf}'s tree with {@code files} written. */
  private ObjectId commit(
      ObjectId treeOf,
      List<ObjectId> parents,
      java.util.Map<String, byte[]> files,
      PersonIdent author,
      PersonIdent committer,
      String message)
      throws IOException {
    try (ObjectInserter inserter = origin.newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      ObjectId tree =
          new TreeEdit(reader, inserter).write(walk.parseCommit(treeOf).getTree(), files);
      CommitBuilder builder = new CommitBuilder();
      builder.setTreeId(tree);
      builder.setParentIds(parents);
      builder.setAuthor(author);
      builder.setCommitter(committer);
      builder.setMessage(message);
      ObjectId id = inserter.insert(builder);
      inserter.flush();
      return id;
    }
  }

  private void moveMain(ObjectId commit) throws IOException {
    RefUpdate update = origin.updateRef(Constants.R_HEADS + "main");
    update.setNewObjectId(commit);
    update.setForceUpdate(true);
    assertThat(update.update()).isIn(RefUpdate.Result.FAST_FORWARD, RefUpdate.Result.FORCED);
  }
}
