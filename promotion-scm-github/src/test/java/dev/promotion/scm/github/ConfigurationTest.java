package dev.promotion.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidNameException;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import dev.promotion.spi.DispatchResult;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.WorkflowDispatch;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Configuring GitHubSourceControl")
class ConfigurationTest {
  private final FakeGitHubServer server = new FakeGitHubServer();

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  @DisplayName(
      "a GitHub Enterprise Server API root with a path (/api/v3) is used for every call, the library's and our own")
  void enterprise() {
    Rig rig = new Rig(server, "/api/v3");
    rig.github.workflow(
        "publish-dev.yaml", "publish-dev ${{ inputs.promotion_key }}", Set.of("promotion_key"));
    String second = rig.commit("main", "Second", Map.of("a", "b"));
    GitHubSourceControl scm = rig.scm();

    Release release =
        scm.createRelease(new ReleaseRequest("v0.1.0", second, "v0.1.0", Optional.empty()))
            .release();
    DispatchResult dispatch =
        scm.dispatchWorkflow(new WorkflowDispatch("publish-dev.yaml", "main", Map.of(), "k"));

    assertThat(server.apiUrl()).endsWith("/api/v3");
    assertThat(release.notes()).contains("Second", "Initial chart");
    assertThat(dispatch).isInstanceOf(DispatchResult.Dispatched.class);
    server
        .wireMock()
        .verify(
            exactly(1),
            postRequestedFor(urlPathEqualTo("/api/v3/repos/acme/api/releases/generate-notes")));
  }

  @Test
  @DisplayName(
      "an injected client is used as it is; GitHub then generates its notes at creation and our commit list comes first")
  void injectedClient() throws IOException {
    Rig rig = new Rig(server);
    String second = rig.commit("main", "Second", Map.of("a", "b"));
    GitHub client =
        new GitHubBuilder()
            .withEndpoint(server.apiUrl())
            .withAuthorizationProvider(() -> "Bearer " + Rig.TOKEN)
            .build();
    GitHubSourceControl scm =
        GitHubSourceControl.builder().repository("acme/api").client(client).build();

    Release release =
        scm.createRelease(new ReleaseRequest("v0.1.0", second, "v0.1.0", Optional.empty()))
            .release();

    assertThat(release.commit()).isEqualTo(second);
    assertThat(release.notes()).startsWith("## Commits").contains("- Second", "**Full Changelog**");
    assertThat(scm.toString()).contains("acme/api", "injected client");
    server
        .wireMock()
        .verify(
            exactly(0),
            postRequestedFor(urlPathEqualTo("/repos/acme/api/releases/generate-notes")));
  }

  @Test
  @DisplayName("the repository and exactly one way to authenticate are required")
  void requiredSettings() {
    assertThatThrownBy(() -> GitHubSourceControl.builder().token("t0ken-t0ken").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("repository");
    assertThatThrownBy(() -> GitHubSourceControl.builder().repository("acme/api").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("none was given");
    assertThatThrownBy(
            () ->
                GitHubSourceControl.builder()
                    .repository("acme/api")
                    .token("t0ken-t0ken")
                    .gitHubApp("1", new TestKeys().pkcs8Pem())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 were given");
  }

  @Test
  @DisplayName(
      "owner, repository and API URL are validated, and an API URL with credentials is refused without repeating them")
  void validation() {
    assertThatThrownBy(() -> GitHubSourceControl.builder().repository("acme"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GitHubSourceControl.builder().repository("acme", "../etc"))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> GitHubSourceControl.builder().repository("-acme", "api"))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(
            () ->
                GitHubSourceControl.builder()
                    .apiUrl("https://bob:s3cr3t-pass@ghe.example.com/api/v3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cr3t-pass");
    assertThatThrownBy(() -> GitHubSourceControl.builder().apiUrl("ftp://ghe.example.com"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName(
      "toString names the repository, the API and the kind of credential, never the credential")
  void describesItself() {
    GitHubSourceControl scm =
        GitHubSourceControl.builder()
            .repository("acme/api")
            .apiUrl("https://ghe.example.com/api/v3/")
            .token(Rig.TOKEN)
            .build();

    assertThat(scm.toString())
        .isEqualTo("GitHubSourceControl[acme/api at https://ghe.example.com/api/v3, token]")
        .doesNotContain(Rig.TOKEN);
  }
}
