package dev.promotion.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.BackendException;
import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.InvalidReferenceException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.error.TagConflictException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.scm.github.fake.FakeGitHub;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import dev.promotion.spi.BranchResult;
import dev.promotion.spi.CommitResult;
import dev.promotion.spi.DispatchResult;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.PullRequest;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.PullRequestResult;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.ReleaseResult;
import dev.promotion.spi.Tag;
import dev.promotion.spi.WorkflowDispatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("GitHubSourceControl against a fake GitHub")
class GitHubSourceControlTest {
  private final FakeGitHubServer server = new FakeGitHubServer();
  private Rig rig;
  private FakeGitHub github;
  private GitHubSourceControl scm;

  @BeforeEach
  void freshRepository() {
    rig = new Rig(server);
    github = rig.github;
    scm = rig.scm();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  private FileCommit change(String branch, Optional<String> expected, String content) {
    return new FileCommit(
        branch,
        Rig.CHART,
        expected,
        content,
        "bump api to 0.2.0\n\nPromotion-Actor: alice",
        "alice");
  }

  @Nested
  @DisplayName("resolving refs")
  class Resolving {
    @Test
    @DisplayName(
        "a branch, a lightweight tag, an annotated tag, a full and a short id resolve to the full commit id")
    void resolvesEveryShape() {
      String second = rig.commit("main", "Second", Map.of("README.md", "hello\n"));
      github.tag("v0.1.0", rig.initialCommit);
      github.annotatedTag("v0.1.1", second, "release v0.1.1");

      assertThat(scm.resolveCommit("main")).isEqualTo(second);
      assertThat(scm.resolveCommit("v0.1.0")).isEqualTo(rig.initialCommit);
      assertThat(scm.resolveCommit("v0.1.1")).isEqualTo(second);
      assertThat(scm.resolveCommit(second)).isEqualTo(second);
      assertThat(scm.resolveCommit(second.substring(0, 7))).isEqualTo(second);
      assertThat(scm.resolveCommit("refs/heads/main")).isEqualTo(second);
    }

    @Test
    @DisplayName("an unknown name or id is a ReferenceNotFoundException naming it")
    void unknownRef() {
      assertThatThrownBy(() -> scm.resolveCommit("no-such-branch"))
          .isInstanceOf(ReferenceNotFoundException.class)
          .extracting(e -> ((ReferenceNotFoundException) e).reference())
          .isEqualTo("no-such-branch");
      assertThatThrownBy(() -> scm.resolveCommit("abcdef1"))
          .isInstanceOf(ReferenceNotFoundException.class);
    }

    @Test
    @DisplayName("a ref name git would refuse is rejected before anything is sent")
    void invalidRef() {
      assertThatThrownBy(() -> scm.resolveCommit("main..evil"))
          .isInstanceOf(InvalidReferenceException.class);
      assertThatThrownBy(() -> scm.resolveCommit("bad name"))
          .isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    @DisplayName("the head of a branch is its commit, and a missing branch has none")
    void branchHeads() {
      assertThat(scm.branchHead("main")).contains(rig.initialCommit);
      assertThat(scm.branchHead("mai")).isEmpty();
    }
  }

  @Nested
  @DisplayName("reading files")
  class Reading {
    @Test
    @DisplayName("a file is read as UTF-8 text at a branch, a tag or a commit")
    void readsFile() {
      String umlaut = "name: äpi ✓\n";
      String second = rig.commit("main", "Unicode", Map.of("values.yaml", umlaut));
      github.tag("v1", second);

      assertThat(scm.readFile("main", Rig.CHART)).contains(Rig.CHART_V1);
      assertThat(scm.readFile("v1", "values.yaml")).contains(umlaut);
      assertThat(scm.readFile(rig.initialCommit, "values.yaml")).isEmpty();
    }

    @Test
    @DisplayName("a missing file is empty, but a missing ref is a ReferenceNotFoundException")
    void missingFileAndRef() {
      assertThat(scm.readFile("main", "charts/api/values.yaml")).isEmpty();
      assertThatThrownBy(() -> scm.readFile("nope", Rig.CHART))
          .isInstanceOf(ReferenceNotFoundException.class);
    }

    @Test
    @DisplayName("a file above GitHub's 1 MB contents limit is read through the blob API")
    void largeFile() {
      github.largeFileThreshold(16);
      String big = "x".repeat(100) + "\n";
      rig.commit("main", "Big file", Map.of("big.txt", big));

      assertThat(scm.readFile("main", "big.txt")).contains(big);
    }

    @Test
    @DisplayName("a directory is not a file: the error says so")
    void directory() {
      assertThatThrownBy(() -> scm.readFile("main", "charts/api"))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("is a directory");
    }
  }

  @Nested
  @DisplayName("committing a file with compare-and-swap")
  class Committing {
    @Test
    @DisplayName(
        "the file is updated when it has the expected content, and the result names the new head")
    void updates() {
      String v2 = Rig.CHART_V1.replace("0.1.0", "0.2.0");

      CommitResult result = scm.commitFile(change("main", Optional.of(Rig.CHART_V1), v2));

      assertThat(result).isInstanceOf(CommitResult.Committed.class);
      assertThat(github.head("main")).contains(result.commit());
      assertThat(github.fileAt("main", Rig.CHART)).contains(v2);
      assertThat(github.commitAt("main").orElseThrow().message()).startsWith("bump api to 0.2.0");
    }

    @Test
    @DisplayName("a new file is created when none is expected")
    void creates() {
      FileCommit create =
          new FileCommit(
              "main",
              "charts/api/values.yaml",
              Optional.empty(),
              "replicas: 1\n",
              "add values",
              "bob");

      assertThat(scm.commitFile(create)).isInstanceOf(CommitResult.Committed.class);
      assertThat(github.fileAt("main", "charts/api/values.yaml")).contains("replicas: 1\n");
    }

    @Test
    @DisplayName(
        "when the file already has the new content nothing is written and the result is Unchanged")
    void idempotent() {
      String v2 = Rig.CHART_V1.replace("0.1.0", "0.2.0");
      scm.commitFile(change("main", Optional.of(Rig.CHART_V1), v2));
      String head = github.head("main").orElseThrow();

      CommitResult again = scm.commitFile(change("main", Optional.of(Rig.CHART_V1), v2));

      assertThat(again).isEqualTo(new CommitResult.Unchanged(head));
      assertThat(github.head("main")).contains(head);
    }

    @Test
    @DisplayName("a file with other content than expected is never clobbered")
    void conflict() {
      String theirs = Rig.CHART_V1.replace("0.1.0", "0.1.5");
      rig.commit("main", "someone else", Map.of(Rig.CHART, theirs));

      assertThatThrownBy(() -> scm.commitFile(change("main", Optional.of(Rig.CHART_V1), "mine\n")))
          .isInstanceOf(ConcurrentModificationException.class)
          .hasMessageContaining("main:" + Rig.CHART);
      assertThat(github.fileAt("main", Rig.CHART)).contains(theirs);
    }

    @Test
    @DisplayName("an existing file is a conflict when none was expected")
    void unexpectedFile() {
      assertThatThrownBy(() -> scm.commitFile(change("main", Optional.empty(), "new\n")))
          .isInstanceOf(ConcurrentModificationException.class)
          .satisfies(
              e ->
                  assertThat(((ConcurrentModificationException) e).expected())
                      .isEqualTo("no file"));
    }

    @Test
    @DisplayName(
        "a change that lands between the read and the write makes GitHub answer 409; the file is read again and the newer change kept")
    void raceLost() {
      String theirs = Rig.CHART_V1.replace("0.1.0", "0.1.9");
      github.beforeNext(
          "PUT", "/contents/", () -> github.commit("main", "racer", Map.of(Rig.CHART, theirs)));

      assertThatThrownBy(() -> scm.commitFile(change("main", Optional.of(Rig.CHART_V1), "mine\n")))
          .isInstanceOf(ConcurrentModificationException.class);
      assertThat(github.fileAt("main", Rig.CHART)).contains(theirs);
    }

    @Test
    @DisplayName(
        "a change elsewhere in the branch does not block the write: the file's blob is the compare-and-swap")
    void otherFileChanged() {
      github.beforeNext(
          "PUT",
          "/contents/",
          () -> github.commit("main", "other file", Map.of("README.md", "x\n")));
      String v2 = Rig.CHART_V1.replace("0.1.0", "0.2.0");

      assertThat(scm.commitFile(change("main", Optional.of(Rig.CHART_V1), v2)))
          .isInstanceOf(CommitResult.Committed.class);
      assertThat(github.fileAt("main", "README.md")).contains("x\n");
      assertThat(github.fileAt("main", Rig.CHART)).contains(v2);
    }

    @Test
    @DisplayName("a missing branch is a ReferenceNotFoundException")
    void missingBranch() {
      assertThatThrownBy(() -> scm.commitFile(change("nope", Optional.of(Rig.CHART_V1), "x\n")))
          .isInstanceOf(ReferenceNotFoundException.class);
    }
  }

  @Nested
  @DisplayName("creating branches")
  class Branches {
    @Test
    @DisplayName("a branch is created at a commit given by full or short id")
    void creates() {
      assertThat(scm.createBranch("hotfix-0-1-1", rig.initialCommit.substring(0, 8)))
          .isEqualTo(new BranchResult.Created("hotfix-0-1-1", rig.initialCommit));
      assertThat(github.head("hotfix-0-1-1")).contains(rig.initialCommit);
    }

    @Test
    @DisplayName("an existing branch is left alone and reported with its head")
    void existing() {
      String second = rig.commit("main", "Second", Map.of("a", "b"));

      assertThat(scm.createBranch("main", rig.initialCommit))
          .isEqualTo(new BranchResult.AlreadyExists("main", second));
      assertThat(github.head("main")).contains(second);
    }

    @Test
    @DisplayName("a commit GitHub does not have is a ReferenceNotFoundException")
    void missingCommit() {
      assertThatThrownBy(() -> scm.createBranch("x", "0".repeat(40)))
          .isInstanceOf(ReferenceNotFoundException.class);
    }
  }

  @Nested
  @DisplayName("tags and releases")
  class Releases {
    private String second;

    @BeforeEach
    void history() {
      github.tag("v0.1.0", rig.initialCommit);
      rig.commit(
          "main", "Add ingress", Map.of("charts/api/templates/ingress.yaml", "kind: Ingress\n"));
      second = rig.commit("main", "Fix probe timeout\n\nLonger text.", Map.of("x", "y"));
    }

    @Test
    @DisplayName(
        "a release creates the tag at the given commit, with GitHub's notes and the commit subjects since the previous tag")
    void creates() {
      ReleaseResult result =
          scm.createRelease(new ReleaseRequest("v0.2.0", second, "v0.2.0", Optional.of("v0.1.0")));

      assertThat(result).isInstanceOf(ReleaseResult.Created.class);
      Release release = result.release();
      assertThat(release.commit()).isEqualTo(second);
      assertThat(release.notes())
          .contains("**Full Changelog**: https://github.com/acme/api/compare/v0.1.0...v0.2.0")
          .contains("- Fix probe timeout (" + second.substring(0, 7) + ")")
          .contains("- Add ingress")
          .doesNotContain("Initial chart");
      assertThat(release.url()).contains("https://github.com/acme/api/releases/tag/v0.2.0");
      assertThat(github.tagCommit("v0.2.0")).contains(second);
      assertThat(github.release("v0.2.0").orElseThrow().makeLatest).isEqualTo("legacy");
    }

    @Test
    @DisplayName("without a previous tag the notes list every commit")
    void firstRelease() {
      Release release =
          scm.createRelease(new ReleaseRequest("v0.2.0", second, "v0.2.0", Optional.empty()))
              .release();

      assertThat(release.notes()).contains("Initial chart", "Add ingress", "Fix probe timeout");
    }

    @Test
    @DisplayName(
        "creating a release that exists at the same commit writes nothing and says AlreadyExists")
    void idempotent() {
      ReleaseRequest request =
          new ReleaseRequest("v0.2.0", second, "v0.2.0", Optional.of("v0.1.0"));
      Release first = scm.createRelease(request).release();

      ReleaseResult again = scm.createRelease(request);

      assertThat(again).isEqualTo(new ReleaseResult.AlreadyExists(first));
      assertThat(github.releases()).hasSize(1);
    }

    @Test
    @DisplayName("a release or tag at another commit is a TagConflictException and nothing moves")
    void conflict() {
      scm.createRelease(new ReleaseRequest("v0.2.0", second, "v0.2.0", Optional.of("v0.1.0")));

      assertThatThrownBy(
              () ->
                  scm.createRelease(
                      new ReleaseRequest("v0.2.0", rig.initialCommit, "v0.2.0", Optional.empty())))
          .isInstanceOf(TagConflictException.class)
          .satisfies(
              e -> assertThat(((TagConflictException) e).existingCommit()).isEqualTo(second));
      github.tag("v0.3.0", rig.initialCommit);
      assertThatThrownBy(
              () ->
                  scm.createRelease(
                      new ReleaseRequest("v0.3.0", second, "v0.3.0", Optional.empty())))
          .isInstanceOf(TagConflictException.class);
      assertThat(github.release("v0.3.0")).isEmpty();
    }

    @Test
    @DisplayName(
        "when only the tag exists at the commit (a crash between the two steps), the release is created on it")
    void tagOnly() {
      github.annotatedTag("v0.2.0", second, "annotated");

      ReleaseResult result =
          scm.createRelease(
              new ReleaseRequest("v0.2.0", second, "Release 0.2.0", Optional.of("v0.1.0")));

      assertThat(result).isInstanceOf(ReleaseResult.Created.class);
      assertThat(result.release().name()).isEqualTo("Release 0.2.0");
      assertThat(result.release().commit()).isEqualTo(second);
    }

    @Test
    @DisplayName(
        "a previous tag that does not exist is a ReferenceNotFoundException and no release is made")
    void missingPrevious() {
      assertThatThrownBy(
              () ->
                  scm.createRelease(
                      new ReleaseRequest("v0.2.0", second, "v0.2.0", Optional.of("v0.0.9"))))
          .isInstanceOf(ReferenceNotFoundException.class);
      assertThat(github.releases()).isEmpty();
    }

    @Test
    @DisplayName("a release is found by its tag, with the commit its tag points at")
    void find() {
      scm.createRelease(new ReleaseRequest("v0.2.0", second, "v0.2.0", Optional.of("v0.1.0")));

      assertThat(scm.findRelease("v0.2.0"))
          .hasValueSatisfying(r -> assertThat(r.commit()).isEqualTo(second));
      assertThat(scm.findRelease("v9.9.9")).isEmpty();
    }

    @Test
    @DisplayName("tags are listed completely across pages, sorted by name, with peeled commits")
    void listsTags() {
      IntStream.range(0, 130).forEach(i -> github.tag(String.format("build-%03d", i), second));
      github.annotatedTag("v0.1.1", second, "annotated");

      List<Tag> tags = scm.listTags();

      assertThat(tags).hasSize(132);
      assertThat(tags.get(0)).isEqualTo(new Tag("build-000", second));
      assertThat(tags).contains(new Tag("v0.1.0", rig.initialCommit), new Tag("v0.1.1", second));
      assertThat(tags).isSortedAccordingTo((a, b) -> a.name().compareTo(b.name()));
      assertThat(scm.findTag("v0.1.1")).contains(new Tag("v0.1.1", second));
      assertThat(scm.findTag("v0.1")).isEmpty();
    }

    @Test
    @DisplayName("text is appended to release notes once, on its own line")
    void appends() {
      scm.createRelease(new ReleaseRequest("v0.2.0", second, "v0.2.0", Optional.of("v0.1.0")));
      String line = "- **stage**: promoted by @alice at 2026-03-02T10:00:00Z";

      Release once = scm.appendToReleaseNotes("v0.2.0", line);
      Release twice = scm.appendToReleaseNotes("v0.2.0", line);

      assertThat(once.notes()).endsWith("\n" + line);
      assertThat(twice.notes()).isEqualTo(once.notes());
      assertThat(
              github
                  .release("v0.2.0")
                  .orElseThrow()
                  .body
                  .split(java.util.regex.Pattern.quote(line), -1))
          .hasSize(2);
    }

    @Test
    @DisplayName("appending to a release that does not exist is a ReferenceNotFoundException")
    void appendMissing() {
      assertThatThrownBy(() -> scm.appendToReleaseNotes("v9.9.9", "x"))
          .isInstanceOf(ReferenceNotFoundException.class);
    }
  }

  @Nested
  @DisplayName("draft pull requests")
  class PullRequests {
    @BeforeEach
    void hotfixBranch() {
      github.branch("hotfix-0-1-1", rig.initialCommit);
      rig.commit("hotfix-0-1-1", "Bump to 0.1.1", Map.of(Rig.CHART, "version: 0.1.1\n"));
    }

    @Test
    @DisplayName("a draft pull request is opened, and opening it again returns the same one")
    void opensOnce() {
      PullRequestRequest request =
          new PullRequestRequest("hotfix-0-1-1", "main", "Hotfix 0.1.1", "From v0.1.0");

      PullRequestResult opened = scm.openDraftPullRequest(request);
      PullRequestResult again = scm.openDraftPullRequest(request);

      assertThat(opened).isInstanceOf(PullRequestResult.Opened.class);
      assertThat(again).isEqualTo(new PullRequestResult.AlreadyOpen(opened.pullRequest()));
      PullRequest first = opened.pullRequest();
      assertThat(first.draft()).isTrue();
      assertThat(first.head()).isEqualTo("hotfix-0-1-1");
      assertThat(first.url()).contains("https://github.com/acme/api/pull/" + first.number());
      assertThat(github.pulls()).hasSize(1);
    }

    @Test
    @DisplayName("a missing head or base branch is a ReferenceNotFoundException")
    void missingBranch() {
      assertThatThrownBy(
              () -> scm.openDraftPullRequest(new PullRequestRequest("nope", "main", "t", "b")))
          .isInstanceOf(ReferenceNotFoundException.class);
      assertThatThrownBy(
              () ->
                  scm.openDraftPullRequest(
                      new PullRequestRequest("hotfix-0-1-1", "nope", "t", "b")))
          .isInstanceOf(ReferenceNotFoundException.class);
    }

    @Test
    @DisplayName(
        "a repository without draft pull requests says so with an UnsupportedCapabilityException")
    void draftsUnsupported() {
      github.draftPullRequests(false);

      assertThatThrownBy(
              () ->
                  scm.openDraftPullRequest(
                      new PullRequestRequest("hotfix-0-1-1", "main", "t", "b")))
          .isInstanceOf(UnsupportedCapabilityException.class);
      assertThat(github.pulls()).isEmpty();
    }

    @Test
    @DisplayName("a head with nothing to merge is refused with advice")
    void nothingToMerge() {
      github.branch("empty", rig.initialCommit);

      assertThatThrownBy(
              () -> scm.openDraftPullRequest(new PullRequestRequest("empty", "main", "t", "b")))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("nothing to merge");
    }
  }

  @Nested
  @DisplayName("workflow dispatch")
  class WorkflowDispatches {
    @BeforeEach
    void workflow() {
      github.workflow(
          "publish-dev.yaml",
          "publish-dev ${{ inputs.promotion_key }}",
          Set.of("promotion_key", "version"));
    }

    private WorkflowDispatch dispatch(String key) {
      return new WorkflowDispatch("publish-dev.yaml", "main", Map.of("version", "0.2.1"), key);
    }

    @Test
    @DisplayName(
        "a dispatch sends the inputs and the key as promotion_key; the same key again sends nothing")
    void idempotentByKey() {
      DispatchResult first = scm.dispatchWorkflow(dispatch("release-v0.2.0-next-dev"));
      DispatchResult again = scm.dispatchWorkflow(dispatch("release-v0.2.0-next-dev"));

      assertThat(first).isInstanceOf(DispatchResult.Dispatched.class);
      assertThat(again).isInstanceOf(DispatchResult.AlreadyDispatched.class);
      assertThat(github.runs())
          .singleElement()
          .satisfies(
              run -> {
                assertThat(run.inputs())
                    .containsEntry("promotion_key", "release-v0.2.0-next-dev")
                    .containsEntry("version", "0.2.1");
                assertThat(run.displayTitle()).isEqualTo("publish-dev release-v0.2.0-next-dev");
              });
    }

    @Test
    @DisplayName("a key is matched whole: release-v0.2.0 is not taken for release-v0.2.0-next")
    void wholeKey() {
      scm.dispatchWorkflow(dispatch("release-v0.2.0-next"));

      assertThat(scm.dispatchWorkflow(dispatch("release-v0.2.0")))
          .isInstanceOf(DispatchResult.Dispatched.class);
      assertThat(github.runs()).hasSize(2);
    }

    @Test
    @DisplayName("a run GitHub registers late is waited for, so that a re-run right after finds it")
    void lateRegistration() {
      github.runRegistrationDelay(2);

      scm.dispatchWorkflow(dispatch("k1"));

      assertThat(rig.sleeper.waits()).isNotEmpty();
      assertThat(scm.dispatchWorkflow(dispatch("k1")))
          .isInstanceOf(DispatchResult.AlreadyDispatched.class);
    }

    @Test
    @DisplayName("a missing workflow or ref is a ReferenceNotFoundException")
    void missing() {
      assertThatThrownBy(
              () -> scm.dispatchWorkflow(new WorkflowDispatch("nope.yaml", "main", Map.of(), "k")))
          .isInstanceOf(ReferenceNotFoundException.class);
      assertThatThrownBy(
              () ->
                  scm.dispatchWorkflow(
                      new WorkflowDispatch("publish-dev.yaml", "nope", Map.of(), "k")))
          .isInstanceOf(ReferenceNotFoundException.class);
    }

    @Test
    @DisplayName("a workflow that does not declare promotion_key is refused with the fix")
    void undeclaredKeyInput() {
      github.workflow("bump.yaml", null, Set.of("level"));

      assertThatThrownBy(
              () -> scm.dispatchWorkflow(new WorkflowDispatch("bump.yaml", "main", Map.of(), "k")))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("promotion_key")
          .hasMessageContaining("run-name");
    }

    @Test
    @DisplayName(
        "an input named promotion_key that differs from the key is rejected before anything is sent")
    void reservedInput() {
      Map<String, String> inputs = new HashMap<>(Map.of("promotion_key", "other"));

      assertThatThrownBy(
              () ->
                  scm.dispatchWorkflow(
                      new WorkflowDispatch("publish-dev.yaml", "main", inputs, "k")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(github.runs()).isEmpty();
    }
  }

  @Nested
  @DisplayName("repository dispatch")
  class RepositoryDispatches {
    @Test
    @DisplayName("the event is sent with its client payload")
    void sends() {
      scm.repositoryDispatch(
          "update-manifest", Map.of("environment", "stg", "digest", "sha256:abc"));

      assertThat(github.repositoryDispatches())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.eventType()).isEqualTo("update-manifest");
                assertThat(d.clientPayload().get("digest").asText()).isEqualTo("sha256:abc");
              });
    }

    @Test
    @DisplayName("more than 10 client_payload properties are refused before anything is sent")
    void tooManyProperties() {
      Map<String, Object> payload = new HashMap<>();
      IntStream.range(0, 11).forEach(i -> payload.put("p" + i, i));

      assertThatThrownBy(() -> scm.repositoryDispatch("update-manifest", payload))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at most 10");
      rig.server
          .wireMock()
          .verify(exactly(0), postRequestedFor(urlPathEqualTo("/repos/acme/api/dispatches")));
    }

    @Test
    @DisplayName("exactly 10 properties are accepted")
    void tenProperties() {
      Map<String, Object> payload = new HashMap<>();
      IntStream.range(0, 10).forEach(i -> payload.put("p" + i, i));

      scm.repositoryDispatch("update-manifest", payload);

      assertThat(github.repositoryDispatches()).hasSize(1);
    }
  }
}
