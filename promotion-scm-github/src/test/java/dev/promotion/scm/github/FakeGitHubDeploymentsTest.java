package dev.promotion.scm.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotion.scm.github.fake.FakeGitHub;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fake GitHub's Deployments endpoints keep GitHub's documented defaults and refusals
 * (docs.github.com/rest/deployments/deployments, .../deployments/statuses), so that a client that
 * forgets them fails against the fake as it would against GitHub.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The fake GitHub's Deployments API is as strict as GitHub's")
class FakeGitHubDeploymentsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FakeGitHubServer server = new FakeGitHubServer();
  private final HttpClient http = HttpClient.newHttpClient();
  private Rig rig;
  private FakeGitHub github;
  private String head;

  @BeforeEach
  void fresh() {
    rig = new Rig(server);
    github = rig.github;
    head = rig.commit("main", "Second", Map.of("a.txt", "a\n"));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private record Answer(int status, JsonNode body) {}

  private Answer call(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.apiUrl() + "/repos/acme/api" + path))
            .header("Authorization", "Bearer " + Rig.TOKEN)
            .header("Accept", "application/vnd.github+json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  private long deploy(String environment, boolean production) throws Exception {
    Answer created =
        call(
            "POST",
            "/deployments",
            "{\"ref\":\""
                + head
                + "\",\"environment\":\""
                + environment
                + "\",\"production_environment\":"
                + production
                + ",\"auto_merge\":false,\"required_contexts\":[]}");
    assertThat(created.status()).isEqualTo(201);
    return created.body().path("id").asLong();
  }

  private void status(long id, String state) throws Exception {
    assertThat(
            call("POST", "/deployments/" + id + "/statuses", "{\"state\":\"" + state + "\"}")
                .status())
        .isEqualTo(201);
  }

  @Test
  @DisplayName(
      "a deployment and its status have the documented fields, and the defaults: environment production, task deploy")
  void shapes() throws Exception {
    Answer created =
        call("POST", "/deployments", "{\"ref\":\"main\",\"payload\":{\"app\":\"api\"}}");
    long id = created.body().path("id").asLong();
    Answer status =
        call(
            "POST",
            "/deployments/" + id + "/statuses",
            "{\"state\":\"success\",\"log_url\":\"https://ci/1\"}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().fieldNames())
        .toIterable()
        .contains(
            "id",
            "node_id",
            "sha",
            "ref",
            "task",
            "payload",
            "original_environment",
            "environment",
            "description",
            "creator",
            "created_at",
            "updated_at",
            "statuses_url",
            "repository_url",
            "transient_environment",
            "production_environment");
    assertThat(created.body().path("environment").asText()).isEqualTo("production");
    assertThat(created.body().path("production_environment").asBoolean()).isTrue();
    assertThat(created.body().path("task").asText()).isEqualTo("deploy");
    assertThat(created.body().path("sha").asText()).isEqualTo(head);
    assertThat(status.body().fieldNames())
        .toIterable()
        .contains(
            "id",
            "state",
            "description",
            "environment",
            "target_url",
            "log_url",
            "environment_url",
            "created_at",
            "updated_at",
            "deployment_url",
            "repository_url");
    assertThat(status.body().path("target_url").asText())
        .as("log_url sets target_url")
        .isEqualTo("https://ci/1");
  }

  @Test
  @DisplayName(
      "auto_merge defaults to true: a branch behind the default branch is merged (202, no deployment), a commit behind it is a 409 conflict")
  void autoMergeDefault() throws Exception {
    rig.commit("feature", "Feature", Map.of("f.txt", "f\n"));
    String old = rig.initialCommit;
    String featureBefore = github.head("feature").orElseThrow();

    Answer branch = call("POST", "/deployments", "{\"ref\":\"feature\"}");
    Answer commit = call("POST", "/deployments", "{\"ref\":\"" + old + "\"}");
    Answer notMerged =
        call("POST", "/deployments", "{\"ref\":\"" + old + "\",\"auto_merge\":false}");

    assertThat(branch.status()).isEqualTo(202);
    assertThat(branch.body().path("message").asText()).startsWith("Auto-merged main into feature");
    assertThat(github.head("feature"))
        .isPresent()
        .isNotEqualTo(java.util.Optional.of(featureBefore));
    assertThat(commit.status()).isEqualTo(409);
    assertThat(commit.body().path("message").asText()).startsWith("Conflict merging main");
    assertThat(notMerged.status()).isEqualTo(201);
    assertThat(github.deployments()).hasSize(1);
  }

  @Test
  @DisplayName(
      "required_contexts defaults to every submitted context: one not successful answers 409, an empty list requires none")
  void requiredContextsDefault() throws Exception {
    github.commitStatus(head, "ci/build", "success").commitStatus(head, "ci/lint", "failure");

    Answer byDefault = call("POST", "/deployments", "{\"ref\":\"main\"}");
    Answer named =
        call("POST", "/deployments", "{\"ref\":\"main\",\"required_contexts\":[\"ci/build\"]}");
    Answer none = call("POST", "/deployments", "{\"ref\":\"main\",\"required_contexts\":[]}");

    assertThat(byDefault.status()).isEqualTo(409);
    assertThat(byDefault.body().path("message").asText())
        .isEqualTo("Conflict: Commit status checks failed for main.");
    assertThat(byDefault.body().path("errors").get(0).path("field").asText())
        .isEqualTo("required_contexts");
    assertThat(named.status()).isEqualTo(201);
    assertThat(none.status()).isEqualTo(201);
  }

  @Test
  @DisplayName(
      "an unknown ref, an unknown state and a description over 140 characters are refused with 422; an unknown deployment is 404")
  void refusals() throws Exception {
    long id = deploy("test", false);

    assertThat(call("POST", "/deployments", "{\"ref\":\"nope\"}").status()).isEqualTo(422);
    assertThat(call("POST", "/deployments/" + id + "/statuses", "{\"state\":\"done\"}").status())
        .isEqualTo(422);
    Answer tooLong =
        call(
            "POST",
            "/deployments/" + id + "/statuses",
            "{\"state\":\"failure\",\"description\":\"" + "x".repeat(141) + "\"}");
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.body().path("errors").get(0).path("field").asText())
        .isEqualTo("description");
    assertThat(call("GET", "/deployments/999999", null).status()).isEqualTo(404);
    assertThat(call("POST", "/deployments/999999/statuses", "{\"state\":\"success\"}").status())
        .isEqualTo(404);
    assertThat(github.deployments().get(0).statuses()).isEmpty();
  }

  @Test
  @DisplayName(
      "auto_inactive makes earlier successful non-production, non-transient deployments inactive, and never production ones")
  void autoInactive() throws Exception {
    long stageOld = deploy("stage", false);
    status(stageOld, "success");
    long prodOld = deploy("prod", true);
    status(prodOld, "success");
    long stageFailed = deploy("stage", false);
    status(stageFailed, "failure");

    status(deploy("stage", false), "success");
    status(deploy("prod", true), "success");

    assertThat(state("stage", stageOld)).isEqualTo("inactive");
    assertThat(state("stage", stageFailed)).as("had no success").isEqualTo("failure");
    assertThat(state("prod", prodOld))
        .as("production is never auto-inactivated")
        .isEqualTo("success");
  }

  @Test
  @DisplayName(
      "deployments and statuses are listed newest first, paginated, filtered by environment")
  void listing() throws Exception {
    long first = deploy("test", false);
    long second = deploy("test", false);
    deploy("stage", false);
    status(first, "in_progress");
    status(first, "success");

    Answer page1 = call("GET", "/deployments?environment=test&per_page=1", null);
    Answer page2 = call("GET", "/deployments?environment=test&per_page=1&page=2", null);
    Answer statuses = call("GET", "/deployments/" + first + "/statuses", null);

    assertThat(page1.body()).hasSize(1);
    assertThat(page1.body().get(0).path("id").asLong()).isEqualTo(second);
    assertThat(page2.body().get(0).path("id").asLong()).isEqualTo(first);
    assertThat(statuses.body().get(0).path("state").asText()).isEqualTo("success");
    assertThat(statuses.body().get(1).path("state").asText()).isEqualTo("in_progress");
  }

  private String state(String environment, long id) {
    return github.deployments(environment).stream()
        .filter(d -> d.id == id)
        .findFirst()
        .orElseThrow()
        .newestState()
        .orElse("");
  }
}
