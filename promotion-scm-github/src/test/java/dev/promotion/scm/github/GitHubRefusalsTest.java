package dev.promotion.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.BackendException;
import dev.promotion.error.TagConflictException;
import dev.promotion.scm.github.fake.FakeGitHub;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import dev.promotion.spi.BranchResult;
import dev.promotion.spi.CommitResult;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.ReleaseResult;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Refusals that are permanent (branch rules) versus races (a stale blob id, a moved ref), and the
 * ref-creation answers GitHub gives without saying why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("GitHubSourceControl when GitHub refuses a write")
class GitHubRefusalsTest {
  private static final String REPO = "/repos/acme/api";
  private static final String CHART_V2 = "apiVersion: v2\nname: api\nversion: 0.2.0\n";

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

  private static FileCommit bump() {
    return new FileCommit(
        "main", Rig.CHART, Optional.of(Rig.CHART_V1), CHART_V2, "Bump to 0.2.0", "alice");
  }

  private void putContentsPath(int verifyCount) {
    server
        .wireMock()
        .verify(exactly(verifyCount), putRequestedFor(urlPathMatching(REPO + "/contents/.*")));
  }

  @Nested
  @DisplayName("branch rules on a file commit")
  class BranchRules {
    @Test
    @DisplayName(
        "a ruleset that requires pull requests (409 'Repository rule violations found') ends at once in a non-retryable error that suggests write: pull-request")
    void ruleset() {
      github.requirePullRequest("main");

      assertThatThrownBy(() -> scm.commitFile(bump()))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("Repository rule violations found")
          .hasMessageContaining("Changes must be made through a pull request")
          .hasMessageContaining("write: pull-request")
          .hasMessageNotContaining(Rig.TOKEN);
      putContentsPath(1);
      assertThat(github.fileAt("main", Rig.CHART)).contains(Rig.CHART_V1);
    }

    @Test
    @DisplayName(
        "classic branch protection (422 'Protected branch update failed') ends at once in a non-retryable error that suggests write: pull-request")
    void classicProtection() {
      github.protect("main");

      assertThatThrownBy(() -> scm.commitFile(bump()))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("Protected branch update failed for refs/heads/main")
          .hasMessageContaining("write: pull-request");
      putContentsPath(1);
      assertThat(github.fileAt("main", Rig.CHART)).contains(Rig.CHART_V1);
    }

    @Test
    @DisplayName("a rule on another branch does not stop a commit to this one")
    void otherBranch() {
      github.protect("release").requirePullRequest("production");

      assertThat(scm.commitFile(bump())).isInstanceOf(CommitResult.Committed.class);
      assertThat(github.fileAt("main", Rig.CHART)).contains(CHART_V2);
    }

    @Test
    @DisplayName(
        "a 409 that says the branch moved ('expected to be at') is a race: read again and written again")
    void movedRef() {
      String scenario = "moved-" + System.nanoTime();
      server
          .wireMock()
          .stubFor(
              put(urlPathMatching(REPO + "/contents/.*"))
                  .atPriority(1)
                  .inScenario(scenario)
                  .whenScenarioStateIs(STARTED)
                  .willReturn(
                      aResponse()
                          .withStatus(409)
                          .withHeader("Content-Type", "application/json")
                          .withBody(
                              "{\"message\":\"refs/heads/main expected to be at"
                                  + " e765253c2a06ed7f025ee5c971f0988e54437aca\"}"))
                  .willSetStateTo("done"));

      assertThat(scm.commitFile(bump())).isInstanceOf(CommitResult.Committed.class);
      putContentsPath(2);
    }

    @Test
    @DisplayName(
        "a 409 that is neither a stale blob id, a moved branch nor a rule is not taken for a race")
    void otherConflict() {
      server
          .wireMock()
          .stubFor(
              put(urlPathMatching(REPO + "/contents/.*"))
                  .atPriority(1)
                  .willReturn(
                      aResponse()
                          .withStatus(409)
                          .withHeader("Content-Type", "application/json")
                          .withBody("{\"message\":\"Git Repository is empty.\"}")));

      assertThatThrownBy(() -> scm.commitFile(bump()))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("Git Repository is empty");
      putContentsPath(1);
    }
  }

