package dev.promotion.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.BackendException;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import dev.promotion.spi.CommitResult;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.ReleaseResult;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A renamed repository: GitHub answers the old name with 301 (GET) or 307 (other methods) to the
 * same API host, and the adapter's own calls follow as the library's do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("GitHubSourceControl on a renamed repository")
class RenamedRepositoryTest {
  private static final String APP_ID = "314159";

  private final FakeGitHubServer server = new FakeGitHubServer();
  private final TestKeys keys = new TestKeys();
  private Rig rig;

  @BeforeEach
  void freshRepository() {
    rig = new Rig(server);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  @DisplayName(
      "reads, commits and a release with generated notes work under the old name, POSTs included")
  void followsRedirects() {
    rig.github.tag("v0.0.9", rig.initialCommit);
    rig.github.rename("acme/api", "acme/api-renamed");
    GitHubSourceControl scm = rig.scm();

    assertThat(scm.readFile("main", Rig.CHART)).contains(Rig.CHART_V1);
    CommitResult commit =
        scm.commitFile(
            new FileCommit(
                "main", Rig.CHART, Optional.of(Rig.CHART_V1), "version: 0.2.0\n", "Bump", "alice"));
    ReleaseResult release =
        scm.createRelease(
            new ReleaseRequest("v0.1.0", commit.commit(), "v0.1.0", Optional.of("v0.0.9")));

    assertThat(release).isInstanceOf(ReleaseResult.Created.class);
    assertThat(release.release().notes())
        .contains("https://github.com/acme/api-renamed/compare/v0.0.9...v0.1.0");
    assertThat(rig.github.fileAt("main", Rig.CHART)).contains("version: 0.2.0\n");
    server
        .wireMock()
        .verify(
            exactly(1),
            postRequestedFor(urlPathEqualTo("/repositories/1296269/releases/generate-notes")));
  }

  @Test
  @DisplayName("a GitHub App finds its installation under the old name")
  void appInstallationLookup() {
    rig.github.app(APP_ID, keys.pair.getPublic(), 4242);
    rig.github.rename("acme/api", "acme/api-renamed");
    GitHubSourceControl scm = rig.builder().gitHubApp(APP_ID, keys.pkcs1Pem()).build();

    assertThat(scm.branchHead("main")).contains(rig.initialCommit);
    server
        .wireMock()
        .verify(exactly(1), getRequestedFor(urlPathEqualTo("/repositories/1296269/installation")));
  }

  @Test
  @DisplayName(
      "a redirect to another host is not followed: the credentials stay home and the error says why")
  void otherHost() {
    String elsewhere = "http://localhost:" + server.wireMock().port() + "/repositories/1";
    server
        .wireMock()
        .stubFor(
            get(urlPathEqualTo("/repos/acme/api"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(301).withHeader("Location", elsewhere)));
    GitHubSourceControl scm = rig.scm();

    assertThatThrownBy(() -> scm.branchHead("main"))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("another host")
        .hasMessageContaining("localhost")
        .hasMessageNotContaining(Rig.TOKEN);
    server.wireMock().verify(exactly(0), getRequestedFor(urlPathEqualTo("/repositories/1")));
  }

  @Test
  @DisplayName("redirects that never end are followed a few times, then reported")
  void loop() {
    server
        .wireMock()
        .stubFor(
            get(urlPathEqualTo("/repos/acme/api"))
                .atPriority(1)
                .willReturn(
                    aResponse().withStatus(301).withHeader("Location", "/repos/acme/api?again=1")));
    GitHubSourceControl scm = rig.scm();

    assertThatThrownBy(() -> scm.branchHead("main"))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("redirect");
    server
        .wireMock()
        .verify(
            exactly(HttpTransport.MAX_REDIRECTS + 1),
            getRequestedFor(urlPathEqualTo("/repos/acme/api")));
  }
}
