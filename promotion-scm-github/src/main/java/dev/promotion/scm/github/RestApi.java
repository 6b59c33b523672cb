package dev.promotion.scm.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GitHub endpoints github-api 1.330 does not offer, or offers incompletely, called as plain
 * JSON over the same {@link HttpTransport} (same retry and rate-limit policy) with the same
 * credentials: minting an App installation token, finding the App's installation, generating
 * release notes with an explicit previous tag ({@code POST
 * /repos/{owner}/{repo}/releases/generate-notes}), and the Deployments API (github-api reads
 * neither a deployment status's {@code description} nor a {@code 202} answer, and sends the payload
 * only as a string).
 */
final class RestApi {
  private static final String MEDIA_TYPE = "application/vnd.github+json";
  private static final String API_VERSION = "2022-11-28";

  private final String apiUrl;
  private final HttpTransport transport;
  private final ObjectMapper json;

  RestApi(String apiUrl, HttpTransport transport, ObjectMapper json) {
    this.apiUrl = apiUrl;
    this.transport = transport;
    this.json = json;
  }

  /** An installation access token and when it expires. */
  record InstallationToken(Secret token, Instant expiresAt) {}

  /** Release notes as GitHub generates them. */
  record GeneratedNotes(String name, String body) {}

  /** A successful answer: its status (GitHub answers some writes 202 instead of 201) and body. */
  record Answer(int status, JsonNode body) {}

  long installationId(String owner, String repository, String jwt) throws IOException {
    JsonNode installation =
        call(
            "GET",
            "/repos/" + owner + "/" + repository + "/installation",
            null,
            "Bearer " + jwt,
            true);
    return installation.path("id").asLong();
  }

  InstallationToken createInstallationToken(long installationId, String repository, String jwt)
      throws IOException {
    ObjectNode body = json.createObjectNode();
    body.putArray("repositories").add(repository);
    // Minting a token changes nothing else on GitHub, so the request is safe to send again.
    JsonNode token =
        call(
            "POST",
            "/app/installations/" + installationId + "/access_tokens",
            body,
            "Bearer " + jwt,
            true);
    String value = token.path("token").asText("");
    if (value.isEmpty()) {
      throw new IOException("GitHub answered the installation token request without a token");
    }
    return new InstallationToken(
        new Secret(value), Instant.parse(token.path("expires_at").asText()));
  }

  GeneratedNotes generateNotes(
      String owner,
      String repository,
      String tag,
      String commit,
      Optional<String> previousTag,
      Authorization authorization)
      throws IOException {
    ObjectNode body = json.createObjectNode();
    body.put("tag_name", tag);
    body.put("target_commitish", commit);
    previousTag.ifPresent(previous -> body.put("previous_tag_name", previous));
    String path = "/repos/" + owner + "/" + repository + "/releases/generate-notes";
    // generate-notes is a POST that only computes text: repeating it is safe.
    JsonNode notes = callAuthorized("POST", path, body, authorization, true);
    return new GeneratedNotes(notes.path("name").asText(tag), notes.path("body").asText(""));
  }

  /**
   * Sends one request with the credentials, refreshing them once when GitHub answers 401.
   *
   * @param pathAndQuery from the API root, query already encoded
   * @throws ApiFailure when GitHub answers with a status outside 2xx
   */
  Answer exchange(
      String method,
      String pathAndQuery,
      JsonNode body,
      Authorization authorization,
      boolean retrySafe)
      throws IOException {
    String header = authorization.header();
    try {
      return send(method, pathAndQuery, body, header, retrySafe);
    } catch (ApiFailure failure) {
      if (failure.status() == 401 && !authorization.header().equals(header)) {
        return send(method, pathAndQuery, body, authorization.header(), retrySafe);
      }
      throw failure;
    }
  }

  /**
   * Downloads a release asset ({@code GET /repos/{owner}/{repo}/releases/assets/{id}} with {@code
   * Accept: application/octet-stream}), at most {@code maxBytes}; see {@link
   * HttpTransport#download}.
   *
   * @throws ApiFailure when GitHub (or its asset host) answers with a status outside 2xx
   * @throws BodyTooLargeException when the asset holds more than {@code maxBytes}
   */
  byte[] downloadAsset(String path, Authorization authorization, long maxBytes) throws IOException {
    Map<String, List<String>> headers =
        Map.of(
            "Accept", List.of("application/octet-stream"),
            "X-GitHub-Api-Version", List.of(API_VERSION),
            "Authorization", List.of(authorization.header()));
    HttpTransport.Request request =
        new HttpTransport.Request("GET", URI.create(apiUrl + path), headers, new byte[0], true);
    HttpTransport.Response response = transport.download(request, maxBytes);
    if (response.status() < 200 || response.status() > 299) {
      throw new ApiFailure(request.describe(), response.status(), "");
    }
    return response.body();
  }

  ObjectNode object() {
    return json.createObjectNode();
  }

  private JsonNode callAuthorized(
      String method, String path, JsonNode body, Authorization authorization, boolean retrySafe)
      throws IOException {
    return exchange(method, path, body, authorization, retrySafe).body();
  }

  private JsonNode call(
      String method, String path, JsonNode body, String authorization, boolean retrySafe)
      throws IOException {
    return send(method, path, body, authorization, retrySafe).body();
  }

  private Answer send(
      String method, String path, JsonNode body, String authorization, boolean retrySafe)
      throws IOException {
    byte[] bytes = body == null ? new byte[0] : json.writeValueAsBytes(body);
    Map<String, List<String>> headers =
        body == null
            ? Map.of(
                "Accept", List.of(MEDIA_TYPE),
                "X-GitHub-Api-Version", List.of(API_VERSION),
                "Authorization", List.of(authorization))
            : Map.of(
                "Accept", List.of(MEDIA_TYPE),
                "X-GitHub-Api-Version", List.of(API_VERSION),
                "Authorization", List.of(authorization),
                "Content-Type", List.of("application/json"));
    HttpTransport.Request request =
        new HttpTransport.Request(method, URI.create(apiUrl + path), headers, bytes, retrySafe);
    HttpTransport.Response response = transport.send(request);
    if (response.status() < 200 || response.status() > 299) {
      throw new ApiFailure(
          request.describe(),
          response.status(),
          new String(response.body(), StandardCharsets.UTF_8));
    }
    return new Answer(
        response.status(),
        response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body()));
  }
}
