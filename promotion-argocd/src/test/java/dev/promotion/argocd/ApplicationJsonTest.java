package dev.promotion.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotion.argocd.simulator.ArgoCdSimulator;
import dev.promotion.argocd.simulator.Script;
import dev.promotion.spi.LiveApplication;
import dev.promotion.spi.LiveObservation;
import dev.promotion.spi.LiveObservation.HealthStatus;
import dev.promotion.spi.LiveObservation.OperationPhase;
import dev.promotion.spi.LiveObservation.SyncStatus;
import dev.promotion.testkit.MutableClock;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

@DisplayName("Argo CD Application JSON")
class ApplicationJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LiveApplication APP =
      new LiveApplication("gke", "velero-test", Optional.of("argo-cd"));

  private static JsonNode realApplication() throws Exception {
    try (InputStream in =
        java.nio.file.Files.newInputStream(Reference.file("velero-test-application.yaml"))) {
      Object yaml =
          new Load(LoadSettings.builder().build())
              .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return JSON.valueToTree(yaml);
    }
  }

  @Test
  @Tag("reference")
  @DisplayName(
      "an Application a real controller wrote (Argo CD's own test data) is read field by field")
  void realControllerOutput() throws Exception {
    LiveObservation o = ApplicationJson.read(APP, realApplication());

    assertThat(o.found()).isTrue();
    assertThat(o.sources())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.repoUrl()).isEqualTo("https://github.com/foo/manifests-velero.git");
              assertThat(s.path()).contains("instances/test");
              assertThat(s.chart()).isEmpty();
              assertThat(s.targetRevision()).isEqualTo("test-lla");
            });
    assertThat(o.sync()).isEqualTo(SyncStatus.SYNCED);
    assertThat(o.revisions()).containsExactly("rev1");
    assertThat(o.health()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(o.healthMessage()).isEmpty();
    assertThat(o.healthSince()).isEmpty();
    assertThat(o.operationPending()).isFalse();
    assertThat(o.operation())
        .hasValueSatisfying(
            op -> {
              assertThat(op.phase()).isEqualTo(OperationPhase.SUCCEEDED);
              assertThat(op.message()).isEqualTo("successfully synced (all tasks run)");
              assertThat(op.revisions())
                  .containsExactly("ea8759964626a583667a2bfd08f334ec2070040a");
              assertThat(op.startedAt()).contains(Instant.parse("2024-03-05T07:33:03Z"));
              assertThat(op.finishedAt()).contains(Instant.parse("2024-03-05T07:33:04Z"));
            });
    assertThat(o.reconciledAt()).contains(Instant.parse("2024-03-05T07:33:04Z"));
    assertThat(o.conditions()).isEmpty();
    assertThat(o.history()).hasSize(10);
    assertThat(o.history().get(0).id()).isEqualTo(14);
    assertThat(o.history().get(9))
        .satisfies(
            h -> {
              assertThat(h.id()).isEqualTo(23);
              assertThat(h.revisions()).containsExactly("ea8759964626a583667a2bfd08f334ec2070040a");
              assertThat(h.deployedAt()).isEqualTo(Instant.parse("2024-03-05T07:33:04Z"));
            });
    assertThat(o.images()).containsExactly("nginx:latest");
  }

  @Test
  @Tag("reference")
  @DisplayName("the real controller output fits the API description, so the checker is right")
  void realOutputFitsTheDescription() throws Exception {
    // the file is the resource as kubectl shows it; the API answers without apiVersion and kind
    com.fasterxml.jackson.databind.node.ObjectNode app =
        (com.fasterxml.jackson.databind.node.ObjectNode) realApplication();
    app.remove(List.of("apiVersion", "kind"));
    assertThat(ApiDescription.load().violations("v1alpha1Application", app)).isEmpty();
  }

  @Test
  @Tag("reference")
  @DisplayName(
      "every answer of the simulator, in every state it reaches, fits Argo CD's API description")
  void simulatorFitsTheDescription() throws Exception {
    FilesSource git = new FilesSource();
    MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");
    String path = "registry/environments/dev/pre/api.yaml";
    git.commit(path, FilesSource.application("api-dev", "0.1.0"));
    git.commit(
        "registry/environments/dev/pre/multi.yaml",
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: multi-dev
        spec:
          sources:
            - repoURL: https://git.example.com/gitops.git
              targetRevision: main
              ref: values
            - repoURL: oci://registry.example.com/charts
              chart: multi
              targetRevision: 1.0.0
        """);
    ApiDescription description = ApiDescription.load();
    List<String> violations = new ArrayList<>();
    List<JsonNode> answers = new ArrayList<>();
    try (ArgoCdSimulator simulator =
        ArgoCdSimulator.builder().source(git).clock(clock).token("t").start()) {
      simulator.manifest(path).script(Script.STALE_HEALTH).add();
      simulator.manifest("registry/environments/dev/pre/multi.yaml").add();
      simulator.appOfApps("apps-dev", "registry/environments/dev/pre").add();
      simulator.directory("web-dev", "overlays/dev").kustomizeImage("registry.example/web").add();
      simulator.condition("api-dev", "ComparisonError", "failed to load target state");
      HttpClient client = HttpClient.newHttpClient();
      for (int i = 0; i < 8; i++) {
        clock.advance(Duration.ofSeconds(10));
        if (i == 4) {
          git.commit(path, FilesSource.application("api-dev", "0.2.0"));
          git.commit(
              "overlays/dev/kustomization.yaml",
              "images:\n  - name: registry.example/web\n    newTag: abc1234\n");
        }
        for (String name : List.of("api-dev", "multi-dev", "apps-dev", "web-dev", "missing")) {
          HttpResponse<String> response =
              client.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              simulator.url()
                                  + "/api/v1/applications/"
                                  + name
                                  + "?refresh=normal&project=default"))
                      .header("Authorization", "Bearer t")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          JsonNode answer = JSON.readTree(response.body());
          answers.add(answer);
          violations.addAll(
              description.violations(
                  response.statusCode() == 200 ? "v1alpha1Application" : "runtimeError", answer));
        }
      }
    }

    assertThat(violations).isEmpty();
    assertThat(answers).anySatisfy(a -> assertThat(a.has("operation")).isTrue());
    assertThat(answers)
        .anySatisfy(a -> assertThat(a.path("status").path("sync").has("revisions")).isTrue());
    assertThat(answers)
        .anySatisfy(a -> assertThat(a.path("status").path("conditions").size()).isOne());
    assertThat(answers)
        .anySatisfy(
            a ->
                assertThat(a.path("status").path("summary").path("images").toString())
                    .contains("registry.example/web:abc1234"));
    assertThat(answers).anySatisfy(a -> assertThat(a.path("code").asInt()).isEqualTo(5));
  }

  @Test
  @DisplayName("an answer that is not an Application is refused, not half-read")
  void malformed() throws Exception {
    assertThatThrownBy(() -> ApplicationJson.read(APP, JSON.readTree("[]")))
        .isInstanceOf(ApplicationJson.MalformedApplicationException.class);
    assertThatThrownBy(
            () ->
                ApplicationJson.read(
                    APP,
                    JSON.readTree("{\"metadata\":{},\"status\":{\"reconciledAt\":\"yesterday\"}}")))
        .isInstanceOf(ApplicationJson.MalformedApplicationException.class)
        .hasMessageContaining("RFC 3339");
    assertThatThrownBy(
            () ->
                ApplicationJson.read(
                    APP, JSON.readTree("{\"metadata\":{},\"status\":{\"history\":[{\"id\":1}]}}")))
        .isInstanceOf(ApplicationJson.MalformedApplicationException.class)
        .hasMessageContaining("deployedAt");
  }

  @Test
  @DisplayName(
      "while OutOfSync the revision is the newest history entry's, not status.sync.revision (the"
          + " new target)")
  void outOfSyncRevision() throws Exception {
    JsonNode app =
        JSON.readTree(
            """
            {"metadata":{"name":"api-dev"},
             "status":{"sync":{"status":"OutOfSync","revision":"0.2.0"},
                       "history":[{"id":0,"revision":"0.1.0","deployedAt":"2026-03-02T09:00:00Z"}],
                       "resources":[
                         {"kind":"Deployment","name":"api","health":{"status":"Progressing","message":"Waiting for rollout"}},
                         {"kind":"Service","name":"api","health":{"status":"Healthy"}}]}}
            """);

    LiveObservation o = ApplicationJson.read(APP, app);

    assertThat(o.revisions()).containsExactly("0.1.0");
    assertThat(o.healthMessage()).contains("Deployment/api: Progressing (Waiting for rollout)");
  }
}
