package dev.promotion.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.BackendException;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("GitHub App authentication")
class GitHubAppAuthenticationTest {
  private static final String APP_ID = "314159";
  private static final String TOKENS = "/app/installations/4242/access_tokens";

  private final FakeGitHubServer server = new FakeGitHubServer();
  private final TestKeys keys = new TestKeys();
  private Rig rig;

  @BeforeEach
  void freshRepository() {
    rig = new Rig(server);
    rig.github.app(APP_ID, keys.pair.getPublic(), 4242);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  @DisplayName(
      "the App signs a JWT, finds its installation once and works with the installation token")
  void authenticates() {
    GitHubSourceControl scm = rig.builder().gitHubApp(APP_ID, keys.pkcs1Pem()).build();

    assertThat(scm.branchHead("main")).contains(rig.initialCommit);
    assertThat(scm.readFile("main", Rig.CHART)).contains(Rig.CHART_V1);

    assertThat(rig.github.issuedInstallationTokens()).hasSize(1);
    server
        .wireMock()
        .verify(exactly(1), getRequestedFor(urlPathEqualTo("/repos/acme/api/installation")));
    server.wireMock().verify(exactly(1), postRequestedFor(urlPathEqualTo(TOKENS)));
    assertThat(scm.toString()).contains("GitHub App " + APP_ID).doesNotContain("PRIVATE KEY");
  }

  @Test
  @DisplayName("a PKCS#8 key works too, and a configured installation id skips the lookup")
  void pkcs8AndInstallationId() {
    GitHubSourceControl scm =
        rig.builder().gitHubApp(APP_ID, keys.pkcs8Pem()).installationId(4242).build();

    assertThat(scm.branchHead("main")).isPresent();
    server
        .wireMock()
        .verify(exactly(0), getRequestedFor(urlPathEqualTo("/repos/acme/api/installation")));
  }

  @Test
  @DisplayName("the installation token is kept until five minutes before it expires, then replaced")
  void refreshesBeforeExpiry() {
    GitHubSourceControl scm = rig.builder().gitHubApp(APP_ID, keys.pkcs1Pem()).build();
    scm.branchHead("main");

    rig.clock.advance(Duration.ofMinutes(54));
    scm.branchHead("main");
    assertThat(rig.github.issuedInstallationTokens()).hasSize(1);

    rig.clock.advance(Duration.ofMinutes(2));
    scm.branchHead("main");
    assertThat(rig.github.issuedInstallationTokens()).hasSize(2);
  }

  @Test
  @DisplayName("a token GitHub stops accepting is replaced after the 401, and the call succeeds")
  void replacesRejectedToken() {
    GitHubSourceControl scm = rig.builder().gitHubApp(APP_ID, keys.pkcs1Pem()).build();
    scm.branchHead("main");
    rig.github.revokeInstallationTokens();

    assertThat(scm.branchHead("main")).contains(rig.initialCommit);
    assertThat(rig.github.issuedInstallationTokens()).hasSize(2);
  }

  @Test
  @DisplayName(
      "a key GitHub does not know ends in a non-retryable BackendException about the credentials")
  void wrongKey() {
    GitHubSourceControl scm = rig.builder().gitHubApp(APP_ID, new TestKeys().pkcs1Pem()).build();

    assertThatThrownBy(() -> scm.branchHead("main"))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("401");
    assertThat(rig.github.issuedInstallationTokens()).isEmpty();
  }

  @Test
  @DisplayName(
      "a private key that is not a PEM RSA key is refused when building, without repeating it")
  void badKey() {
    String notAKey =
        "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LXNlY3JldC1zZWNyZXQ=\n-----END RSA PRIVATE KEY-----\n";

    assertThatThrownBy(() -> rig.builder().gitHubApp(APP_ID, notAKey).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("could not be read as an RSA key")
        .hasMessageNotContaining("c2VjcmV0")
        .hasNoCause();
    assertThatThrownBy(() -> rig.builder().gitHubApp(APP_ID, "hunter2-hunter2").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
  }
}
