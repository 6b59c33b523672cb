package dev.promotion.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.BackendException;
import dev.promotion.error.ReleaseAssetTooLargeException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.scm.github.fake.FakeGitHub;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kohsuke.github.GitHubBuilder;

/**
 * Release assets (seed 002's {@code digest.txt}): "Get a release by tag name", its {@code
 * assets[]}, and "Get a release asset" with {@code Accept: application/octet-stream}, which GitHub
 * answers with a {@code 302} to its asset host and a signed URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("GitHubSourceControl reads release assets")
class GitHubReleaseAssetsTest {
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  private final FakeGitHubServer server = new FakeGitHubServer();
  private Rig rig;
  private FakeGitHub github;
  private GitHubSourceControl scm;

  @BeforeEach
  void releaseWithDigestFile() {
    rig = new Rig(server);
    github = rig.github;
    github.tag("v1.2.3", rig.initialCommit);
    github.release("v1.2.3", "notes");
    github.releaseAsset("v1.2.3", "digest.txt", (DIGEST + "\n").getBytes(StandardCharsets.UTF_8));
    scm = rig.scm();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  @DisplayName("downloads the asset through the asset host, without sending the token there")
  void downloadsWithoutToken() {
    byte[] content = scm.releaseAsset("v1.2.3", "digest.txt", 1024).orElseThrow();

    assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo(DIGEST + "\n");
    assertThat(github.assetHostRequests()).containsExactly(1, 0);
  }

  @Test
  @DisplayName("a release without that asset, or no release for the tag, is empty")
  void absent() {
    assertThat(scm.releaseAsset("v1.2.3", "checksums.txt", 1024)).isEmpty();
    assertThat(scm.releaseAsset("v9.9.9", "digest.txt", 1024)).isEmpty();
    assertThat(github.assetHostRequests()).containsExactly(0, 0);
  }

  @Test
  @DisplayName("an asset larger than the limit is refused without downloading it")
  void tooLargeBySize() {
    github.releaseAsset("v1.2.3", "big.txt", new byte[4096]);

    assertThatThrownBy(() -> scm.releaseAsset("v1.2.3", "big.txt", 1024))
        .isInstanceOf(ReleaseAssetTooLargeException.class)
        .hasMessageContaining("larger than 1024 bytes");
    assertThat(github.assetHostRequests()).containsExactly(0, 0);
  }

  @Test
  @DisplayName("an asset host that sends more than the listed size is cut at the limit")
  void tooLargeByContent() {
    server
        .wireMock()
        .stubFor(
            get(urlPathMatching("/github-production-release-asset/.*"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(200).withBody("x".repeat(1_000_000))));

    assertThatThrownBy(() -> scm.releaseAsset("v1.2.3", "digest.txt", 1024))
        .isInstanceOf(ReleaseAssetTooLargeException.class);
  }

  @Test
  @DisplayName("a redirect to another host other than the 302 to the asset host is refused")
  void otherRedirectsRefused() {
    server
        .wireMock()
        .stubFor(
            get(urlPathMatching("/repos/acme/api/releases/assets/.*"))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(301)
                        .withHeader("Location", "http://localhost:1/elsewhere")));

    assertThatThrownBy(() -> scm.releaseAsset("v1.2.3", "digest.txt", 1024))
        .isInstanceOf(BackendException.class)
        .hasMessageNotContaining(Rig.TOKEN);
    assertThat(github.assetHostRequests()).containsExactly(0, 0);
  }

  @Test
  @DisplayName("over an injected github-api client the capability is unsupported")
  void injectedClient() throws Exception {
    GitHubSourceControl injected =
        rig.builder()
            .client(
                new GitHubBuilder().withEndpoint(server.apiUrl()).withOAuthToken(Rig.TOKEN).build())
            .build();

    assertThatThrownBy(() -> injected.releaseAsset("v1.2.3", "digest.txt", 1024))
        .isInstanceOf(UnsupportedCapabilityException.class);
  }
}
