package dev.promotion.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 002: the GitOps repository receives a repository_dispatch event and owns the write. */
@DisplayName("write: repository-dispatch sends the event to GitHub and waits for the change")
class RepositoryDispatchCommandLineTest {
  private static final String TOKEN = "ghs_" + "t".repeat(36);

  @TempDir Path dir;
  private final WireMockServer github = new WireMockServer(options().dynamicPort());
  private Workspace workspace;

  @BeforeEach
  void start() throws Exception {
    github.start();
    github.stubFor(
        get(urlPathEqualTo("/repos/acme/gitops"))
            .willReturn(
                okJson(
                    "{\"id\": 1, \"name\": \"gitops\", \"full_name\": \"acme/gitops\","
                        + " \"owner\": {\"login\": \"acme\", \"id\": 2},"
                        + " \"url\": \""
                        + github.baseUrl()
                        + "/repos/acme/gitops\"}")));
    github.stubFor(
        post(urlPathEqualTo("/repos/acme/gitops/dispatches"))
            .willReturn(aResponse().withStatus(204)));
    workspace = new Workspace(dir.resolve("ws"));
    workspace.create();
    Cli published =
        Cli.run(
            Map.of("USER", "alice"),
            "--config=" + workspace.config(),
            "publish-dev",
            "--chart",
            workspace.checkOutChart("main", "charts/api").toString());
    assertThat(published.exitCode()).as(published.out() + published.err()).isZero();
    Files.writeString(
        workspace.config(),
        Workspace.CONFIG.replace(
            "  write: commit",
            "  write: repository-dispatch\n  repository: acme/gitops\n  apiUrl: "
                + github.baseUrl()
                + "\n  token: {env: GITOPS_TOKEN}\n  timeout: 1s"));
  }

  @AfterEach
  void stop() {
    github.stop();
  }

  @Test
  @DisplayName(
      "promote sends update-manifest with the app, environment, version and image; when no"
          + " receiver writes it, exit 1 says what did not arrive, and the token never shows")
  void sendsTheEvent() throws Exception {
    String before = Files.readString(workspace.gitops().resolve("refs/heads/main"));

    Cli cli =
        Cli.run(
            Map.of("USER", "alice", "GITOPS_TOKEN", TOKEN),
            "--config=" + workspace.config(),
            "promote",
            "--to",
            "test");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.err())
        .contains("repository_dispatch event update-manifest was sent")
        .contains("api in test at 0.1.0-rc.")
        .contains("did not appear")
        .doesNotContain(TOKEN);
    github.verify(
        1,
        postRequestedFor(urlPathEqualTo("/repos/acme/gitops/dispatches"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withRequestBody(
                equalToJson(
                    "{\"event_type\": \"update-manifest\", \"client_payload\": {\"environment\":"
                        + " \"test\", \"app_name\": \"api\", \"app_version\": \"${json-unit.any-string}\","
                        + " \"image\": \"registry.example.com/api\"}}")));
    assertThat(Files.readString(workspace.gitops().resolve("refs/heads/main"))).isEqualTo(before);
  }
}
