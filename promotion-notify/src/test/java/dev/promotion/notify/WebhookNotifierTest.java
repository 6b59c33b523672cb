package dev.promotion.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.PromotionEvent;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("WebhookNotifier")
class WebhookNotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/hooks/T0001/s3cr3t-path-token";
  private static final String SECRET = "hmac-key-do-not-print";

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

  private String url() {
    return server.baseUrl() + PATH;
  }

  private void answer(int status) {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(status)));
  }

  private static void send(Notifier notifier, List<PromotionEvent> events) {
    events.forEach(notifier::on);
  }

  private List<LoggedRequest> received() {
    return server.findAll(postRequestedFor(urlEqualTo(PATH)));
  }

  private JsonNode body(LoggedRequest request) throws IOException {
    return JSON.readTree(request.getBody());
  }

  @Nested
  @DisplayName("payload")
  class Payload {
    @Test
    @DisplayName(
        "a finished promotion is POSTed as JSON with every documented key, and a delivery id")
    void promotion() throws IOException {
      // given
      answer(204);
      WebhookNotifier notifier =
          WebhookNotifier.builder()
              .name("deploy-log")
              .url(url())
              .context(
                  NotificationContext.of("alice")
                      .withRunUrl("https://github.com/acme/api/actions/runs/42"))
              .build();

      // when
      send(notifier, Events.promoted());

      // then
      assertThat(received()).hasSize(1);
      LoggedRequest request = received().get(0);
      JsonNode body = body(request);
      assertThat(body.get("schemaVersion").asInt()).isEqualTo(1);
      assertThat(body.get("event").asText()).isEqualTo("operation.finished");
      assertThat(body.get("operation").asText()).isEqualTo("promote");
      assertThat(body.get("app").asText()).isEqualTo("api");
      assertThat(body.get("outcome").asText()).isEqualTo("done");
      assertThat(body.get("version").asText()).isEqualTo(Events.RC);
      assertThat(body.get("previousVersion").asText()).isEqualTo("0.1.0");
      assertThat(body.get("from").asText()).isEqualTo("test");
      assertThat(body.get("to").asText()).isEqualTo("stage");
      assertThat(body.get("digest").isNull()).isTrue();
      assertThat(body.get("actor").asText()).isEqualTo("alice");
      assertThat(body.get("runUrl").asText())
          .isEqualTo("https://github.com/acme/api/actions/runs/42");
      assertThat(body.get("time").asText()).isEqualTo("2026-12-02T10:15:30Z");
      assertThat(body.get("steps")).hasSize(2);
      assertThat(body.get("steps").get(1).get("name").asText()).isEqualTo("deploy stage");
      assertThat(body.get("steps").get(1).get("status").asText()).isEqualTo("done");
      assertThat(body.get("violations")).isEmpty();
      assertThat(request.getHeader("Content-Type")).startsWith("application/json");
      assertThat(request.getHeader(WebhookNotifier.EVENT_HEADER)).isEqualTo("operation.finished");
      assertThat(request.getHeader(WebhookNotifier.DELIVERY_HEADER))
          .isEqualTo(body.get("id").asText())
          .isNotBlank();
      assertThat(request.containsHeader(WebhookNotifier.SIGNATURE_HEADER)).isFalse();
      assertThat(notifier.deliveries())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.delivered()).isTrue();
                assertThat(d.attempts()).isEqualTo(1);
                assertThat(d.detail()).isEqualTo("HTTP 204");
                assertThat(d.summary())
                    .isEqualTo("promote api " + Events.RC + " test -> stage: done");
              });
    }

    @Test
    @DisplayName("every body matches the JSON Schema shipped in the module's resources")
    void schema() throws IOException {
      // given
      answer(200);
      WebhookNotifier notifier = WebhookNotifier.builder().url(url()).build();
      JsonNode schema;
      try (InputStream in = Notification.class.getResourceAsStream("notification-v1.schema.json")) {
        schema = JSON.readTree(in);
      }

      // when
      send(notifier, Events.promoted());
      send(notifier, Events.alreadyDone());
      send(notifier, Events.blocked("stage is frozen until Monday"));
      send(notifier, Events.failed());
      send(notifier, Events.notRunning());
      send(notifier, Events.imagePublished());

      // then
      assertThat(received()).hasSize(6);
      for (LoggedRequest request : received()) {
        assertMatches(schema, body(request), "$");
      }
    }

    @Test
    @DisplayName(
        "a blocked operation lists its gate violations and says what it was to write; a failed one"
            + " its error")
    void blockedAndFailed() throws IOException {
      // given
      answer(200);
      WebhookNotifier notifier =
          WebhookNotifier.builder()
              .url(url())
              .context(
                  NotificationContext.of("alice")
                      .withPipeline(Pipeline.of("prod", "dev", "test", "stage", "prod")))
              .build();

      // when
      send(notifier, Events.blocked("stage is frozen until Monday"));
      send(notifier, Events.failed());

      // then
      JsonNode blocked = body(received().get(0));
      assertThat(blocked.get("outcome").asText()).isEqualTo("blocked");
      assertThat(blocked.get("violations").get(0).get("gate").asText()).isEqualTo("freeze-window");
      assertThat(blocked.get("violations").get(0).get("message").asText())
          .isEqualTo("stage is frozen until Monday");
      assertThat(blocked.get("to").asText()).isEqualTo("stage");
      assertThat(blocked.get("from").asText()).isEqualTo("test");
      assertThat(blocked.get("version").asText()).isEqualTo(Events.RC);
      assertThat(blocked.get("previousVersion").asText()).isEqualTo("0.1.0");
      assertThat(blocked.get("gitops").get("revision").isNull()).isTrue();
      JsonNode failed = body(received().get(1));
      assertThat(failed.get("event").asText()).isEqualTo("operation.failed");
      assertThat(failed.get("outcome").asText()).isEqualTo("failed");
      assertThat(failed.get("operation").asText()).isEqualTo("release");
      assertThat(failed.get("error").asText()).contains("The registry refused the chart");
      assertThat(failed.get("steps").get(0).get("name").asText()).isEqualTo("read test");
    }

    @Test
    @DisplayName("an image app's publish-dev names dev and the tags, and no source environment")
    void imagePublished() throws IOException {
      // given
      answer(200);
      WebhookNotifier notifier = WebhookNotifier.builder().url(url()).build();

      // when
      send(notifier, Events.imagePublished());

      // then
      JsonNode body = body(received().get(0));
      assertThat(body.get("operation").asText()).isEqualTo("publish-dev");
      assertThat(body.get("to").asText()).isEqualTo("dev");
      assertThat(body.get("version").asText()).isEqualTo("v1.2.3");
      assertThat(body.get("previousVersion").asText()).isEqualTo("v1.2.2");
      assertThat(body.get("from").isNull()).isTrue();
    }

    @Test
    @DisplayName(
        "a write whose new version does not run (the wait's check failed) is not_running, with the"
            + " failed check and the rollback among its steps")
    void notRunning() throws IOException {
      // given
      answer(200);
      WebhookNotifier notifier = WebhookNotifier.builder().url(url()).build();
      WebhookNotifier doneOnly =
          WebhookNotifier.builder().url(url()).events(Set.of(Outcome.DONE)).build();

      // when
      send(notifier, Events.notRunning());
      send(doneOnly, Events.notRunning());

      // then
      assertThat(received()).hasSize(1);
      JsonNode body = body(received().get(0));
      assertThat(body.get("outcome").asText()).isEqualTo("not_running");
      assertThat(body.get("to").asText()).isEqualTo("stage");
      assertThat(body.get("version").asText()).isEqualTo(Events.RC);
      assertThat(body.get("steps").get(1).get("status").asText()).isEqualTo("failed");
      assertThat(body.get("steps").get(2).get("name").asText()).isEqualTo("rollback deploy stage");
      assertThat(notifier.deliveries())
          .singleElement()
          .satisfies(d -> assertThat(d.delivered()).isTrue());
      assertThat(doneOnly.deliveries()).isEmpty();
    }

    @Test
    @DisplayName(
        "the GitOps revision, its link and the digest pin come from the environment's newest revision")
    void revision() throws IOException {
      // given
      answer(200);
      String digest = "sha256:" + "ab".repeat(32);
      HistoryEntry newest =
          new HistoryEntry(
              "api",
              "stage",
              ChartVersion.parse(Events.RC),
              Optional.of(ImageDigest.parse(digest)),
              Optional.of(ChartVersion.parse("0.1.0")),
              "0123abc4567890",
              Events.TIME,
              "alice",
              "promote api",
              List.of());
      WebhookNotifier notifier =
          WebhookNotifier.builder()
              .url(url())
              .context(
                  NotificationContext.of("alice")
                      .withRevisions((app, env) -> Optional.of(newest))
                      .withGitopsCommitUrl("https://github.com/acme/gitops/commit/"))
              .build();

      // when
      send(notifier, Events.promoted());

      // then
      JsonNode body = body(received().get(0));
      assertThat(body.get("gitops").get("revision").asText()).isEqualTo("0123abc4567890");
      assertThat(body.get("gitops").get("commitUrl").asText())
          .isEqualTo("https://github.com/acme/gitops/commit/0123abc4567890");
      assertThat(body.get("digest").asText()).isEqualTo(digest);
    }

    @Test
    @DisplayName("a newest revision of another version (a pull request not merged) is not claimed")
    void otherRevision() throws IOException {
      // given
      answer(200);
      HistoryEntry older =
          new HistoryEntry(
              "api",
              "stage",
              ChartVersion.parse("0.1.0"),
              Optional.empty(),
              "fedcba987",
              Events.TIME,
              "bob",
              "promote api",
              List.of());
      WebhookNotifier notifier =
          WebhookNotifier.builder()
              .url(url())
              .context(NotificationContext.of("alice").withRevisions((a, e) -> Optional.of(older)))
              .build();

      // when
      send(notifier, Events.promoted());

      // then
      assertThat(body(received().get(0)).get("gitops").get("revision").isNull()).isTrue();
    }

    @Test
    @DisplayName("a release names the release source from the pipeline as 'from'")
    void releaseSource() throws IOException {
      // given
      answer(200);
      WebhookNotifier notifier =
          WebhookNotifier.builder()
              .url(url())
              .context(
                  NotificationContext.of("alice")
                      .withPipeline(Pipeline.of("prod", "dev", "test", "stage", "prod")))
              .build();
      dev.promotion.result.ReleaseOutcome outcome =
          new dev.promotion.result.ReleaseOutcome(
              "api",
              ChartVersion.parse(Events.RC),
              ChartVersion.parse("0.2.0"),
              "v0.2.0",
              "abc1234def",
              "sha256:" + "cd".repeat(32),
              "prod");
      dev.promotion.result.Step step = dev.promotion.result.Step.done("deploy prod", "0.2.0");

      // when
      notifier.on(
          new PromotionEvent.OperationFinished(
              "release",
              "api",
              new dev.promotion.result.Result.Done<>(outcome, List.of(step)),
              Events.TIME));

      // then
      JsonNode body = body(received().get(0));
      assertThat(body.get("from").asText()).isEqualTo("stage");
      assertThat(body.get("to").asText()).isEqualTo("prod");
      assertThat(body.get("tag").asText()).isEqualTo("v0.2.0");
      assertThat(body.get("sourceCommit").asText()).isEqualTo("abc1234def");
    }
  }

  @Nested
  @DisplayName("what is told")
  class Told {
    @Test
    @DisplayName(
        "dry runs (planned results, or a failure after planned steps) and read-only operations are not told")
    void notTold() {
      // given
      answer(200);
      WebhookNotifier notifier = WebhookNotifier.builder().url(url()).build();

      // when
      send(notifier, Events.planned());
      send(notifier, Events.plannedThenFailed());
      notifier.on(
          new PromotionEvent.OperationFailed(
              "status", "api", new IllegalStateException("no"), Events.TIME));

      // then
      assertThat(received()).isEmpty();
      assertThat(notifier.deliveries()).isEmpty();
    }

    @Test
    @DisplayName("only the configured outcomes are told")
    void events() throws IOException {
      // given
      answer(200);
      WebhookNotifier notifier =
          WebhookNotifier.builder().url(url()).events(Set.of(Outcome.BLOCKED)).build();

      // when
      send(notifier, Events.promoted());
      send(notifier, Events.blocked("frozen"));

      // then
      assertThat(received()).singleElement();
      assertThat(body(received().get(0)).get("outcome").asText()).isEqualTo("blocked");
    }
  }

  @Nested
  @DisplayName("signature")
  class Signature {
    @Test
    @DisplayName(
        "with a secret, X-Promotion-Signature-256 is sha256= and the HMAC-SHA256 of the exact body bytes")
    void signed() throws Exception {
      // given
      answer(204);
      WebhookNotifier notifier = WebhookNotifier.builder().url(url()).secret(SECRET).build();

      // when
      send(notifier, Events.promoted());

      // then: computed here, independently of the notifier
      LoggedRequest request = received().get(0);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.getBody()));
      assertThat(request.getHeader(WebhookNotifier.SIGNATURE_HEADER)).isEqualTo(expected);
    }

    @Test
    @DisplayName("a body changed by one byte no longer matches the signature")
    void tampered() throws Exception {
      // given
      answer(204);
      WebhookNotifier notifier = WebhookNotifier.builder().url(url()).secret(SECRET).build();
      send(notifier, Events.promoted());
      LoggedRequest request = received().get(0);
      byte[] tampered = request.getBody().clone();
      tampered[tampered.length - 3] ^= 1;

      // when
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String signatureOfTampered = "sha256=" + HexFormat.of().formatHex(mac.doFinal(tampered));

      // then
      assertThat(request.getHeader(WebhookNotifier.SIGNATURE_HEADER))
          .isNotEqualTo(signatureOfTampered);
    }
  }

  @Nested
  @DisplayName("delivery")
  class DeliveryBehaviour {
    @Test
    @DisplayName(
        "5xx and 429 are retried with backoff, with the same delivery id, until the receiver takes it")
    void retried() {
      // given
      server.stubFor(
          post(urlEqualTo(PATH))
              .inScenario("flaky")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(aResponse().withStatus(500))
              .willSetStateTo("second"));
      server.stubFor(
          post(urlEqualTo(PATH))
              .inScenario("flaky")
              .whenScenarioStateIs("second")
              .willReturn(aResponse().withStatus(429))
              .willSetStateTo("third"));
      server.stubFor(
          post(urlEqualTo(PATH))
              .inScenario("flaky")
              .whenScenarioStateIs("third")
              .willReturn(aResponse().withStatus(204)));
      WebhookNotifier notifier = WebhookNotifier.builder().url(url()).retries(2).build();

      // when
      send(notifier, Events.promoted());

      // then
      assertThat(received()).hasSize(3);
      assertThat(
              received().stream().map(r -> r.getHeader(WebhookNotifier.DELIVERY_HEADER)).distinct())
          .hasSize(1);
      assertThat(notifier.deliveries())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.delivered()).isTrue();
                assertThat(d.attempts()).isEqualTo(3);
              });
    }

    @Test
    @DisplayName(
        "retries are bounded: a receiver that keeps failing is given up after 1 + retries attempts")
    void bounded() {
      // given
      answer(503);
      WebhookNotifier notifier = WebhookNotifier.builder().url(url()).retries(1).build();

      // when
      send(notifier, Events.promoted());

      // then
      assertThat(received()).hasSize(2);
      assertThat(notifier.deliveries())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.delivered()).isFalse();
                assertThat(d.detail()).isEqualTo("HTTP 503 after 2 attempts");
              });
    }

    @Test
    @DisplayName("a 4xx is not retried: the receiver refused the request")
    void clientError() {
      // given
      answer(400);
      WebhookNotifier notifier = WebhookNotifier.builder().url(url()).retries(3).build();

      // when
      send(notifier, Events.promoted());

      // then
      assertThat(received()).hasSize(1);
      assertThat(notifier.deliveries())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.delivered()).isFalse();
                assertThat(d.attempts()).isEqualTo(1);
                assertThat(d.detail()).isEqualTo("HTTP 400 (not retried)");
              });
    }

    @Test
    @DisplayName("a dead endpoint (a closed port) is a failed delivery, reported, not an exception")
    void deadEndpoint() throws IOException {
      // given
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      WebhookNotifier notifier =
          WebhookNotifier.builder()
              .url("http://127.0.0.1:" + port + PATH)
              .timeout(Duration.ofSeconds(3))
              .build();

      // when
      send(notifier, Events.promoted());

      // then
      assertThat(notifier.deliveries())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.delivered()).isFalse();
                assertThat(d.detail()).startsWith("connection failed");
                assertThat(d.attempts()).isBetween(1, 3);
              });
    }

    @Test
    @DisplayName("a slow endpoint cannot hold the operation longer than the timeout")
    void slowEndpoint() {
      // given
      server.stubFor(
          post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(60_000)));
      WebhookNotifier notifier =
          WebhookNotifier.builder().url(url()).timeout(Duration.ofSeconds(1)).retries(3).build();

      // when
      long start = System.nanoTime();
      send(notifier, Events.promoted());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      // then
      // a minute per attempt without the bound; generous room for a loaded runner with it
      assertThat(elapsed).isLessThan(Duration.ofSeconds(20));
      assertThat(notifier.deliveries())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.delivered()).isFalse();
                assertThat(d.detail()).startsWith("timed out after 1s");
              });
    }
  }

  @Nested
  @DisplayName("secrets")
  class Secrets {
    @Test
    @DisplayName("the URL and the secret appear in no delivery, no description and nothing printed")
    void neverShown() throws IOException {
      // given
      server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(404)));
      int closed;
      try (ServerSocket socket = new ServerSocket(0)) {
        closed = socket.getLocalPort();
      }
      WebhookNotifier refused = WebhookNotifier.builder().url(url()).secret(SECRET).build();
      WebhookNotifier dead =
          WebhookNotifier.builder()
              .url("http://127.0.0.1:" + closed + PATH)
              .secret(SECRET)
              .timeout(Duration.ofSeconds(2))
              .build();
      PrintStream out = System.out;
      PrintStream err = System.err;
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);

      // when
      System.setOut(capture);
      System.setErr(capture);
      try {
        send(refused, Events.promoted());
        send(dead, Events.failed());
      } finally {
        System.setOut(out);
        System.setErr(err);
      }

      // then
      String shown =
          printed.toString(StandardCharsets.UTF_8)
              + refused.deliveries()
              + dead.deliveries()
              + refused
              + dead;
      assertThat(refused.deliveries())
          .singleElement()
          .satisfies(d -> assertThat(d.delivered()).isFalse());
      assertThat(dead.deliveries())
          .singleElement()
          .satisfies(d -> assertThat(d.delivered()).isFalse());
      assertThat(shown)
          .doesNotContain("s3cr3t-path-token")
          .doesNotContain(SECRET)
          .doesNotContain(PATH);
    }

    @Test
    @DisplayName("a URL that is not absolute http(s) is refused without being repeated")
    void badUrl() {
      assertThatThrownBy(() -> WebhookNotifier.builder().url("ftp://host/s3cr3t-path-token"))
          .isInstanceOf(IllegalArgumentException.class)
          .message()
          .doesNotContain("s3cr3t-path-token");
      assertThatThrownBy(() -> WebhookNotifier.builder().url("hooks/s3cr3t-path-token"))
          .isInstanceOf(IllegalArgumentException.class)
          .message()
          .doesNotContain("s3cr3t-path-token");
    }
  }

  /**
   * Checks a JSON value against the subset of JSON Schema the schema file uses: type (with null),
   * const, enum, pattern, required, additionalProperties false, properties and items.
   */
  static void assertMatches(JsonNode schema, JsonNode value, String where) {
    JsonNode type = schema.get("type");
    if (type != null) {
      Set<String> types = new TreeSet<>();
      if (type.isArray()) {
        type.forEach(t -> types.add(t.asText()));
      } else {
        types.add(type.asText());
      }
      assertThat(types).as(where + " is " + value.getNodeType()).contains(typeOf(value));
    }
    if (value.isNull()) {
      return;
    }
    if (schema.has("const")) {
      assertThat(value).as(where).isEqualTo(schema.get("const"));
    }
    if (schema.has("enum")) {
      assertThat(schema.get("enum")).as(where).contains(value);
    }
    if (schema.has("pattern")) {
      assertThat(value.asText()).as(where).matches(schema.get("pattern").asText());
    }
    if (value.isObject()) {
      Set<String> keys = new TreeSet<>();
      value.fieldNames().forEachRemaining(keys::add);
      Set<String> required = new TreeSet<>();
      schema.path("required").forEach(r -> required.add(r.asText()));
      assertThat(keys).as(where + " keys").containsAll(required);
      JsonNode properties = schema.path("properties");
      if (schema.path("additionalProperties").isBoolean()
          && !schema.get("additionalProperties").asBoolean()) {
        Set<String> allowed = new TreeSet<>();
        properties.fieldNames().forEachRemaining(allowed::add);
        assertThat(allowed).as(where + " allows").containsAll(keys);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        if (value.has(property.getKey())) {
          assertMatches(
              property.getValue(), value.get(property.getKey()), where + "." + property.getKey());
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        assertMatches(schema.get("items"), value.get(i), where + "[" + i + "]");
      }
    }
  }

  private static String typeOf(JsonNode value) {
    if (value.isNull()) {
      return "null";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isObject()) {
      return "object";
    }
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