  @Nested
  @DisplayName("422 'Reference update failed' on creating a tag or branch")
  class ReferenceUpdateFailed {
    private void verifyRefPosts(int count) {
      server
          .wireMock()
          .verify(exactly(count), postRequestedFor(urlPathEqualTo(REPO + "/git/refs")));
    }

    @Test
    @DisplayName("once (intermittent): the ref is read again, found missing and created again")
    void intermittentTag() {
      github.failReferenceUpdates("refs/tags/v0.1.0", 1);

      ReleaseResult result =
          scm.createRelease(
              new ReleaseRequest("v0.1.0", rig.initialCommit, "v0.1.0", Optional.empty()));

      assertThat(result).isInstanceOf(ReleaseResult.Created.class);
      assertThat(github.tagCommit("v0.1.0")).contains(rig.initialCommit);
      verifyRefPosts(2);
    }

    @Test
    @DisplayName(
        "for good: a bounded number of attempts, then a non-retryable error naming rulesets and draft releases")
    void permanentBranch() {
      github.failReferenceUpdates("refs/heads/hotfix-0-1-1", Integer.MAX_VALUE);

      assertThatThrownBy(() -> scm.createBranch("hotfix-0-1-1", rig.initialCommit))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("Reference update failed")
          .hasMessageContaining("ruleset")
          .hasMessageContaining("draft release")
          .hasMessageNotContaining(Rig.TOKEN);
      verifyRefPosts(Commits.MAX_WRITE_ATTEMPTS);
      assertThat(github.head("hotfix-0-1-1")).isEmpty();
    }

    @Test
    @DisplayName("for good on a release tag: the release is not created either")
    void permanentTag() {
      github.failReferenceUpdates("refs/tags/v0.1.0", Integer.MAX_VALUE);

      assertThatThrownBy(
              () ->
                  scm.createRelease(
                      new ReleaseRequest("v0.1.0", rig.initialCommit, "v0.1.0", Optional.empty())))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("tag v0.1.0")
          .hasMessageContaining("draft release");
      assertThat(github.releases()).isEmpty();
    }

    @Test
    @DisplayName("when the ref now exists at the wanted commit, the creation is done")
    void existsAtWantedCommit() {
      github.failReferenceUpdates("refs/tags/v0.1.0", Integer.MAX_VALUE);
      github.beforeNext("POST", "/git/refs$", () -> github.tag("v0.1.0", rig.initialCommit));

      ReleaseResult result =
          scm.createRelease(
              new ReleaseRequest("v0.1.0", rig.initialCommit, "v0.1.0", Optional.empty()));

      assertThat(result).isInstanceOf(ReleaseResult.Created.class);
      assertThat(github.release("v0.1.0")).isPresent();
      verifyRefPosts(1);
    }

    @Test
    @DisplayName(
        "when the ref now exists at another commit, it is the usual conflict: TagConflictException, or AlreadyExists for a branch")
    void existsElsewhere() {
      String other = rig.commit("main", "other", Map.of("x", "y"));
      github.failReferenceUpdates("refs/tags/v0.1.0", Integer.MAX_VALUE);
      github.beforeNext("POST", "/git/refs$", () -> github.tag("v0.1.0", other));
      github.failReferenceUpdates("refs/heads/hotfix-0-1-1", Integer.MAX_VALUE);

      assertThatThrownBy(
              () ->
                  scm.createRelease(
                      new ReleaseRequest("v0.1.0", rig.initialCommit, "v0.1.0", Optional.empty())))
          .isInstanceOf(TagConflictException.class);

      github.beforeNext("POST", "/git/refs$", () -> github.branch("hotfix-0-1-1", other));
      assertThat(scm.createBranch("hotfix-0-1-1", rig.initialCommit))
          .isEqualTo(new BranchResult.AlreadyExists("hotfix-0-1-1", other));
    }
  }
}
