package dev.promotion.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GitHubSourceControl refuses a file that is not UTF-8 instead of replacing its bytes")
class GitHubNonUtf8FileTest {
  private final FakeGitHubServer server = new FakeGitHubServer();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName(
      "readFile of a Latin-1 Chart.yaml is an InvalidManifestException naming ref and path")
  void readFile() {
    Rig rig = new Rig(server);
    byte[] latin1 =
        "apiVersion: v2\nname: api\ndescription: Caf\u00e9\nversion: 0.1.0\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    // The contents API returns a file's bytes as they are in git, base64-encoded
    // (https://docs.github.com/en/rest/repos/contents#get-repository-content); GitHub does not
    // transcode them. The fake holds text only, so this one answer is stubbed over it.
    server
        .wireMock()
        .stubFor(
            get(urlPathEqualTo("/repos/acme/api/contents/" + Rig.CHART))
                .atPriority(1)
                .willReturn(
                    okJson(
                        "{\"type\":\"file\",\"encoding\":\"base64\",\"size\":"
                            + latin1.length
                            + ",\"name\":\"Chart.yaml\",\"path\":\""
                            + Rig.CHART
                            + "\",\"content\":\""
                            + Base64.getEncoder().encodeToString(latin1)
                            + "\",\"sha\":\"3f4b1a2c9e8d7f6a5b4c3d2e1f0a9b8c7d6e5f4a\"}")));

    InvalidManifestException e =
        catchThrowableOfType(
            InvalidManifestException.class, () -> rig.scm().readFile("main", Rig.CHART));

    assertThat(e).isNotNull();
    assertThat(e.path()).isEqualTo("main:" + Rig.CHART);
    assertThat(e.getMessage()).contains("is not valid UTF-8");
  }
}
