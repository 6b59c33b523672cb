package dev.promotion.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the promotion command line with notifications")
class NotifyCommandLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/hooks/T0001/path-token-7f3a9";
  private static final String SECRET = "signing-key-9c1e";
  private static final String NOTIFICATIONS =
      """
      notifications:
        - type: webhook
          name: deploy-log
          url: {env: HOOK_URL}
          secret: {env: HOOK_SECRET}
          timeout: 3s
          retries: 2
      """;

  @TempDir Path dir;
  private WireMockServer receiver;
  private Workspace workspace;
  private String config;

  @BeforeEach
  void setUp() throws Exception {
    receiver = new WireMockServer(options().dynamicPort());
    receiver.start();
    receiver.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(204)));
    workspace = new Workspace(dir.resolve("ws"));
    workspace.create();
    Files.writeString(workspace.config(), Workspace.CONFIG + NOTIFICATIONS);
    config = "--config=" + workspace.config();
  }

  @AfterEach
  void tearDown() {
    receiver.stop();
  }

  private Map<String, String> env() {
    return Map.of("USER", "alice", "HOOK_URL", receiver.baseUrl() + PATH, "HOOK_SECRET", SECRET);
  }

  private Cli promotion(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = config;
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.run(env, all);
  }

  private Cli publish(String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(
        List.of(
            "publish-dev",
            "--ref",
            "main",
            "--chart",
            workspace.checkOutChart("main", "charts/api").toString()));
    return promotion(env(), args.toArray(String[]::new));
  }

  private List<JsonNode> received() throws Exception {
    List<JsonNode> bodies = new ArrayList<>();
    for (LoggedRequest r : receiver.findAll(postRequestedFor(urlEqualTo(PATH)))) {
      bodies.add(JSON.readTree(r.getBody()));
    }
    return bodies;
  }

  @Test
  @DisplayName(
      "each write is POSTed to the webhook, signed, with the GitOps revision; text output says delivered")
  void delivered() throws Exception {
    // when
    Cli publish = publish();
    Cli promote = promotion(env(), "promote", "--to", "test");

    // then
    assertThat(publish.exitCode()).as(publish.out() + publish.err()).isZero();
    assertThat(promote.exitCode()).isZero();
    assertThat(promote.out()).contains("  - notify deploy-log: delivered (HTTP 204)");
    List<JsonNode> bodies = received();
    assertThat(bodies).hasSize(2);
    assertThat(bodies.get(0).get("operation").asText()).isEqualTo("publish-dev");
    assertThat(bodies.get(0).get("to").asText()).isEqualTo("dev");
    assertThat(bodies.get(0).get("sourceCommit").asText()).hasSize(40);
    assertThat(bodies.get(1).get("operation").asText()).isEqualTo("promote");
    assertThat(bodies.get(1).get("from").asText()).isEqualTo("dev");
    assertThat(bodies.get(1).get("to").asText()).isEqualTo("test");
    assertThat(bodies.get(1).get("actor").asText()).isEqualTo("alice");
    assertThat(bodies.get(1).get("gitops").get("revision").asText()).hasSize(40);
    assertThat(
            receiver
                .findAll(postRequestedFor(urlEqualTo(PATH)))
                .get(1)
                .getHeader("X-Promotion-Signature-256"))
        .startsWith("sha256=");
  }

  @Test
  @DisplayName(
      "a receiver that keeps failing is a warning after the result: exit code unchanged, URL and secret never shown")
  void failingReceiver() throws Exception {
    // given
    receiver.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500)));

    // when
    Cli publish = publish("--verbose");

    // then
    assertThat(publish.exitCode()).isZero();
    assertThat(publish.out())
        .startsWith("publish-dev api: done")
        .contains(
            "warning: webhook notification 'deploy-log' was not delivered: HTTP 500 after 3"
                + " attempts; the promotion's outcome is unchanged");
    assertThat(publish.out() + publish.err())
        .doesNotContain("path-token-7f3a9")
        .doesNotContain(SECRET)
        .doesNotContain(receiver.baseUrl());
    assertThat(receiver.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(3);
  }

  @Test
  @DisplayName("--output json has a notifications array; markdown a row per delivery")
  void jsonAndMarkdown() throws Exception {
    // given
    publish();

    // when
    Cli json = promotion(env(), "--output", "json", "promote", "--to", "test");
    Cli markdown = promotion(env(), "--output", "markdown", "promote", "--to", "test");

    // then
    JsonNode node = JSON.readTree(json.out());
    assertThat(node.get("notifications")).hasSize(1);
    JsonNode delivery = node.get("notifications").get(0);
    assertThat(delivery.get("name").asText()).isEqualTo("deploy-log");
    assertThat(delivery.get("type").asText()).isEqualTo("webhook");
    assertThat(delivery.get("status").asText()).isEqualTo("delivered");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
    assertThat(json.out()).doesNotContain(PATH);
    assertThat(markdown.out()).contains("| notify deploy-log | delivered | webhook, HTTP 204 |");
  }

  @Test
  @DisplayName("--no-notify and --dry-run tell no one")
  void switchedOff() throws Exception {
    // when
    Cli off = publish("--no-notify");
    Cli plan = promotion(env(), "--dry-run", "promote", "--to", "test");
    Cli on = promotion(env(), "--notify", "promote", "--to", "test");

    // then
    assertThat(off.exitCode()).isZero();
    assertThat(off.out()).doesNotContain("notify");
    assertThat(plan.exitCode()).isZero();
    assertThat(plan.out()).doesNotContain("notify");
    assertThat(on.exitCode()).isZero();
    assertThat(received())
        .singleElement()
        .satisfies(b -> assertThat(b.get("operation").asText()).isEqualTo("promote"));
  }

  @Test
  @DisplayName("status and history are unchanged: they notify no one and need no webhook variable")
  void statusUnchanged() throws Exception {
    // given
    publish();
    receiver.resetRequests();
    Map<String, String> noHook = Map.of("USER", "alice");

    // when
    Cli status = promotion(noHook, "status");
    Cli history = promotion(noHook, "history", "--env", "dev");
    Files.writeString(workspace.config(), Workspace.CONFIG);
    Cli statusWithout = promotion(noHook, "status");

    // then
    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).isEqualTo(statusWithout.out());
    assertThat(status.err()).isEmpty();
    assertThat(history.exitCode()).isZero();
    assertThat(history.out()).contains("publish api").doesNotContain("notify");
    assertThat(receiver.findAll(postRequestedFor(urlEqualTo(PATH)))).isEmpty();
  }

  @Test
  @DisplayName(
      "a failed operation is told too; an undelivered notification is then a warning on stderr")
  void failedOperation() throws Exception {
    // given: nothing deployed in dev, so promoting to test fails
    receiver.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(410)));

    // when
    Cli cli = promotion(env(), "promote", "--to", "test");

    // then
    assertThat(cli.exitCode()).isEqualTo(ExitCode.FAILURE);
    List<JsonNode> bodies = received();
    assertThat(bodies).singleElement();
    assertThat(bodies.get(0).get("outcome").asText()).isEqualTo("failed");
    assertThat(bodies.get(0).get("error").asText()).isNotBlank();
    assertThat(cli.err())
        .contains(
            "warning: webhook notification 'deploy-log' was not delivered: HTTP 410 (not retried)")
        .contains("promotion: ");
  }

  @Test
  @DisplayName("an unset webhook variable is a warning, not a stopped promotion")
  void unsetVariable() throws Exception {
    // given
    Map<String, String> noHook = Map.of("USER", "alice");

    // when
    Cli cli =
        promotion(
            noHook,
            "publish-dev",
            "--ref",
            "main",
            "--chart",
            workspace.checkOutChart("main", "charts/api").toString());

    // then
    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out())
        .contains("warning: webhook notification 'deploy-log' was not delivered: not configured:")
        .contains("HOOK_URL is not set");
  }

  @Test
  @DisplayName("in GitHub Actions the payload links the run, attempt included")
  void runUrl() throws Exception {
    // given
    Map<String, String> actions =
        Map.of(
            "USER", "alice",
            "HOOK_URL", receiver.baseUrl() + PATH,
            "HOOK_SECRET", SECRET,
            "GITHUB_SERVER_URL", "https://github.com",
            "GITHUB_REPOSITORY", "acme/api",
            "GITHUB_RUN_ID", "4242",
            "GITHUB_RUN_ATTEMPT", "2");

    // when
    Cli cli =
        promotion(
            actions,
            "publish-dev",
            "--ref",
            "main",
            "--chart",
            workspace.checkOutChart("main", "charts/api").toString());

    // then
    assertThat(cli.exitCode()).isZero();
    assertThat(received().get(0).get("runUrl").asText())
        .isEqualTo("https://github.com/acme/api/actions/runs/4242/attempts/2");
  }
}
