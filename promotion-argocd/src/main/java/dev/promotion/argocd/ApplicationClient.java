package dev.promotion.argocd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotion.error.BackendException;
import dev.promotion.spi.LiveApplication;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/applications/{name}?refresh=normal} on one server, with bounded timeouts and
 * retries. What it reports never holds the token: exception messages of the JDK are not passed on
 * (only their type), and the token is only ever put in the {@code Authorization} header.
 */
final class ApplicationClient {
  /** The largest answer read: an Application with thousands of resources stays well below. */
  static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ApplicationClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ArgoCdServer server;

  ApplicationClient(ArgoCdServer server) {
    this.server = server;
  }

  /**
   * The Application as JSON, or empty when Argo CD answers 404 (not created yet).
   *
   * @throws ArgoCdAccessException on 401 and 403
   * @throws BackendException when the server cannot be reached or fails after the retries, or
   *     answers something that is not the Argo CD API
   */
  Optional<JsonNode> get(LiveApplication application) {
    URI uri = uri(application);
    String what = "application " + application.qualifiedName() + " at " + server.url();
    String last = "not sent";
    for (int attempt = 1; ; attempt++) {
      Answer answer = send(uri);
      switch (answer.kind) {
        case OK:
          return Optional.of(json(answer.body, what));
        case NOT_FOUND:
          return Optional.empty();
        case UNAUTHORIZED:
          throw new ArgoCdAccessException(
              "Argo CD at "
                  + server.url()
                  + " refused the token from "
                  + server.token().describe()
                  + " (HTTP 401) reading "
                  + application.qualifiedName()
                  + "; check that the token is an Argo CD API token (argocd account"
                  + " generate-token) that has not expired or been revoked.");
        case FORBIDDEN:
          throw new ArgoCdAccessException(
              "Argo CD at "
                  + server.url()
                  + " denies reading application "
                  + application.qualifiedName()
                  + " (HTTP 403: permission denied); give the token's account 'get' on"
                  + " applications of its project, and check the name: without a project"
                  + " setting Argo CD also answers 403 for an application that does not exist.");
        case FAILED:
          throw new BackendException(ArgoCdServer.BACKEND, false, what + ": " + answer.detail);
        case RETRY:
          last = answer.detail;
          break;
      }
      if (attempt >= server.attempts()) {
        throw new BackendException(
            ArgoCdServer.BACKEND,
            true,
            what + ": " + last + " after " + attempt + " attempt" + (attempt == 1 ? "" : "s"));
      }
      long wait = backoff(attempt);
      LOG.debug(
          "Argo CD {}: {}; retrying in {} ms", what, last, TimeUnit.NANOSECONDS.toMillis(wait));
      sleep(wait, what);
    }
  }

  private URI uri(LiveApplication application) {
    StringBuilder query = new StringBuilder("refresh=normal");
    Optional<String> namespace =
        application.namespace().map(ArgoCdNames::namespace).or(server::appNamespace);
    namespace.ifPresent(ns -> query.append("&appNamespace=").append(encode(ns)));
    server.project().ifPresent(p -> query.append("&project=").append(encode(p)));
    return URI.create(
        server.url()
            + "/api/v1/applications/"
            + encode(ArgoCdNames.application(application.name()))
            + "?"
            + query);
  }

  private enum Kind {
    OK,
    NOT_FOUND,
    UNAUTHORIZED,
    FORBIDDEN,
    FAILED,
    RETRY
  }

  private record Answer(Kind kind, byte[] body, String detail) {
    static Answer of(Kind kind, String detail) {
      return new Answer(kind, new byte[0], detail);
    }
  }

  private Answer send(URI uri) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(server.requestTimeout())
            .header("Authorization", "Bearer " + server.token().read())
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = server.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      return Answer.of(Kind.RETRY, "no answer within " + seconds(server.requestTimeout()));
    } catch (javax.net.ssl.SSLException e) {
      return Answer.of(
          Kind.FAILED,
          "the TLS handshake failed ("
              + e.getClass().getSimpleName()
              + "); if the server's certificate is signed by your own CA, give its PEM file as"
              + " caBundle");
    } catch (IOException e) {
      return Answer.of(Kind.RETRY, "connection failed (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(ArgoCdServer.BACKEND, true, "interrupted while reading");
    }
    int status = response.statusCode();
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      return Answer.of(Kind.RETRY, "the answer broke off (" + e.getClass().getSimpleName() + ")");
    }
    if (body.length > MAX_BODY_BYTES) {
      return Answer.of(Kind.FAILED, "the answer is larger than " + MAX_BODY_BYTES + " bytes");
    }
    if (status == 200) {
      return new Answer(Kind.OK, body, "HTTP 200");
    }
    if (status == 401) {
      return Answer.of(Kind.UNAUTHORIZED, "HTTP 401");
    }
    if (status == 403) {
      return Answer.of(Kind.FORBIDDEN, "HTTP 403");
    }
    if (status == 404) {
      return isArgoCdError(body)
          ? Answer.of(Kind.NOT_FOUND, "HTTP 404")
          : Answer.of(
              Kind.FAILED,
              "HTTP 404 without an Argo CD error body; check that the URL is Argo CD's API server"
                  + " (the address of its web UI)");
    }
    if (status >= 500 || status == 429) {
      return Answer.of(Kind.RETRY, "HTTP " + status + errorMessage(body));
    }
    return Answer.of(Kind.FAILED, "HTTP " + status + errorMessage(body));
  }

  /** Argo CD's gateway answers errors as {@code runtimeError}: {@code error, code, message}. */
  private static boolean isArgoCdError(byte[] body) {
    try {
      JsonNode error = JSON.readTree(body);
      return error != null && error.path("code").isInt();
    } catch (IOException e) {
      return false;
    }
  }

  private static String errorMessage(byte[] body) {
    try {
      JsonNode error = JSON.readTree(body);
      if (error != null && error.path("message").isTextual()) {
        String message = error.path("message").asText().strip();
        message = message.length() > 300 ? message.substring(0, 300) + "..." : message;
        return ": " + message.replaceAll("\\p{Cntrl}", " ");
      }
    } catch (IOException e) {
      // not Argo CD's error shape: the status alone says enough
    }
    return "";
  }

  private static JsonNode json(byte[] body, String what) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BackendException(
          ArgoCdServer.BACKEND, false, what + ": the answer is not JSON; is this Argo CD's API?");
    } catch (IOException e) {
      throw new BackendException(ArgoCdServer.BACKEND, true, what + ": the answer broke off");
    }
  }

  private long backoff(int attempt) {
    long base = server.firstBackoff().toNanos() << Math.min(attempt - 1, 10);
    return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private static void sleep(long nanos, String what) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(ArgoCdServer.BACKEND, true, what + ": interrupted while waiting");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
