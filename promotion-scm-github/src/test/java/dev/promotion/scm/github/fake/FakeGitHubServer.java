package dev.promotion.scm.github.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves a {@link FakeGitHub} over HTTP on 127.0.0.1 with WireMock. Every request reaches the fake
 * through a catch-all stub of low priority; a test adds higher-priority stubs to inject faults,
 * either instead of the fake ({@code 403}, {@code 500}) or after it ({@link #processedThenAnswer}:
 * the fake applies the request, the client sees a failure).
 */
public final class FakeGitHubServer implements AutoCloseable {
  public static final String TRANSFORMER = "fake-github";
  public static final int FAKE_PRIORITY = 10;

  private final WireMockServer server;
  private volatile FakeGitHub github;
  private volatile String pathPrefix = "";

  public FakeGitHubServer() {
    server =
        new WireMockServer(
            options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(new Transformer())
                .notifier(new Silent()));
    server.start();
  }

  /** Forgets all state and stubs, and starts a fresh fake for {@code owner/name}. */
  public FakeGitHub reset(String owner, String name, Clock clock) {
    return reset(owner, name, clock, "");
  }

  /**
   * As {@link #reset(String, String, Clock)}, with the API under a path such as {@code /api/v3}.
   */
  public FakeGitHub reset(String owner, String name, Clock clock, String pathPrefix) {
    server.resetAll();
    server.stubFor(
        any(anyUrl())
            .atPriority(FAKE_PRIORITY)
            .willReturn(aResponse().withTransformers(TRANSFORMER)));
    this.pathPrefix = pathPrefix;
    github = new FakeGitHub(owner, name, serverUrl(), pathPrefix, clock);
    return github;
  }

  /** The API root the adapter is configured with. */
  public String apiUrl() {
    return serverUrl() + pathPrefix;
  }

  private String serverUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public FakeGitHub github() {
    return github;
  }

  public WireMockServer wireMock() {
    return server;
  }

  /** Lets the fake apply the request, then answers {@code status} with an HTML body instead. */
  public static ResponseDefinitionBuilder processedThenAnswer(int status) {
    return aResponse()
        .withTransformers(TRANSFORMER)
        .withTransformerParameter("replaceStatus", status);
  }

  /**
   * Answers {@code status} with a body that repeats the request's {@code Authorization} header, as
   * a misbehaving proxy might: the adapter must not let it reach a message.
   */
  public static ResponseDefinitionBuilder echoingCredentials(int status) {
    return aResponse()
        .withTransformers(TRANSFORMER)
        .withTransformerParameter("echoAuthorization", status);
  }

  /** Lets the fake apply the request, then holds the answer back for {@code millis}. */
  public static ResponseDefinitionBuilder processedThenDelayed(int millis) {
    return aResponse().withTransformers(TRANSFORMER).withFixedDelay(millis);
  }

  @Override
  public void close() {
    server.stop();
  }

  private final class Transformer implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent event) {
      LoggedRequest request = event.getRequest();
      String url = request.getUrl();
      int question = url.indexOf('?');
      String path = question < 0 ? url : url.substring(0, question);
      String query = question < 0 ? "" : url.substring(question + 1);
      Map<String, String> headers = new LinkedHashMap<>();
      for (HttpHeader header : request.getHeaders().all()) {
        headers.put(header.key().toLowerCase(Locale.ROOT), header.firstValue());
      }
      Parameters parameters = event.getTransformerParameters();
      ResponseDefinitionBuilder builder =
          ResponseDefinitionBuilder.like(event.getResponseDefinition()).but();
      if (parameters != null && parameters.containsKey("echoAuthorization")) {
        String credential = headers.getOrDefault("authorization", "");
        return builder
            .withStatus(((Number) parameters.get("echoAuthorization")).intValue())
            .withHeaders(new HttpHeaders(new HttpHeader("Content-Type", "application/json")))
            .withBody(
                "{\"message\":\"Rejected credential "
                    + credential
                    + " (raw: "
                    + credential.replaceFirst("^(Bearer|token) ", "")
                    + ")\",\"errors\":[\""
                    + credential
                    + "\"]}")
            .build();
      }
      FakeGitHub.Response response =
          github.handle(
              new FakeGitHub.Request(
                  request.getMethod().getName(),
                  path,
                  FakeGitHub.parseQuery(query),
                  headers,
                  request.getBodyAsString()));
      if (parameters != null && parameters.containsKey("replaceStatus")) {
        int status = ((Number) parameters.get("replaceStatus")).intValue();
        return builder
            .withStatus(status)
            .withHeaders(new HttpHeaders(new HttpHeader("Content-Type", "text/html")))
            .withBody("<html><body><h1>" + status + " Bad Gateway</h1></body></html>")
            .build();
      }
      List<HttpHeader> list = new ArrayList<>();
      response.headers().forEach((k, v) -> list.add(new HttpHeader(k, v)));
      return builder
          .withStatus(response.status())
          .withHeaders(new HttpHeaders(list))
          .withBody(response.body())
          .build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return TRANSFORMER;
    }
  }

  private static final class Silent implements Notifier {
    @Override
    public void info(String message) {}

    @Override
    public void error(String message) {}

    @Override
    public void error(String message, Throwable t) {}
  }
}
