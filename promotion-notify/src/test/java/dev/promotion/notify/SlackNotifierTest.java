package dev.promotion.notify;

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
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.PromotionEvent;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SlackNotifier")
class SlackNotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // The shape of a Slack incoming webhook URL: the path is the credential.
  private static final String PATH = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";

  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private SlackNotifier notifier(NotificationContext context) {
    return SlackNotifier.builder().url(server.baseUrl() + PATH).context(context).build();
  }

  private List<JsonNode> messages() throws IOException {
    List<JsonNode> bodies = new ArrayList<>();
    for (LoggedRequest r : server.findAll(postRequestedFor(urlEqualTo(PATH)))) {
      bodies.add(JSON.readTree(r.getBody()));
    }
    return bodies;
  }

  /** Every mrkdwn text of a message, joined. */
  private static String texts(JsonNode message) {
    StringBuilder all = new StringBuilder(message.get("text").asText()).append('\n');
    for (JsonNode block : message.get("blocks")) {
      block
          .findValues("text")
          .forEach(
              t -> all.append(t.isTextual() ? t.asText() : t.path("text").asText()).append('\n'));
    }
    return all.toString();
  }

  @Test
  @DisplayName(
      "a promotion is a message: app, version, from -> to, actor, links to the run and the GitOps commit")
  void promotion() throws IOException {
    // given: Slack answers 200 ok
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    HistoryEntry newest =
        new HistoryEntry(
            "api",
            "stage",
            ChartVersion.parse(Events.RC),
            Optional.empty(),
            "0123abc4567890",
            Events.TIME,
            "alice",
            "promote",
            List.of());
    SlackNotifier slack =
        notifier(
            NotificationContext.of("alice")
                .withRunUrl("https://github.com/acme/api/actions/runs/42")
                .withRevisions((a, e) -> Optional.of(newest))
                .withGitopsCommitUrl("https://github.com/acme/gitops/commit/"));

    // when
    Events.promoted().forEach(slack::on);

    // then
    List<JsonNode> messages = messages();
    assertThat(messages).hasSize(1);
    JsonNode message = messages.get(0);
    assertThat(message.get("text").asText())
        .isEqualTo("promote api " + Events.RC + " test -&gt; stage: done (by alice)");
    assertThat(message.get("blocks")).isNotEmpty();
    for (JsonNode block : message.get("blocks")) {
      assertThat(block.get("type").asText()).isIn("section", "context");
    }
    String texts = texts(message);
    assertThat(texts)
        .contains("`api`")
        .contains("`" + Events.RC + "`")
        .contains("test -&gt; stage")
        .contains("*Actor*\nalice")
        .contains("<https://github.com/acme/api/actions/runs/42|CI run>")
        .contains("<https://github.com/acme/gitops/commit/0123abc4567890|0123abc>");
    assertThat(slack.deliveries())
        .singleElement()
        .satisfies(d -> assertThat(d.delivered()).isTrue());
  }

  @Test
  @DisplayName(
      "a blocked promotion lists its gates; text from outside is escaped so it cannot ping or link")
  void blocked() throws IOException {
    // given
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    SlackNotifier slack = notifier(NotificationContext.of("<!channel>"));

    // when
    Events.blocked("stage is frozen <until> Monday & later").forEach(slack::on);

    // then
    String texts = texts(messages().get(0));
    assertThat(texts)
        .contains("Blocked by gates, nothing was written")
        .contains("• *freeze-window*: stage is frozen &lt;until&gt; Monday &amp; later")
        .contains("&lt;!channel&gt;")
        .doesNotContain("<!channel>");
  }

  @Test
  @DisplayName(
      "by default Slack is told done, not running, blocked and failed, not already done; a version"
          + " that does not run is a warning with its failed check")
  void defaults() throws IOException {
    // given
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    SlackNotifier slack = notifier(NotificationContext.of("alice"));

    // when
    Events.alreadyDone().forEach(slack::on);
    Events.failed().forEach(slack::on);
    Events.notRunning().forEach(slack::on);

    // then
    List<JsonNode> messages = messages();
    assertThat(messages).hasSize(2);
    assertThat(texts(messages.get(0))).contains("*Failed:* The registry refused the chart");
    assertThat(texts(messages.get(1)))
        .contains(":warning:")
        .contains("not running")
        .contains("is Degraded in stage")
        .contains("rollback deploy stage");
  }

  @Test
  @DisplayName("Slack's 404 no_service is not retried and the URL is not shown")
  void noService() {
    // given: what Slack answers for a revoked webhook
    server.stubFor(
        post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(404).withBody("no_service")));
    SlackNotifier slack = notifier(NotificationContext.of("alice"));

    // when
    slack.on(
        new PromotionEvent.OperationFailed(
            "promote", "api", new IllegalStateException("boom"), Events.TIME));

    // then
    assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    assertThat(slack.deliveries())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.detail()).isEqualTo("HTTP 404 (not retried)");
              assertThat(d.toString()).doesNotContain("XXXXXXXX").doesNotContain("/services/");
            });
  }
}
