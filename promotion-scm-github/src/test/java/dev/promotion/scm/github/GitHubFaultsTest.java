package dev.promotion.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.promotion.error.BackendException;
import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.scm.github.fake.FakeGitHub;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import dev.promotion.spi.BranchResult;
import dev.promotion.spi.CommitResult;
import dev.promotion.spi.DispatchResult;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.ReleaseResult;
import dev.promotion.spi.WorkflowDispatch;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What each kind of failure ends in. Faults are WireMock stubs placed above the fake: they answer
 * instead of it (GitHub refused, nothing happened), or let it apply the request and then answer
 * badly (the write happened, the client cannot know).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("GitHubSourceControl under faults")
class GitHubFaultsTest {
  private static final String REPO = "/repos/acme/api";
  private static final String SECONDARY =
      "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before"
          + " you try again.\",\"documentation_url\":\"https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits\",\"status\":\"403\"}";

  private final FakeGitHubServer server = new FakeGitHubServer();
  private Rig rig;
  private FakeGitHub github;
  private WireMockServer wireMock;
  private GitHubSourceControl scm;

  @BeforeEach
  void freshRepository() {
    rig = new Rig(server);
    github = rig.github;
    wireMock = server.wireMock();
    scm = rig.scm();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  /** Answers {@code response} to the first matching request only; later ones reach the fake. */
  private void once(Supplier<MappingBuilder> request, ResponseDefinitionBuilder response) {
    times(1, request, response);
  }

  private void times(
      int count, Supplier<MappingBuilder> request, ResponseDefinitionBuilder response) {
    String scenario = "fault-" + System.nanoTime();
    for (int i = 0; i < count; i++) {
      String state = i == 0 ? STARTED : "after-" + i;
      wireMock.stubFor(
          request
              .get()
              .atPriority(1)
              .inScenario(scenario)
              .whenScenarioStateIs(state)
              .willReturn(response)
              .willSetStateTo("after-" + (i + 1)));
    }
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  private static ResponseDefinitionBuilder secondaryLimit(int retryAfterSeconds) {
    return json(403, SECONDARY).withHeader("Retry-After", String.valueOf(retryAfterSeconds));
  }

  @Nested
  @DisplayName("401 bad credentials")
  class Unauthorized {
    @Test
    @DisplayName(
        "a rejected token ends in a non-retryable BackendException that says to check the credentials, after one request")
    void rejectedToken() {
      GitHubSourceControl wrong =
          rig.builder().token("ghp_wrongwrongwrongwrongwrongwrongwrong1").build();

      assertThatThrownBy(() -> wrong.branchHead("main"))
          .isInstanceOfSatisfying(
              BackendException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.backend()).isEqualTo("github");
              })
          .hasMessageContaining("rejected the credentials (401: Bad credentials)");
      wireMock.verify(exactly(1), getRequestedFor(urlPathEqualTo(REPO)));
    }
  }

