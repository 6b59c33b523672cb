package dev.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.AmbiguousCommitException;
import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.error.InvalidReferenceException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.error.TagConflictException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.spi.DeploymentRequest;
import dev.promotion.spi.DeploymentState;
import dev.promotion.spi.DeploymentStatus;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.PullRequest;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.WorkflowDispatch;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InMemorySourceControl beyond the contract")
class InMemorySourceControlTest {
  private final MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");
  private final InMemorySourceControl scm = new InMemorySourceControl(clock);

  @Test
  @DisplayName("identical histories give identical commit ids")
  void deterministicIds() {
    InMemorySourceControl other =
        new InMemorySourceControl(MutableClock.at("2026-03-02T09:00:00Z"));

    String a =
        scm.branch("main").commit("Add chart", Map.of("charts/api/Chart.yaml", "version: 0.1.0\n"));
    String b =
        other
            .branch("main")
            .commit("Add chart", Map.of("charts/api/Chart.yaml", "version: 0.1.0\n"));

    assertThat(a).isEqualTo(b).matches("[0-9a-f]{40}");
  }

  @Test
  @DisplayName("a commit id depends on the parent, files, message, author and time")
  void idsDependOnContent() {
    String base = scm.branch("main").commit("Add chart", Map.of("a", "1"));
    String sameFiles =
        new InMemorySourceControl(clock).branch("main").commit("Other subject", Map.of("a", "1"));
    clock.advance(Duration.ofSeconds(1));
    String later =
        new InMemorySourceControl(clock).branch("main").commit("Add chart", Map.of("a", "1"));

    assertThat(List.of(base, sameFiles, later)).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("commits record parent, message, author, time and a snapshot of every file")
  void commitRecords() {
    String first =
        scm.branch("main").commit("Add chart\n\nWith a body.", Map.of("a", "1", "b", "2"));
    clock.advance(Duration.ofMinutes(5));
    scm.commitFile(new FileCommit("main", "a", Optional.of("1"), "3", "Change a", "alice"));

    List<InMemorySourceControl.Commit> log = scm.commits("main");

    assertThat(log).hasSize(2);
    InMemorySourceControl.Commit head = log.get(0);
    assertThat(head.parent()).contains(first);
    assertThat(head.subject()).isEqualTo("Change a");
    assertThat(head.author()).isEqualTo("alice");
    assertThat(head.time()).isEqualTo(Instant.parse("2026-03-02T09:05:00Z"));
    assertThat(head.files()).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
    assertThat(log.get(1).subject()).isEqualTo("Add chart");
    assertThat(log.get(1).author()).isEqualTo(InMemorySourceControl.SEED_AUTHOR);
    assertThat(scm.commit(first)).contains(log.get(1));
  }

  @Test
  @DisplayName(
      "a file committed as bytes that are not UTF-8 is refused on read and on commit, as git"
          + " source controls refuse it; UTF-8 bytes read back as text, other files stay readable")
  void notUtf8() {
    byte[] latin1 = "name: Caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    scm.branch("main")
        .commitBytes(
            "Add files",
            Map.of(
                "latin1.yaml",
                latin1,
                "utf8.yaml",
                "name: Caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    String head = scm.branchHead("main").orElseThrow();

    InvalidManifestException read =
        catchThrowableOfType(
            InvalidManifestException.class, () -> scm.readFile("main", "latin1.yaml"));
    assertThatThrownBy(
            () ->
                scm.commitFile(
                    new FileCommit(
                        "main", "latin1.yaml", Optional.of("x"), "y", "Change it", "alice")))
        .isInstanceOf(InvalidManifestException.class);

    assertThat(read.path()).isEqualTo("main:latin1.yaml");
    assertThat(scm.readFile("main", "utf8.yaml")).contains("name: Caf\u00e9\n");
    assertThat(scm.branchHead("main")).contains(head);
    scm.branch("main").commit("Fix the encoding", Map.of("latin1.yaml", "name: Cafe\n"));
    assertThat(scm.readFile("main", "latin1.yaml")).contains("name: Cafe\n");
    assertThatThrownBy(() -> scm.readFile(head, "latin1.yaml"))
        .isInstanceOf(InvalidManifestException.class);
  }

  @Test
  @DisplayName("resolves refs/heads/ and refs/tags/ names and upper-case ids")
  void qualifiedRefs() {
    String id = scm.branch("main").commit("Add chart", Map.of("a", "1"));
    scm.tag("v0.1.0", id);

    assertThat(scm.resolveCommit("refs/heads/main")).isEqualTo(id);
    assertThat(scm.resolveCommit("refs/tags/v0.1.0")).isEqualTo(id);
    assertThat(scm.resolveCommit(id.toUpperCase(Locale.ROOT))).isEqualTo(id);
    assertThatThrownBy(() -> scm.resolveCommit("refs/tags/main"))
        .isInstanceOf(ReferenceNotFoundException.class);
  }

  @Test
  @DisplayName("a short id needs at least 4 characters")
  void shortIdMinimum() {
    String id = scm.branch("main").commit("Add chart", Map.of("a", "1"));

    assertThat(scm.resolveCommit(id.substring(0, 4))).isEqualTo(id);
    assertThatThrownBy(() -> scm.resolveCommit(id.substring(0, 3)))
        .isInstanceOf(ReferenceNotFoundException.class);
  }

  @Test
  @DisplayName("an ambiguous short id is not resolved")
  void ambiguousShortId() {
    Map<String, String> byPrefix = new HashMap<>();
    String ambiguous = null;
    for (int i = 0; ambiguous == null; i++) {
      String id = scm.branch("main").commit("Commit " + i, Map.of("n", Integer.toString(i)));
      String earlier = byPrefix.putIfAbsent(id.substring(0, 4), id);
      if (earlier != null) {
        ambiguous = id.substring(0, 4);
      }
    }
    String prefix = ambiguous;

    AmbiguousCommitException e =
        catchThrowableOfType(AmbiguousCommitException.class, () -> scm.resolveCommit(prefix));

    assertThat(e).isInstanceOf(ReferenceNotFoundException.class);
    assertThat(e.reference()).isEqualTo(prefix);
    assertThat(e.candidates()).hasSize(2).allMatch(c -> c.startsWith(prefix));
    assertThat(e)
        .hasMessageStartingWith("Short commit id '" + prefix + "' is ambiguous: it matches 2")
        .hasMessageContaining(e.candidates().get(0))
        .hasMessageEndingWith("Use the full commit id.");
  }

  @Test
  @DisplayName("release notes list subjects oldest first, like GitHub's generated notes")
  void notesFormat() {
    String first = scm.branch("main").commit("Add chart", Map.of("a", "1"));
    scm.tag("v0.1.0", first);
    scm.branch("main").commit("Add health endpoint\n\nDetails.", Map.of("b", "1"));
    String head = scm.branch("main").commit("Fix config parsing", Map.of("c", "1"));

    Release release =
        scm.createRelease(new ReleaseRequest("v0.2.0", head, "v0.2.0", Optional.of("v0.1.0")))
            .release();

    assertThat(release.notes())
        .isEqualTo(
            "## What's Changed\n"
                + "* Add health endpoint\n"
                + "* Fix config parsing\n"
                + "\n"
                + "**Full Changelog**: v0.1.0...v0.2.0\n");
    assertThat(release.url()).isEmpty();
    assertThat(scm.releases()).containsExactly(release);
  }

  @Test
  @DisplayName("a previous tag that does not exist is not found, and nothing is created")
  void unknownPreviousTag() {
    String head = scm.branch("main").commit("Add chart", Map.of("a", "1"));

    assertThatThrownBy(
            () ->
                scm.createRelease(
                    new ReleaseRequest("v0.2.0", head, "v0.2.0", Optional.of("v0.1.0"))))
        .isInstanceOf(ReferenceNotFoundException.class);

    assertThat(scm.findTag("v0.2.0")).isEmpty();
  }

  @Test
  @DisplayName("commits and releases take a full commit id, not a name")
  void fullIdsOnly() {
    String head = scm.branch("main").commit("Add chart", Map.of("a", "1"));

    assertThatThrownBy(() -> scm.createBranch("feature", "main"))
        .isInstanceOf(ReferenceNotFoundException.class);
    assertThatThrownBy(() -> scm.createBranch("feature", head.substring(0, 7)))
        .isInstanceOf(ReferenceNotFoundException.class);
    assertThatThrownBy(
            () ->
                scm.createRelease(new ReleaseRequest("v1.0.0", "main", "v1.0.0", Optional.empty())))
        .isInstanceOf(ReferenceNotFoundException.class);
  }

  @Test
  @DisplayName("rejects names git rejects and paths that escape the repository")
  void validation() {
    String head = scm.branch("main").commit("Add chart", Map.of("a", "1"));

    assertThatThrownBy(() -> scm.createBranch("bad..name", head))
        .isInstanceOf(InvalidReferenceException.class);
    assertThatThrownBy(() -> scm.createBranch("with space", head))
        .isInstanceOf(InvalidReferenceException.class);
    assertThatThrownBy(() -> scm.readFile("main", "../etc/passwd"))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> scm.readFile("main", "/etc/passwd"))
        .isInstanceOf(InvalidNameException.class);
    assertThat(scm.readFile("main", ".github/workflows/x.yaml")).isEmpty();
  }

  @Test
  @DisplayName("a compare-and-swap conflict names the branch, the file and both contents")
  void conflictMessage() {
    scm.branch("main").commit("Add chart", Map.of("charts/api/Chart.yaml", "version: 0.1.1\n"));

    ConcurrentModificationException e =
        catchThrowableOfType(
            ConcurrentModificationException.class,
            () ->
                scm.commitFile(
                    new FileCommit(
                        "main",
                        "charts/api/Chart.yaml",
                        Optional.of("version: 0.1.0\n"),
                        "version: 0.1.2\n",
                        "Bump",
                        "ci")));

    assertThat(e.target()).isEqualTo("main:charts/api/Chart.yaml");
    assertThat(e.expected()).isEqualTo("content starting 'version: 0.1.0' (15 characters)");
    assertThat(e.actual()).isEqualTo("content starting 'version: 0.1.1' (15 characters)");
  }

  @Test
  @DisplayName("a closed pull request is not returned; opening again opens a new one")
  void closedPullRequest() {
    String head = scm.branch("main").commit("Add chart", Map.of("a", "1"));
    scm.createBranch("hotfix-0-1-1", head);
    PullRequestRequest request =
        new PullRequestRequest("hotfix-0-1-1", "main", "Hotfix", "Body text.");
    PullRequest first = scm.openDraftPullRequest(request).pullRequest();

    scm.closePullRequest(first.number());
    PullRequest second = scm.openDraftPullRequest(request).pullRequest();

    assertThat(first.number()).isEqualTo(1);
    assertThat(second.number()).isEqualTo(2);
    assertThat(scm.pullRequests()).containsExactly(first, second);
    assertThat(scm.openPullRequests()).containsExactly(second);
    assertThat(scm.pullRequestBody(1)).contains("Body text.");
    assertThat(scm.pullRequestBody(3)).isEmpty();
    assertThatThrownBy(() -> scm.closePullRequest(3))
        .isInstanceOf(ReferenceNotFoundException.class);
  }

  @Test
  @DisplayName("dispatches are recorded once per key, in order")
  void dispatchLog() {
    scm.branch("main")
        .commit(
            "Add workflow",
            Map.of(".github/workflows/publish-dev.yaml", "on: workflow_dispatch\n"));
    WorkflowDispatch first =
        new WorkflowDispatch("publish-dev.yaml", "main", Map.of("a", "1"), "k1");
    WorkflowDispatch second = new WorkflowDispatch("publish-dev.yaml", "main", Map.of(), "k2");

    scm.dispatchWorkflow(first);
    scm.dispatchWorkflow(second);
    scm.dispatchWorkflow(first);

    assertThat(scm.dispatches()).containsExactly(first, second);
  }

  @Test
  @DisplayName("a backend without pull requests or workflows names what it cannot do")
  void unsupported() {
    InMemorySourceControl plain =
        InMemorySourceControl.builder().withoutPullRequests().withoutWorkflowDispatch().build();

    UnsupportedCapabilityException e =
        catchThrowableOfType(
            UnsupportedCapabilityException.class,
            () -> plain.openDraftPullRequest(new PullRequestRequest("a", "b", "t", "")));

    assertThat(e.capability()).isEqualTo("open pull requests");
    assertThat(e)
        .hasMessage(
            "in-memory source control cannot open pull requests. Nothing was opened; open the pull request by hand.");
    assertThatThrownBy(
            () -> plain.dispatchWorkflow(new WorkflowDispatch("w.yaml", "main", Map.of(), "k")))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("cannot dispatch workflows");
    assertThat(plain.supportsPullRequests()).isFalse();
    assertThat(plain.supportsWorkflowDispatch()).isFalse();
    assertThat(plain.pullRequests()).isEmpty();
  }

  @Test
  @DisplayName("a backend without deployments names what it cannot do, and records nothing")
  void withoutDeployments() {
    InMemorySourceControl plain = InMemorySourceControl.builder().withoutDeployments().build();
    String head = plain.branch("main").commit("One", Map.of("a", "1"));
    DeploymentRequest request =
        new DeploymentRequest("k", head, "test", false, Map.of("app", "api"), "api to test");

    UnsupportedCapabilityException e =
        catchThrowableOfType(
            UnsupportedCapabilityException.class, () -> plain.recordDeployment(request));

    assertThat(e.capability()).isEqualTo("record deployments");
    assertThat(e).hasMessageContaining("Nothing was recorded");
    assertThatThrownBy(
            () ->
                plain.updateDeployment(
                    "1", new DeploymentStatus(DeploymentState.SUCCESS, "declared")))
        .isInstanceOf(UnsupportedCapabilityException.class);
    assertThatThrownBy(() -> plain.deployments("test", 0))
        .as("whatever the arguments")
        .isInstanceOf(UnsupportedCapabilityException.class);
    assertThat(plain.supportsDeployments()).isFalse();
    assertThat(scm.supportsDeployments()).isTrue();
  }

  @Test
  @DisplayName("an earlier deployment made inactive says which deployment replaced it")
  void inactiveNamesItsSuccessor() {
    String head = scm.branch("main").commit("One", Map.of("a", "1"));
    String first = succeed(head, "k1");
    String second = succeed(head, "k2");

    DeploymentStatus inactive =
        scm.deployments("prod", 10).stream()
            .filter(d -> d.id().equals(first))
            .findFirst()
            .orElseThrow()
            .statuses()
            .get(0);

    assertThat(inactive.state()).isEqualTo(DeploymentState.INACTIVE);
    assertThat(inactive.description()).isEqualTo("replaced by deployment " + second);
  }

  private String succeed(String ref, String key) {
    String id =
        scm.recordDeployment(
                new DeploymentRequest(key, ref, "prod", true, Map.of("app", "api"), "api to prod"))
            .id();
    scm.updateDeployment(id, new DeploymentStatus(DeploymentState.SUCCESS, "declared"));
    return id;
  }

  @Test
  @DisplayName("a seeding tag never moves")
  void seedingTag() {
    String first = scm.branch("main").commit("One", Map.of("a", "1"));
    String second = scm.branch("main").commit("Two", Map.of("a", "2"));
    scm.tag("v0.1.0", first);

    assertThat(scm.tag("v0.1.0", first)).isEqualTo(first);
    assertThatThrownBy(() -> scm.tag("v0.1.0", second)).isInstanceOf(TagConflictException.class);
    assertThat(scm.branches()).containsExactly(Map.entry("main", second));
  }

  @Test
  @DisplayName("a fresh instance has no commit, branch, tag, release, pull request or dispatch")
  void empty() {
    InMemorySourceControl fresh = new InMemorySourceControl();

    assertThat(fresh.branches()).isEmpty();
    assertThat(fresh.listTags()).isEmpty();
    assertThat(fresh.releases()).isEmpty();
    assertThat(fresh.pullRequests()).isEmpty();
    assertThat(fresh.dispatches()).isEmpty();
    assertThat(fresh.branch("main").head()).isEmpty();
    assertThatThrownBy(() -> fresh.commits("main")).isInstanceOf(ReferenceNotFoundException.class);
  }
}
