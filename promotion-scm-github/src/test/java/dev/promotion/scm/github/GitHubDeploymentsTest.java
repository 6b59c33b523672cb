package dev.promotion.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.promotion.error.BackendException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.scm.github.fake.FakeGitHub;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import dev.promotion.spi.DeploymentRecord;
import dev.promotion.spi.DeploymentRequest;
import dev.promotion.spi.DeploymentState;
import dev.promotion.spi.DeploymentStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kohsuke.github.GitHubBuilder;

/** GitHub Deployments through the adapter, against the fake GitHub. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("GitHubSourceControl records deployments")
class GitHubDeploymentsTest {
  private static final String REPO = "/repos/acme/api";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeGitHubServer server = new FakeGitHubServer();
  private Rig rig;
  private FakeGitHub github;
  private WireMockServer wireMock;
  private GitHubSourceControl scm;
  private String head;

  @BeforeEach
  void freshRepository() {
    rig = new Rig(server);
    github = rig.github;
    wireMock = server.wireMock();
    scm = rig.scm();
    head = rig.commit("main", "Second", Map.of("src/a.txt", "a\n"));
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  private static Map<String, String> payload(String version) {
    Map<String, String> payload = new LinkedHashMap<>();
    payload.put("app", "api");
    payload.put("version", version);
    payload.put("gitops_revision", "0123456789abcdef0123456789abcdef01234567");
    payload.put("actor", "alice");
    return payload;
  }

  private static DeploymentRequest request(String key, String ref, String env, boolean prod) {
    return new DeploymentRequest(
        key, ref, env, prod, payload("0.2.0-rc.abc1234"), "api 0.2.0-rc.abc1234 to " + env);
  }

  private DeploymentRecord succeeded(DeploymentRequest request) {
    DeploymentRecord recorded = scm.recordDeployment(request);
    scm.updateDeployment(
        recorded.id(), new DeploymentStatus(DeploymentState.IN_PROGRESS, "GitOps change written"));
    return scm.updateDeployment(
        recorded.id(), new DeploymentStatus(DeploymentState.SUCCESS, "declared, not observed"));
  }

  private List<JsonNode> bodiesOf(String method, String path) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (ServeEvent event : wireMock.getAllServeEvents()) {
      if (event.getRequest().getMethod().getName().equals(method)
          && event.getRequest().getUrl().split("\\?")[0].equals(path)) {
        out.add(0, JSON.readTree(event.getRequest().getBodyAsString()));
      }
    }
    return out;
  }

  private void once(Supplier<MappingBuilder> request, ResponseDefinitionBuilder response) {
    String scenario = "fault-" + System.nanoTime();
    wireMock.stubFor(
        request
            .get()
            .atPriority(1)
            .inScenario(scenario)
            .whenScenarioStateIs(STARTED)
            .willReturn(response)
            .willSetStateTo("done"));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  @Nested
  @DisplayName("recording")
  class Recording {
    @Test
    @DisplayName(
        "a deployment is created with the payload plus promotion_key, auto_merge false, no required contexts, not transient, and the production flag")
    void creates() throws IOException {
      DeploymentRecord recorded = scm.recordDeployment(request("k1", head, "prod", true));

      assertThat(recorded.created()).isTrue();
      assertThat(recorded.key()).isEqualTo("k1");
      assertThat(recorded.payload()).containsExactlyEntriesOf(payload("0.2.0-rc.abc1234"));
      JsonNode sent = bodiesOf("POST", REPO + "/deployments").get(0);
      assertThat(sent.path("ref").asText()).isEqualTo(head);
      assertThat(sent.path("environment").asText()).isEqualTo("prod");
      assertThat(sent.path("auto_merge").isBoolean()).isTrue();
      assertThat(sent.path("auto_merge").asBoolean()).isFalse();
      assertThat(sent.path("required_contexts").isArray()).isTrue();
      assertThat(sent.path("required_contexts")).isEmpty();
      assertThat(sent.path("production_environment").asBoolean()).isTrue();
      assertThat(sent.path("transient_environment").asBoolean(true)).isFalse();
      assertThat(sent.path("payload").path(Deployments.KEY_FIELD).asText()).isEqualTo("k1");
      FakeGitHub.DeploymentState stored = github.deployments("prod").get(0);
      assertThat(stored.sha).isEqualTo(head);
      assertThat(stored.productionEnvironment).isTrue();
      assertThat(stored.payload.path("version").asText()).isEqualTo("0.2.0-rc.abc1234");
      assertThat(stored.description).isEqualTo("api 0.2.0-rc.abc1234 to prod");
    }

    @Test
    @DisplayName("a re-run finds its deployment by key and sends no second creation")
    void findsByKey() {
      DeploymentRecord first = scm.recordDeployment(request("k1", head, "test", false));

      DeploymentRecord again = rig.scm().recordDeployment(request("k1", head, "test", false));

      assertThat(again.id()).isEqualTo(first.id());
      assertThat(again.created()).isFalse();
      assertThat(github.deployments("test")).hasSize(1);
      wireMock.verify(exactly(1), postRequestedFor(urlPathEqualTo(REPO + "/deployments")));
    }

    @Test
    @DisplayName("the key is found beyond the first page of the environment's deployments")
    void findsBeyondFirstPage() {
      DeploymentRecord old = scm.recordDeployment(request("old", head, "test", false));
      for (int i = 0; i < 120; i++) {
        scm.recordDeployment(request("k" + i, head, "test", false));
      }

      DeploymentRecord again = scm.recordDeployment(request("old", head, "test", false));

      assertThat(again.id()).isEqualTo(old.id());
      assertThat(github.deployments("test")).hasSize(121);
    }

    @Test
    @DisplayName(
        "a crash between recording and the first status is finished by the re-run: same deployment, now with its status")
    void crashBetweenCreateAndStatus() {
      DeploymentRecord before = scm.recordDeployment(request("k1", head, "stage", false));
      // the process dies here; a new run starts from scratch

      GitHubSourceControl rerun = rig.scm();
      DeploymentRecord found = rerun.recordDeployment(request("k1", head, "stage", false));
      DeploymentRecord finished =
          rerun.updateDeployment(
              found.id(), new DeploymentStatus(DeploymentState.IN_PROGRESS, "written"));

      assertThat(found.id()).isEqualTo(before.id());
      assertThat(found.created()).isFalse();
      assertThat(found.statuses()).isEmpty();
      assertThat(finished.state()).contains(DeploymentState.IN_PROGRESS);
      assertThat(github.deployments("stage")).hasSize(1);
      assertThat(github.deployments("stage").get(0).newestState()).contains("in_progress");
    }

    @Test
    @DisplayName(
        "a creation GitHub applied but did not confirm is found by its key, not sent again")
    void unconfirmedCreation() {
      once(
          () -> post(urlPathEqualTo(REPO + "/deployments")),
          FakeGitHubServer.processedThenAnswer(502));

      DeploymentRecord recorded = scm.recordDeployment(request("k1", head, "test", false));

      assertThat(recorded.created()).isTrue();
      assertThat(github.deployments("test"))
          .singleElement()
          .satisfies(d -> assertThat(d.id).hasToString(recorded.id()));
      wireMock.verify(exactly(1), postRequestedFor(urlPathEqualTo(REPO + "/deployments")));
    }

    @Test
    @DisplayName(
        "a creation that failed before GitHub applied it is a retryable error, and nothing is sent twice")
    void failedCreation() {
      once(
          () -> post(urlPathEqualTo(REPO + "/deployments")),
          json(502, "{\"message\":\"Server Error\"}"));

      assertThatThrownBy(() -> scm.recordDeployment(request("k1", head, "test", false)))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("not sent again");
      assertThat(github.deployments()).isEmpty();
      wireMock.verify(exactly(1), postRequestedFor(urlPathEqualTo(REPO + "/deployments")));
    }

    @Test
    @DisplayName(
        "an older commit, behind the default branch, is deployed as it is: nothing is merged (auto_merge false)")
    void olderCommitNotMerged() {
      String branchHead = rig.commit("feature", "Feature", Map.of("f.txt", "f\n"));
      rig.commit("main", "Third", Map.of("src/b.txt", "b\n"));
      String mainHead = github.head("main").orElseThrow();

      DeploymentRecord onCommit =
          scm.recordDeployment(request("k1", rig.initialCommit, "prod", true));
      DeploymentRecord onBranch = scm.recordDeployment(request("k2", "feature", "test", false));

      assertThat(onCommit.ref()).isEqualTo(rig.initialCommit);
      assertThat(onBranch.ref()).isEqualTo("feature");
      assertThat(github.head("feature")).contains(branchHead);
      assertThat(github.head("main")).contains(mainHead);
    }

    @Test
    @DisplayName(
        "commit status checks that did not succeed do not block the record (required_contexts [])")
    void statusChecksDoNotBlock() {
      github.commitStatus(head, "ci/build", "failure");

      DeploymentRecord recorded = scm.recordDeployment(request("k1", head, "test", false));

      assertThat(recorded.created()).isTrue();
    }

    @Test
    @DisplayName(
        "a 409 refusal (status checks failed) is a clear non-retryable error naming the cause, and nothing is recorded")
    void conflict() {
      once(
          () -> post(urlPathEqualTo(REPO + "/deployments")),
          json(
              409,
              "{\"message\":\"Conflict: Commit status checks failed for main.\",\"errors\":[{\"contexts\":[{\"context\":\"ci/build\",\"state\":\"failure\"}],\"resource\":\"Deployment\",\"field\":\"required_contexts\",\"code\":\"invalid\"}],\"documentation_url\":\"https://docs.github.com/rest/deployments/deployments#create-a-deployment\",\"status\":\"409\"}"));

      assertThatThrownBy(() -> scm.recordDeployment(request("k1", head, "test", false)))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("409")
          .hasMessageContaining("Commit status checks failed")
          .hasMessageContaining("required_contexts")
          .hasMessageContaining("Nothing was recorded");
      assertThat(github.deployments()).isEmpty();
    }

    @Test
    @DisplayName(
        "a 202 (GitHub merged instead of deploying) is an error, never read as a deployment")
    void mergedInstead() {
      once(
          () -> post(urlPathEqualTo(REPO + "/deployments")),
          json(202, "{\"message\":\"Auto-merged main into topic on deployment.\"}"));

      assertThatThrownBy(() -> scm.recordDeployment(request("k1", head, "test", false)))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("202")
          .hasMessageContaining("Auto-merged");
    }

    @Test
    @DisplayName("a ref GitHub does not know (422) is not found, and nothing is recorded")
    void unknownRef() {
      String unknown = "0".repeat(39) + "1";

      assertThatThrownBy(() -> scm.recordDeployment(request("k1", unknown, "test", false)))
          .isInstanceOf(ReferenceNotFoundException.class)
          .hasMessageContaining(unknown);
      assertThat(github.deployments()).isEmpty();
    }

    @Test
    @DisplayName("bad input is refused before anything is sent")
    void badInput() {
      int before = wireMock.getAllServeEvents().size();
      Map<String, String> clashing = new LinkedHashMap<>(payload("1"));
      clashing.put(Deployments.KEY_FIELD, "other");

      assertThatThrownBy(
              () ->
                  scm.recordDeployment(
                      new DeploymentRequest("k1", head, "test", false, clashing, "d")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Deployments.KEY_FIELD);
      assertThatThrownBy(() -> scm.recordDeployment(request(" ", head, "test", false)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> scm.recordDeployment(request("k1", head, "te\nst", false)))
          .isInstanceOf(InvalidNameException.class);
      assertThatThrownBy(() -> scm.recordDeployment(request("k1", "main..x", "test", false)))
          .isInstanceOf(dev.promotion.error.InvalidReferenceException.class);
      assertThat(wireMock.getAllServeEvents()).hasSize(before);
    }

    @Test
    @DisplayName(
        "with an injected client, deployments are reported unsupported, never skipped silently")
    void injectedClient() throws IOException {
      GitHubSourceControl injected =
          GitHubSourceControl.builder()
              .repository(Rig.OWNER, Rig.REPOSITORY)
              .client(
                  new GitHubBuilder()
                      .withEndpoint(server.apiUrl())
                      .withOAuthToken(Rig.TOKEN)
                      .build())
              .build();

      assertThatThrownBy(() -> injected.recordDeployment(request("k1", head, "test", false)))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("token(..)");
      assertThatThrownBy(() -> injected.deployments("test", 1))
          .isInstanceOf(UnsupportedCapabilityException.class);
      assertThat(github.deployments()).isEmpty();
    }
  }

  @Nested
  @DisplayName("statuses")
  class Statuses {
    @Test
    @DisplayName(
        "in_progress then success with the run's log_url and the environment_url are recorded, newest first")
    void statuses() {
      DeploymentRecord recorded = scm.recordDeployment(request("k1", head, "test", false));

      scm.updateDeployment(
          recorded.id(),
          new DeploymentStatus(DeploymentState.IN_PROGRESS, "GitOps change written"));
      DeploymentRecord done =
          scm.updateDeployment(
              recorded.id(),
              new DeploymentStatus(
                  DeploymentState.SUCCESS,
                  "declared in git, not observed",
                  Optional.of("https://github.com/acme/api/actions/runs/42"),
                  Optional.of("https://test.example.com")));

      assertThat(done.statuses())
          .extracting(DeploymentStatus::state)
          .containsExactly(DeploymentState.SUCCESS, DeploymentState.IN_PROGRESS);
      assertThat(done.statuses().get(0).logUrl())
          .contains("https://github.com/acme/api/actions/runs/42");
      FakeGitHub.DeploymentStatusState newest = github.deployments("test").get(0).statuses().get(0);
      assertThat(newest.state()).isEqualTo("success");
      assertThat(newest.logUrl()).isEqualTo("https://github.com/acme/api/actions/runs/42");
      assertThat(newest.environmentUrl()).isEqualTo("https://test.example.com");
      assertThat(scm.deployments("test", 5).get(0).statuses()).isEqualTo(done.statuses());
    }

    @Test
    @DisplayName("the same state and description again writes nothing")
    void idempotent() {
      DeploymentRecord recorded = scm.recordDeployment(request("k1", head, "test", false));
      DeploymentStatus status = new DeploymentStatus(DeploymentState.FAILURE, "pods crash");
      scm.updateDeployment(recorded.id(), status);

      DeploymentRecord again = scm.updateDeployment(recorded.id(), status);

      assertThat(again.statuses()).containsExactly(status);
      wireMock.verify(
          exactly(1),
          postRequestedFor(urlPathEqualTo(REPO + "/deployments/" + recorded.id() + "/statuses")));
    }

    @Test
    @DisplayName(
        "a description longer than GitHub's 140 characters is cut with an ellipsis, and a re-run with it writes nothing")
    void descriptionCut() {
      DeploymentRecord recorded = scm.recordDeployment(request("k1", head, "test", false));
      String reason = "verification failed: " + "x".repeat(200);

      DeploymentRecord failed =
          scm.updateDeployment(
              recorded.id(), new DeploymentStatus(DeploymentState.FAILURE, reason));
      scm.updateDeployment(recorded.id(), new DeploymentStatus(DeploymentState.FAILURE, reason));

      String stored = github.deployments("test").get(0).statuses().get(0).description();
      assertThat(stored).hasSize(140).startsWith("verification failed: xxx").endsWith("\u2026");
      assertThat(failed.statuses().get(0).description()).isEqualTo(stored);
      assertThat(github.deployments("test").get(0).statuses()).hasSize(1);
    }

    @Test
    @DisplayName("a description is cut by characters, never inside a surrogate pair")
    void cutByCodePoints() {
      String rocket = "\uD83D\uDE80";
      String text = rocket.repeat(150);

      String cut = Deployments.cut(text);

      assertThat(cut.codePointCount(0, cut.length())).isEqualTo(140);
      assertThat(cut).startsWith(rocket.repeat(139)).endsWith("\u2026");
      assertThat(Deployments.cut("short")).isEqualTo("short");
    }

    @Test
    @DisplayName("a status GitHub applied but did not confirm is read back, not written twice")
    void unconfirmedStatus() {
      DeploymentRecord recorded = scm.recordDeployment(request("k1", head, "test", false));
      once(
          () -> post(urlPathMatching(REPO + "/deployments/[0-9]+/statuses")),
          FakeGitHubServer.processedThenAnswer(502));

      DeploymentRecord after =
          scm.updateDeployment(
              recorded.id(), new DeploymentStatus(DeploymentState.IN_PROGRESS, "written"));

      assertThat(after.state()).contains(DeploymentState.IN_PROGRESS);
      assertThat(github.deployments("test").get(0).statuses()).hasSize(1);
    }

    @Test
    @DisplayName(
        "a deployment id GitHub does not know is not found (404); an id that is not a number is not found without a request")
    void unknownId() {
      int before = wireMock.getAllServeEvents().size();
      assertThatThrownBy(
              () ->
                  scm.updateDeployment("../../x", new DeploymentStatus(DeploymentState.ERROR, "e")))
          .isInstanceOf(ReferenceNotFoundException.class);
      assertThat(wireMock.getAllServeEvents()).hasSize(before);

      assertThatThrownBy(
              () ->
                  scm.updateDeployment("987654", new DeploymentStatus(DeploymentState.ERROR, "e")))
          .isInstanceOf(ReferenceNotFoundException.class)
          .hasMessageContaining("987654");
    }
  }

  @Nested
  @DisplayName("inactive")
  class Inactive {
    @Test
    @DisplayName(
        "a success in production makes the previous production deployment inactive, which GitHub's auto_inactive never does")
    void production() {
      DeploymentRecord first = succeeded(request("k1", rig.initialCommit, "prod", true));
      DeploymentRecord second = succeeded(request("k2", head, "prod", true));

      List<FakeGitHub.DeploymentState> prod = github.deployments("prod");
      assertThat(prod.get(0).id).hasToString(second.id());
      assertThat(prod.get(0).newestState()).contains("success");
      assertThat(prod.get(1).id).hasToString(first.id());
      assertThat(prod.get(1).newestState()).contains("inactive");
      assertThat(prod.get(1).statuses().get(0).description()).contains(second.id());
    }

    @Test
    @DisplayName(
        "outside production GitHub's auto_inactive does it, and the adapter adds no second inactive status")
    void nonProduction() {
      succeeded(request("k1", rig.initialCommit, "stage", false));
      succeeded(request("k2", head, "stage", false));

      FakeGitHub.DeploymentState previous = github.deployments("stage").get(1);
      assertThat(previous.newestState()).contains("inactive");
      assertThat(previous.statuses())
          .extracting(FakeGitHub.DeploymentStatusState::state)
          .containsExactly("inactive", "success", "in_progress");
    }

    @Test
    @DisplayName(
        "failed deployments and other environments are left alone, and a re-run of the success finishes an interrupted sweep")
    void leftAloneAndResumed() {
      DeploymentRecord first = succeeded(request("k1", rig.initialCommit, "prod", true));
      DeploymentRecord failed = scm.recordDeployment(request("k2", head, "prod", true));
      scm.updateDeployment(failed.id(), new DeploymentStatus(DeploymentState.FAILURE, "crash"));
      DeploymentRecord stage = succeeded(request("k1", head, "stage", false));
      DeploymentRecord third = scm.recordDeployment(request("k3", head, "prod", true));
      DeploymentStatus success = new DeploymentStatus(DeploymentState.SUCCESS, "declared");
      // the status is written, then the sweep's write fails: the run stops there
      once(
          () -> post(urlPathEqualTo(REPO + "/deployments/" + first.id() + "/statuses")),
          json(500, "{\"message\":\"Server Error\"}"));
      assertThatThrownBy(() -> scm.updateDeployment(third.id(), success))
          .isInstanceOf(BackendException.class);
      assertThat(stateIn("prod", first.id())).contains("success");

      scm.updateDeployment(third.id(), success);

      assertThat(stateIn("prod", first.id())).contains("inactive");
      assertThat(stateIn("prod", failed.id())).contains("failure");
      assertThat(stateIn("stage", stage.id())).contains("success");
      assertThat(stateIn("prod", third.id())).contains("success");
      assertThat(github.deployments("prod").get(0).statuses()).hasSize(1);
    }

    private Optional<String> stateIn(String environment, String id) {
      return github.deployments(environment).stream()
          .filter(d -> String.valueOf(d.id).equals(id))
          .findFirst()
          .orElseThrow()
          .newestState();
    }
  }

  @Nested
  @DisplayName("reading and limits")
  class Reading {
    @Test
    @DisplayName("deployments are listed newest first with their statuses, at most the limit")
    void lists() {
      DeploymentRecord first = succeeded(request("k1", rig.initialCommit, "test", false));
      DeploymentRecord second = scm.recordDeployment(request("k2", head, "test", false));
      scm.recordDeployment(request("k3", head, "stage", false));

      List<DeploymentRecord> listed = scm.deployments("test", 10);

      assertThat(listed).extracting(DeploymentRecord::id).containsExactly(second.id(), first.id());
      assertThat(listed.get(1).state()).contains(DeploymentState.SUCCESS);
      assertThat(listed.get(1).payload()).containsExactlyEntriesOf(payload("0.2.0-rc.abc1234"));
      assertThat(listed).allSatisfy(d -> assertThat(d.created()).isFalse());
      assertThat(scm.deployments("test", 1))
          .extracting(DeploymentRecord::id)
          .containsExactly(second.id());
    }

    @Test
    @DisplayName("a deployment recorded by another tool reads with an empty key and its payload")
    void foreign() throws Exception {
      github.commitStatus(head, "ci", "success");
      var http = java.net.http.HttpClient.newHttpClient();
      var response =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(server.apiUrl() + REPO + "/deployments"))
                  .header("Authorization", "Bearer " + Rig.TOKEN)
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          "{\"ref\":\"main\",\"environment\":\"test\",\"payload\":{\"deploy\":\"migrate\"}}"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(201);

      DeploymentRecord foreign = scm.deployments("test", 1).get(0);

      assertThat(foreign.key()).isEmpty();
      assertThat(foreign.payload()).containsExactly(Map.entry("deploy", "migrate"));
      assertThat(foreign.ref()).isEqualTo("main");
    }

    @Test
    @DisplayName("a rate limit on a read is waited out, and the listing succeeds")
    void rateLimited() {
      scm.recordDeployment(request("k1", head, "test", false));
      once(
          () -> get(urlPathEqualTo(REPO + "/deployments")),
          json(403, "{\"message\":\"You have exceeded a secondary rate limit.\"}")
              .withHeader("Retry-After", "5"));

      assertThat(scm.deployments("test", 5)).hasSize(1);
      assertThat(rig.sleeper.waits()).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName(
        "a creation refused by a secondary rate limit is sent again after the wait, and recorded once")
    void rateLimitedCreation() {
      once(
          () -> post(urlPathEqualTo(REPO + "/deployments")),
          json(403, "{\"message\":\"You have exceeded a secondary rate limit.\"}")
              .withHeader("Retry-After", "3"));

      scm.recordDeployment(request("k1", head, "test", false));

      assertThat(rig.sleeper.waits()).containsExactly(Duration.ofSeconds(3));
      assertThat(github.deployments()).hasSize(1);
    }

    @Test
    @DisplayName("a limit below 1 is refused, before anything is sent")
    void limit() {
      int before = wireMock.getAllServeEvents().size();

      assertThatThrownBy(() -> scm.deployments("test", 0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(wireMock.getAllServeEvents()).hasSize(before);
    }
  }
}
