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
import dev.promotion.git.RequiredTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("promotion walkthrough --layout kustomize (seed 003)")
class KustomizeWalkthroughTest {
  @TempDir Path dir;

  private static String overlay(Path ws, String env) throws Exception {
    try (Repository repository = Workspace.open(ws.resolve("gitops.git"))) {
      ObjectId blob = repository.resolve("main:overlays/" + env + "/kustomization.yaml");
      return new String(repository.open(blob).getBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> gitOpsSubjects(Path ws) throws Exception {
    List<String> subjects = new ArrayList<>();
    try (Repository repository = Workspace.open(ws.resolve("gitops.git"));
        RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(repository.resolve("refs/heads/main")));
      for (RevCommit commit : walk) {
        subjects.add(0, commit.getShortMessage());
      }
    }
    return subjects;
  }

  @Test
  @DisplayName(
      "runs v1.2.2 and v1.2.3 through dev, staging, prod; refuses latest, skipping and the held"
          + " tag; rolls back; the overlays render")
  void flow() throws Exception {
    RequiredTool.require(
        "kubectl", "kubectl (.ci/run installs the official static binary)", "version", "--client");
    Path ws = dir.resolve("ws");

    Cli walkthrough =
        Cli.run(Map.of(), "walkthrough", "--layout", "kustomize", "--dir", ws.toString());

    assertThat(walkthrough.exitCode()).as(walkthrough.out() + walkthrough.err()).isZero();
    assertThat(walkthrough.out())
        .contains("== 1. CI builds my-service:v1.2.2 and declares it in dev")
        .contains("(no promotion command: the CI job sets newTag: v1.2.2")
        .contains("gitops commit: main")
        .contains("promote my-service v1.2.2 staging -> prod")
        .contains("CI builds my-service:v1.2.3 and declares it in dev with promotion")
        .contains("$ promotion publish-dev --version v1.2.3")
        .contains("publish-dev my-service: done")
        .contains("check: refused by mutable-tag with exit 3 - ok")
        .contains("check: refused by no-skipping with exit 3 - ok")
        .contains("check: refused by rollback-hold with exit 3 - ok")
        .contains("check: nothing written - ok")
        .contains("check: prod declares v1.2.2 - ok")
        .contains("check: kubectl kustomize overlays/prod renders image: my-service:v1.2.2 - ok")
        .contains("check: kubectl kustomize overlays/dev renders image: my-service:v1.2.3 - ok")
        .contains("every check passed")
        .doesNotContain("FAILED");

    // the repository, read on its own: each write is one commit, each refusal none
    assertThat(gitOpsSubjects(ws))
        .containsExactly(
            "Create the GitOps repository",
            "ci: build my-service:v1.2.2",
            "promote my-service v1.2.2 dev -> staging",
            "promote my-service v1.2.2 staging -> prod",
            "ci: build my-service:latest",
            "promote my-service latest dev -> staging",
            "publish my-service v1.2.3 to dev",
            "promote my-service v1.2.3 dev -> staging",
            "promote my-service v1.2.3 staging -> prod",
            "rollback my-service v1.2.3 -> v1.2.2 in prod");
    assertThat(overlay(ws, "prod")).isEqualTo(KustomizeWorkspace.overlay("v1.2.2"));
    assertThat(overlay(ws, "staging")).isEqualTo(KustomizeWorkspace.overlay("v1.2.3"));
    assertThat(overlay(ws, "dev")).isEqualTo(KustomizeWorkspace.overlay("v1.2.3"));

    // the workspace works with the commands afterwards
    String config = "--config=" + ws.resolve("promotion.yaml");
    Cli status = Cli.run(Map.of(), config, "--output", "json", "status");
    JsonNode environments = new ObjectMapper().readTree(status.out()).get("environments");
    List<String> declared = new ArrayList<>();
    for (JsonNode env : environments) {
      JsonNode app = env.get("apps").get(0);
      declared.add(
          env.get("environment").asText()
              + " "
              + app.get("version").asText()
              + " "
              + app.get("kind").asText());
    }
    assertThat(declared)
        .containsExactly("dev v1.2.3 image", "staging v1.2.3 image", "prod v1.2.2 image");
    Cli held = Cli.run(Map.of(), config, "promote", "--to", "prod");
    assertThat(held.exitCode()).isEqualTo(ExitCode.BLOCKED);
    assertThat(held.out() + held.err()).contains("rollback-hold");
  }

  @Test
  @DisplayName("a second run in the same directory refuses the workspace and changes nothing")
  void secondRun() throws Exception {
    Path ws = dir.resolve("ws");
    Cli.run(Map.of(), "walkthrough", "--layout", "kustomize", "--dir", ws.toString());
    List<String> before = gitOpsSubjects(ws);
    String config = Files.readString(ws.resolve("promotion.yaml"));

    Cli second = Cli.run(Map.of(), "walkthrough", "--layout", "kustomize", "--dir", ws.toString());

    assertThat(second.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(second.err()).contains("already holds a workspace");
    assertThat(gitOpsSubjects(ws)).isEqualTo(before);
    assertThat(Files.readString(ws.resolve("promotion.yaml"))).isEqualTo(config);
  }

  @Test
  @DisplayName("an unknown --layout is a usage error, exit 2, and creates nothing")
  void unknownLayout() {
    Path ws = dir.resolve("ws");

    Cli cli = Cli.run(Map.of(), "walkthrough", "--layout", "flux", "--dir", ws.toString());

    assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err()).contains("use argocd or kustomize, not flux");
    assertThat(ws).doesNotExist();
  }

  @Test
  @DisplayName("with --notify-url, a webhook receives each write of the Kustomize flow")
  void webhook() throws Exception {
    WireMockServer receiver = new WireMockServer(options().dynamicPort());
    receiver.start();
    try {
      receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
      Path ws = dir.resolve("ws");

      Cli walkthrough =
          Cli.run(
              Map.of(),
              "walkthrough",
              "--layout",
              "kustomize",
              "--dir",
              ws.toString(),
              "--notify-url",
              receiver.baseUrl() + "/hook");

      assertThat(walkthrough.exitCode()).as(walkthrough.out() + walkthrough.err()).isZero();
      assertThat(walkthrough.out()).doesNotContain(receiver.baseUrl());
      ObjectMapper json = new ObjectMapper();
      List<String> told = new ArrayList<>();
      for (LoggedRequest request : receiver.findAll(postRequestedFor(urlEqualTo("/hook")))) {
        JsonNode body = json.readTree(request.getBody());
        told.add(
            body.get("operation").asText()
                + " "
                + body.path("to").asText("-")
                + " "
                + body.path("version").asText("-")
                + " "
                + body.get("outcome").asText());
      }
      // each write, and each refusal (with the version it refused)
      assertThat(told)
          .containsExactly(
              "promote staging v1.2.2 done",
              "promote prod v1.2.2 done",
              "promote staging latest done",
              "promote prod latest blocked",
              "publish-dev dev v1.2.3 done",
              "promote prod v1.2.3 blocked",
              "promote staging v1.2.3 done",
              "promote prod v1.2.3 done",
              "rollback prod v1.2.2 done",
              "promote prod v1.2.3 blocked");
    } finally {
      receiver.stop();
    }
  }
}
