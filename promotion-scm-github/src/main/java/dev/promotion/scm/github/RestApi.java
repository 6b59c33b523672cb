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
 * The few GitHub endpoints github-api 1.330 does not offer, called as plain JSON over the same
 * {@link HttpTransport} (same retry and rate-limit policy) with the same credentials: minting an
 * App installation token, finding the App's installation, and generating release notes with an
 * explicit previous tag ({@code POST /repos/{owner}/{repo}/releases/generate-notes}).
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

  private JsonNode callAuthorized(
      String method, String path, JsonNode body, Authorization authorization, boolean retrySafe)
      throws IOException {
    String header = authorization.header();
    try {
      return call(method, path, body, header, retrySafe);
    } catch (ApiFailure failure) {
      if (failure.status() == 401 && !authorization.header().equals(header)) {
        return call(method, path, body, authorization.header(), retrySafe);
      }
      throw failure;
    }
  }

  private JsonNode call(
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
    return response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
  }
}
