package dev.promotion.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("promotion walkthrough")
class WalkthroughCommandTest {
  @TempDir Path dir;

  @Test
  @DisplayName("runs the seed lifecycle with the real commands, and leaves a usable workspace")
  void lifecycle() {
    Path ws = dir.resolve("ws");

    Cli walkthrough = Cli.run(Map.of(), "walkthrough", "--dir", ws.toString());

    assertThat(walkthrough.exitCode()).as(walkthrough.out() + walkthrough.err()).isZero();
    assertThat(walkthrough.out())
        .contains("== 1. First deploy to dev")
        .contains("gitops commit: main")
        .contains("promote api 0.1.0-rc.")
        .contains("release api 0.1.0 stage -> prod")
        .contains("app commit:    main")
        .contains("v0.1.0 \"v0.1.0\" at ")
        .contains("v0.1.1 \"v0.1.1\" at ")
        .contains("* Fix the crash on empty input")
        .contains("every check passed")
        .doesNotContain("FAILED");

    Cli status = Cli.run(Map.of(), "--config=" + ws.resolve("promotion.yaml"), "status");
    assertThat(status.out()).containsPattern("prod +api +0\\.1\\.1 ");
    Cli again = Cli.run(Map.of(), "--config=" + ws.resolve("promotion.yaml"), "release");
    assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).startsWith("release api: already done");
  }

  @Test
  @DisplayName(
      "starts an Argo CD simulator per cluster, every write waits until Argo CD runs the version,"
          + " and the scripted Degraded dev build is rolled back")
  void waitsOnArgoCdSimulators() throws Exception {
    Path ws = dir.resolve("ws");

    Cli walkthrough = Cli.run(Map.of(), "walkthrough", "--dir", ws.toString());

    assertThat(walkthrough.exitCode()).as(walkthrough.out() + walkthrough.err()).isZero();
    String out = walkthrough.out();
    assertThat(out)
        .containsPattern("Argo CD simulator of cluster preprod: http://127\\.0\\.0\\.1:\\d+ ")
        .containsPattern("Argo CD simulator of cluster production: http://127\\.0\\.0\\.1:\\d+ ")
        .contains("$ promotion promote --to test --wait")
        .contains("$ promotion release --wait");
    // each write waited for its environment, as Argo CD reports it
    assertThat(stepsOf(out, "verify dev: verified")).isEqualTo(2);
    assertThat(stepsOf(out, "verify test: verified")).isEqualTo(2);
    assertThat(stepsOf(out, "verify stage: verified")).isEqualTo(2);
    assertThat(stepsOf(out, "verify prod: verified")).isGreaterThanOrEqualTo(2);
    assertThat(walkthrough.err()).contains("  ... waiting for dev to run api 0.1.0-rc.");
    // the scripted failure: 0.1.1-rc Degraded in dev, rolled back to 0.1.0-rc with the trailer
    assertThat(out)
        .containsPattern("publish-dev api: written, not running, rolled back")
        .containsPattern("verify dev: failed.*Degraded")
        .contains("rollback verify dev: verified")
        .containsPattern("check: dev runs 0\\.1\\.0-rc\\.\\w+ - ok")
        .contains("check: dev's rollback commit says why: Promotion-Verification-Failed - ok")
        .containsPattern(
            "gitops commit: main \\w+ rollback api 0\\.1\\.1-rc\\.\\w+ -> 0\\.1\\.0-rc\\.\\w+ in dev")
        .contains("check: prod runs 0.1.1 - ok")
        .contains("== What Argo CD runs (status --live)")
        .containsPattern("prod +api +0\\.1\\.1 .* Synced +Healthy ")
        .contains(" status --live\n")
        .contains(" verify --env dev\n")
        .contains("The Argo CD simulators stop with the walkthrough")
        .contains("every check passed");
    // afterwards the simulators are gone: the section is commented out and says so
    String config = Files.readString(ws.resolve("promotion.yaml"));
    assertThat(config).contains("# argocd:").doesNotContainPattern("(?m)^argocd:");
    Cli verify =
        Cli.run(Map.of(), "--config=" + ws.resolve("promotion.yaml"), "verify", "--env", "dev");
    assertThat(verify.exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  @DisplayName("the Argo CD token the walkthrough sets never appears in its output or files")
  void tokenNeverShown() throws Exception {
    Path ws = dir.resolve("ws");

    Cli walkthrough = Cli.run(Map.of(), "walkthrough", "--dir", ws.toString());

    assertThat(walkthrough.exitCode()).as(walkthrough.out() + walkthrough.err()).isZero();
    String token = "walkthrough-[0-9a-f]{48}";
    assertThat(walkthrough.out())
        .contains("PROMOTION_WALKTHROUGH_ARGOCD_TOKEN")
        .doesNotContainPattern(token);
    assertThat(walkthrough.err()).doesNotContainPattern(token);
    assertThat(Files.readString(ws.resolve("promotion.yaml")))
        .contains("token: {env: PROMOTION_WALKTHROUGH_ARGOCD_TOKEN}")
        .doesNotContainPattern(token);
  }

  private static int stepsOf(String out, String step) {
    return (int) out.lines().filter(l -> l.startsWith("  - " + step)).count();
  }

  @Test
  @DisplayName("with --notify-url, a webhook receives each promotion of the lifecycle")
  void webhookReceivesEachPromotion() throws Exception {
    // given: a local receiver
    WireMockServer receiver = new WireMockServer(options().dynamicPort());
    receiver.start();
    try {
      receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
      Path ws = dir.resolve("ws");

      // when
      Cli walkthrough =
          Cli.run(
              Map.of(),
              "walkthrough",
              "--dir",
              ws.toString(),
              "--notify-url",
              receiver.baseUrl() + "/hook");

      // then
      assertThat(walkthrough.exitCode()).as(walkthrough.out() + walkthrough.err()).isZero();
      assertThat(walkthrough.out())
          .contains("notify walkthrough: delivered")
          .doesNotContain("warning:")
          .doesNotContain(receiver.baseUrl());
      ObjectMapper json = new ObjectMapper();
      List<String> told = new ArrayList<>();
      for (LoggedRequest request : receiver.findAll(postRequestedFor(urlEqualTo("/hook")))) {
        JsonNode body = json.readTree(request.getBody());
        told.add(
            body.get("operation").asText()
                + " "
                + body.get("to").asText("-")
                + " "
                + body.get("version").asText()
                + " "
                + body.get("outcome").asText());
      }
      assertThat(told)
          .hasSize(13)
          .satisfies(
              t -> {
                assertThat(t.get(0)).matches("publish-dev dev 0\\.1\\.0-rc\\.\\w+ done");
                assertThat(t.get(1)).matches("promote test 0\\.1\\.0-rc\\.\\w+ done");
                assertThat(t.get(2)).matches("promote stage 0\\.1\\.0-rc\\.\\w+ done");
                assertThat(t.get(3)).isEqualTo("release prod 0.1.0 done");
                assertThat(t.get(4)).isEqualTo("release prod 0.1.0 already_done");
                // the scripted Degraded dev build: its rollback is told first, then the write
                assertThat(t.get(5)).matches("rollback dev 0\\.1\\.0-rc\\.\\w+ done");
                assertThat(t.get(6)).matches("publish-dev dev 0\\.1\\.1-rc\\.\\w+ not_running");
                assertThat(t.get(7)).isEqualTo("bump - 0.2.0 done");
                assertThat(t.get(8)).isEqualTo("hotfix - 0.1.1 done");
                assertThat(t.get(9)).matches("publish-dev dev 0\\.1\\.1-rc\\.\\w+ done");
                assertThat(t.get(10)).matches("promote test 0\\.1\\.1-rc\\.\\w+ done");
                assertThat(t.get(11)).matches("promote stage 0\\.1\\.1-rc\\.\\w+ done");
                assertThat(t.get(12)).isEqualTo("release prod 0.1.1 done");
              });
    } finally {
      receiver.stop();
    }
  }

  @Test
  @DisplayName("refuses to overwrite a workspace")
  void existing() {
    Path ws = dir.resolve("ws");
    Cli.run(Map.of(), "walkthrough", "--dir", ws.toString());

    Cli second = Cli.run(Map.of(), "walkthrough", "--dir", ws.toString());

    assertThat(second.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(second.err()).contains("already holds a workspace");
  }
}