  @Nested
  @DisplayName("403 and 429 rate limits")
  class RateLimits {
    @Test
    @DisplayName(
        "a secondary limit with Retry-After is waited out for exactly that long, then the read succeeds")
    void secondaryOnRead() {
      once(() -> get(urlPathEqualTo(REPO + "/git/refs/heads/main")), secondaryLimit(7));

      assertThat(scm.branchHead("main")).contains(rig.initialCommit);
      assertThat(rig.sleeper.waits()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    @DisplayName(
        "a POST refused by a secondary limit was not processed, so it is sent again after the wait and the branch is created once")
    void secondaryOnPost() {
      once(() -> post(urlPathEqualTo(REPO + "/git/refs")), secondaryLimit(3));

      assertThat(scm.createBranch("hotfix-0-1-1", rig.initialCommit))
          .isInstanceOf(BranchResult.Created.class);
      assertThat(rig.sleeper.waits()).containsExactly(Duration.ofSeconds(3));
      wireMock.verify(exactly(2), postRequestedFor(urlPathEqualTo(REPO + "/git/refs")));
    }

    @Test
    @DisplayName("a secondary limit without Retry-After waits at least one minute")
    void secondaryWithoutRetryAfter() {
      once(() -> get(urlPathEqualTo(REPO + "/git/refs/heads/main")), json(403, SECONDARY));

      assertThat(scm.branchHead("main")).isPresent();
      assertThat(rig.sleeper.waits()).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    @DisplayName("an exhausted primary limit is waited out until x-ratelimit-reset")
    void primary() {
      long reset = rig.clock.instant().plusSeconds(30).getEpochSecond();
      once(
          () -> get(urlPathEqualTo(REPO + "/git/refs/heads/main")),
          json(403, "{\"message\":\"API rate limit exceeded for installation ID 4242.\"}")
              .withHeader("x-ratelimit-remaining", "0")
              .withHeader("x-ratelimit-reset", String.valueOf(reset)));

      assertThat(scm.branchHead("main")).isPresent();
      assertThat(rig.sleeper.waits()).containsExactly(Duration.ofSeconds(31));
    }

    @Test
    @DisplayName(
        "a limit that resets later than the bound fails at once, retryable, saying when to come back")
    void beyondBound() {
      once(
          () -> get(urlPathEqualTo(REPO + "/git/refs/heads/main")),
          json(429, "{\"message\":\"Too Many Requests\"}").withHeader("Retry-After", "3600"));

      assertThatThrownBy(() -> scm.branchHead("main"))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("rate limit")
          .hasMessageContaining(rig.clock.instant().plusSeconds(3600).toString());
      assertThat(rig.sleeper.waits()).isEmpty();
    }

    @Test
    @DisplayName("limits that keep coming are waited out at most the configured number of attempts")
    void bounded() {
      times(10, () -> get(urlPathEqualTo(REPO + "/git/refs/heads/main")), secondaryLimit(1));

      assertThatThrownBy(() -> scm.branchHead("main"))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue());
      assertThat(rig.sleeper.waits()).hasSize(Rig.FAST.maxAttempts() - 1);
      wireMock.verify(
          exactly(Rig.FAST.maxAttempts()),
          getRequestedFor(urlPathEqualTo(REPO + "/git/refs/heads/main")));
    }

    @Test
    @DisplayName(
        "a 403 without rate-limit signs is a permission problem: not retried, not retryable")
    void forbidden() {
      once(
          () -> put(urlPathMatching(REPO + "/contents/.*")),
          json(403, "{\"message\":\"Resource not accessible by integration\",\"status\":\"403\"}"));

      assertThatThrownBy(() -> scm.commitFile(bump()))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("Resource not accessible by integration")
          .hasMessageContaining("permissions");
      assertThat(rig.sleeper.waits()).isEmpty();
      wireMock.verify(exactly(1), putRequestedFor(urlPathMatching(REPO + "/contents/.*")));
    }
  }

  @Nested
  @DisplayName("404 not found")
  class NotFound {
    @Test
    @DisplayName(
        "a repository that does not exist or is not visible ends in a non-retryable BackendException naming it")
    void repository() {
      GitHubSourceControl other = rig.builder().repository("acme", "nope").token(Rig.TOKEN).build();

      assertThatThrownBy(() -> other.resolveCommit("main"))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("acme/nope does not exist or the credentials cannot see it");
    }
  }

  @Nested
  @DisplayName("404 on generate-notes")
  class NoGeneratedNotes {
    @Test
    @DisplayName(
        "a GitHub without the generate-notes endpoint still gets a release, whose notes list the commits")
    void olderEnterprise() {
      once(
          () -> post(urlPathEqualTo(REPO + "/releases/generate-notes")),
          json(404, "{\"message\":\"Not Found\"}"));

      ReleaseResult result =
          scm.createRelease(
              new ReleaseRequest("v0.1.0", rig.initialCommit, "v0.1.0", Optional.empty()));

      assertThat(result.release().notes())
          .isEqualTo("## Commits\n\n- Initial chart (" + rig.initialCommit.substring(0, 7) + ")\n");
    }
  }

  @Nested
  @DisplayName("409 and 422 conflicts")
  class Conflicts {
    @Test
    @DisplayName(
        "a 409 on the contents write is followed by a fresh read; when the file is still as expected the write is made again")
    void transientConflict() {
      once(
          () -> put(urlPathMatching(REPO + "/contents/.*")),
          json(409, "{\"message\":\"charts/api/Chart.yaml does not match abc\"}"));

      assertThat(scm.commitFile(bump())).isInstanceOf(CommitResult.Committed.class);
      wireMock.verify(exactly(2), putRequestedFor(urlPathMatching(REPO + "/contents/.*")));
    }

    @Test
    @DisplayName(
        "409s that keep coming end in a ConcurrentModificationException after the bounded attempts")
    void persistentConflict() {
      times(
          10,
          () -> put(urlPathMatching(REPO + "/contents/.*")),
          json(409, "{\"message\":\"does not match\"}"));

      assertThatThrownBy(() -> scm.commitFile(bump()))
          .isInstanceOf(ConcurrentModificationException.class);
      wireMock.verify(
          exactly(Commits.MAX_WRITE_ATTEMPTS),
          putRequestedFor(urlPathMatching(REPO + "/contents/.*")));
      assertThat(github.fileAt("main", Rig.CHART)).contains(Rig.CHART_V1);
    }

    @Test
    @DisplayName(
        "a 422 'Reference already exists' from a concurrent creator ends in AlreadyExists with that branch's head")
    void refRace() {
      String other = rig.commit("main", "other", Map.of("x", "y"));
      github.beforeNext("POST", "/git/refs", () -> github.branch("hotfix-0-1-1", other));

      assertThat(scm.createBranch("hotfix-0-1-1", rig.initialCommit))
          .isEqualTo(new BranchResult.AlreadyExists("hotfix-0-1-1", other));
    }

    @Test
    @DisplayName(
        "a 422 'already_exists' from a release made concurrently at the same commit ends in AlreadyExists")
    void releaseRace() {
      github.tag("v0.1.0", rig.initialCommit);
      github.beforeNext(
          "POST", "/releases$", () -> github.release("v0.1.0", "made by a concurrent run"));

      ReleaseResult result =
          scm.createRelease(
              new ReleaseRequest("v0.1.0", rig.initialCommit, "v0.1.0", Optional.empty()));

      assertThat(result).isInstanceOf(ReleaseResult.AlreadyExists.class);
      assertThat(result.release().notes()).isEqualTo("made by a concurrent run");
      assertThat(github.releases()).hasSize(1);
    }
  }

  @Nested
  @DisplayName("5xx answers")
  class ServerErrors {
    @Test
    @DisplayName("a read answered 502 twice is retried with backoff and succeeds")
    void readRetried() {
      times(
          2,
          () -> get(urlPathEqualTo(REPO + "/git/refs/heads/main")),
          aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"));

      assertThat(scm.branchHead("main")).contains(rig.initialCommit);
      assertThat(rig.sleeper.waits()).hasSize(2);
    }

    @Test
    @DisplayName(
        "a read that keeps failing ends in a retryable BackendException after the bounded attempts")
    void readGivesUp() {
      times(
          10,
          () -> get(urlPathEqualTo(REPO + "/git/refs/heads/main")),
          aResponse().withStatus(503));

      assertThatThrownBy(() -> scm.branchHead("main"))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("503");
      wireMock.verify(
          exactly(Rig.FAST.maxAttempts()),
          getRequestedFor(urlPathEqualTo(REPO + "/git/refs/heads/main")));
    }

    @Test
    @DisplayName(
        "a POST answered 502 after GitHub applied it is not sent again: a read finds the branch")
    void postAppliedThenFailed() {
      once(
          () -> post(urlPathEqualTo(REPO + "/git/refs")),
          FakeGitHubServer.processedThenAnswer(502));

      assertThat(scm.createBranch("hotfix-0-1-1", rig.initialCommit))
          .isEqualTo(new BranchResult.Created("hotfix-0-1-1", rig.initialCommit));
      wireMock.verify(exactly(1), postRequestedFor(urlPathEqualTo(REPO + "/git/refs")));
    }

    @Test
    @DisplayName(
        "a POST answered 502 without being applied is sent again only after a read shows it did not happen")
    void postFailedNotApplied() {
      once(() -> post(urlPathEqualTo(REPO + "/git/refs")), aResponse().withStatus(502));

      assertThat(scm.createBranch("hotfix-0-1-1", rig.initialCommit))
          .isInstanceOf(BranchResult.Created.class);
      wireMock.verify(exactly(2), postRequestedFor(urlPathEqualTo(REPO + "/git/refs")));
      wireMock.verify(
          exactly(2), getRequestedFor(urlPathEqualTo(REPO + "/git/refs/heads/hotfix-0-1-1")));
    }

    @Test
    @DisplayName(
        "a release update answered 500 after it was applied is not repeated: the read finds the text")
    void patchAppliedThenFailed() {
      github.tag("v0.1.0", rig.initialCommit);
      scm.createRelease(
          new ReleaseRequest("v0.1.0", rig.initialCommit, "v0.1.0", Optional.empty()));
      once(
          () -> patch(urlPathMatching(REPO + "/releases/\\d+")),
          FakeGitHubServer.processedThenAnswer(500));

      String notes = scm.appendToReleaseNotes("v0.1.0", "- prod by alice").notes();

      assertThat(notes).endsWith("- prod by alice");
      wireMock.verify(exactly(1), patchRequestedFor(urlPathMatching(REPO + "/releases/\\d+")));
    }
  }

  @Nested
  @DisplayName("timeouts")
  class Timeouts {
    private GitHubSourceControl impatient;

    @BeforeEach
    void shortTimeout() {
      impatient = rig.builder().token(Rig.TOKEN).requestTimeout(Duration.ofMillis(300)).build();
      github.workflow(
          "publish-dev.yaml", "publish-dev ${{ inputs.promotion_key }}", Set.of("promotion_key"));
    }

    @Test
    @DisplayName("a read that times out is retried and succeeds")
    void readRetried() {
      once(
          () -> get(urlPathEqualTo(REPO + "/git/refs/heads/main")),
          FakeGitHubServer.processedThenDelayed(1500));

      assertThat(impatient.branchHead("main")).contains(rig.initialCommit);
      wireMock.verify(exactly(2), getRequestedFor(urlPathEqualTo(REPO + "/git/refs/heads/main")));
    }

    @Test
    @DisplayName(
        "a workflow dispatch that timed out after GitHub took it is confirmed by its run, never sent twice")
    void dispatchTookPlace() {
      once(
          () -> post(urlPathMatching(REPO + "/actions/workflows/.*/dispatches")),
          FakeGitHubServer.processedThenDelayed(1500));

      DispatchResult result =
          impatient.dispatchWorkflow(
              new WorkflowDispatch("publish-dev.yaml", "main", Map.of(), "k-42"));

      assertThat(result).isInstanceOf(DispatchResult.Dispatched.class);
      assertThat(github.runs()).hasSize(1);
      wireMock.verify(
          exactly(1), postRequestedFor(urlPathMatching(REPO + "/actions/workflows/.*/dispatches")));
    }

    @Test
    @DisplayName(
        "a workflow dispatch that timed out and left no run ends in a retryable BackendException, sent once")
    void dispatchLost() {
      once(
          () -> post(urlPathMatching(REPO + "/actions/workflows/.*/dispatches")),
          aResponse().withStatus(204).withFixedDelay(1500));

      assertThatThrownBy(
              () ->
                  impatient.dispatchWorkflow(
                      new WorkflowDispatch("publish-dev.yaml", "main", Map.of(), "k-43")))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("not sent again");
      assertThat(github.runs()).isEmpty();
      wireMock.verify(
          exactly(1), postRequestedFor(urlPathMatching(REPO + "/actions/workflows/.*/dispatches")));
    }

    @Test
    @DisplayName(
        "a repository_dispatch that timed out is not sent again: non-retryable, it says to check the receiver")
    void repositoryDispatchUnknown() {
      once(
          () -> post(urlPathEqualTo(REPO + "/dispatches")),
          FakeGitHubServer.processedThenDelayed(1500));

      assertThatThrownBy(
              () -> impatient.repositoryDispatch("update-manifest", Map.of("environment", "prd")))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("may or may not have been delivered");
      wireMock.verify(exactly(1), postRequestedFor(urlPathEqualTo(REPO + "/dispatches")));
      assertThat(github.repositoryDispatches()).hasSize(1);
    }

    @Test
    @DisplayName(
        "a release creation that timed out after GitHub made it is found by a read: Created, one release")
    void releaseTookPlace() {
      once(
          () -> post(urlPathEqualTo(REPO + "/releases")),
          FakeGitHubServer.processedThenDelayed(1500));

      ReleaseResult result =
          impatient.createRelease(
              new ReleaseRequest("v0.1.0", rig.initialCommit, "v0.1.0", Optional.empty()));

      assertThat(result).isInstanceOf(ReleaseResult.Created.class);
      assertThat(github.releases()).hasSize(1);
      wireMock.verify(exactly(1), postRequestedFor(urlPathEqualTo(REPO + "/releases")));
    }

    @Test
    @DisplayName(
        "a file write that timed out after GitHub applied it is reported as Committed, once")
    void commitTookPlace() {
      once(
          () -> put(urlPathMatching(REPO + "/contents/.*")),
          FakeGitHubServer.processedThenDelayed(1500));

      CommitResult result = impatient.commitFile(bump());

      assertThat(result).isInstanceOf(CommitResult.Committed.class);
      assertThat(result.commit()).isEqualTo(github.head("main").orElseThrow());
      wireMock.verify(exactly(1), putRequestedFor(urlPathMatching(REPO + "/contents/.*")));
    }
  }

  @Nested
  @DisplayName("unreachable host")
  class Unreachable {
    @Test
    @DisplayName(
        "a refused connection is retried, then ends in a retryable BackendException that says to check the network and the URL")
    void refused() throws Exception {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      GitHubSourceControl nowhere =
          rig.builder().apiUrl("http://127.0.0.1:" + port).token(Rig.TOKEN).build();

      assertThatThrownBy(() -> nowhere.branchHead("main"))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("Could not reach GitHub");
      assertThat(rig.sleeper.waits()).hasSize(Rig.FAST.maxAttempts() - 1);
    }
  }

  private FileCommit bump() {
    return new FileCommit(
        "main",
        Rig.CHART,
        Optional.of(Rig.CHART_V1),
        Rig.CHART_V1.replace("0.1.0", "0.2.0"),
        "bump",
        "alice");
  }
}
