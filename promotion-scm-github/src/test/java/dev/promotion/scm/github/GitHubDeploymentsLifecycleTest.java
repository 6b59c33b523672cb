package dev.promotion.scm.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.Settings;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.scm.github.fake.FakeGitHub;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.testkit.fixture.ChartFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle of the walkthrough (publish to dev, promote to test and stage, release to prod, a
 * second release, a rollback of prod) run through {@link Promotions} with {@link
 * GitHubSourceControl} on the fake GitHub: the deployments and statuses GitHub would show in the
 * repository's "Environments" panel, for every environment.
 */
@DisplayName("The lifecycle records its deployments on the fake GitHub")
class GitHubDeploymentsLifecycleTest {
  private static final String RUN_URL = "https://github.com/acme/api/actions/runs/42";
  private static final Pipeline PIPELINE =
      new Pipeline(
          List.of(
              Environment.of("dev", "preprod").withUrl("https://dev.api.example.com"),
              Environment.of("test", "preprod"),
              Environment.of("stage", "preprod"),
              Environment.of("prod", "production").withUrl("https://api.example.com")),
          "prod");
  private static FakeGitHubServer server;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    server = new FakeGitHubServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName(
      "publish, promotions, two releases and a rollback leave one deployment per GitOps change, each in_progress then success, the earlier ones inactive, prod included")
  void lifecycle() throws IOException {
    Rig rig = new Rig(server);
    FakeGitHub github = rig.github;
    Map<String, String> chart = new LinkedHashMap<>();
    ChartFixture.chart("api", "0.1.0")
        .textFiles()
        .forEach((path, content) -> chart.put("charts/api/" + path, content));
    github.workflow(
        "publish-dev.yaml", "publish-dev ${{ inputs.promotion_key }}", Set.of("promotion_key"));
    String first = rig.commit("main", "Scaffold api", chart);
    InMemoryEnvironmentStore store = new InMemoryEnvironmentStore();
    Promotions promotions =
        Promotions.builder()
            .pipeline(PIPELINE)
            .application(Application.named("api"))
            .environments(store)
            .registry(new InMemoryChartRegistry())
            .sourceControl(rig.scm())
            .clock(rig.clock)
            .settings(
                Settings.defaults()
                    .withActor("alice")
                    .withRunUrl(RUN_URL)
                    .withWorkDirectory(dir.resolve("spool")))
            .build();

    done(promotions.publishDev("api", "main", checkout(github, chart.keySet(), "main")), "dev");
    ship(rig, promotions);
    String bump = github.head("main").orElseThrow();
    done(promotions.publishDev("api", "main", checkout(github, chart.keySet(), "main")), "dev");
    ship(rig, promotions);
    rig.clock.advance(Duration.ofHours(1));
    done(promotions.rollback("api", "prod", Optional.empty()), "prod");

    assertThat(bump).isNotEqualTo(first);
    for (String env : List.of("dev", "test", "stage")) {
      List<FakeGitHub.DeploymentState> deployments = github.deployments(env);
      assertThat(deployments).as(env).hasSize(2);
      assertRecorded(deployments.get(0), env, bump, false, store);
      assertThat(deployments.get(0).newestState()).as(env + " newest").contains("success");
      assertThat(deployments.get(1).sha).as(env + " first").isEqualTo(first);
      assertThat(deployments.get(1).newestState()).as(env + " first").contains("inactive");
    }
    List<FakeGitHub.DeploymentState> prod = github.deployments("prod");
    assertThat(prod).hasSize(3);
    FakeGitHub.DeploymentState rollback = prod.get(0);
    assertRecorded(rollback, "prod", first, true, store);
    assertThat(rollback.payload.path("version").asText()).isEqualTo("0.1.0");
    assertThat(rollback.newestState()).contains("success");
    assertThat(rollback.statuses().get(0).environmentUrl()).isEqualTo("https://api.example.com");
    assertThat(prod.get(1).payload.path("version").asText()).isEqualTo("0.1.1");
    assertThat(prod.get(1).sha).isEqualTo(bump);
    assertThat(prod.get(1).newestState())
        .as("the release rolled back from is inactive")
        .contains("inactive");
    assertThat(prod.get(2).payload.path("version").asText()).isEqualTo("0.1.0");
    assertThat(prod.get(2).newestState()).contains("inactive");
    assertThat(github.head("main")).as("nothing was merged into main").isPresent();
    assertThat(github.deployments())
        .as("every deployment's ref is a commit of the app repository, not a merge")
        .allSatisfy(d -> assertThat(d.sha).isIn(first, bump));
  }

  private static void ship(Rig rig, Promotions promotions) {
    rig.clock.advance(Duration.ofHours(1));
    done(promotions.promote("api", "test"), "test");
    done(promotions.promote("api", "stage"), "stage");
    rig.clock.advance(Duration.ofHours(1));
    done(promotions.release("api"), "prod");
  }

  private static void done(Result<?> result, String env) {
    result.orThrow();
    assertThat(
            result.steps().stream()
                .filter(s -> s.name().equals("record deployment " + env))
                .map(Step::status))
        .as(result.steps().toString())
        .containsExactly(Step.Status.DONE);
  }

  private static void assertRecorded(
      FakeGitHub.DeploymentState deployment,
      String env,
      String sha,
      boolean production,
      InMemoryEnvironmentStore store) {
    assertThat(deployment.sha).as(env).isEqualTo(sha);
    assertThat(deployment.environment).isEqualTo(env);
    assertThat(deployment.productionEnvironment).as(env + " production").isEqualTo(production);
    assertThat(deployment.transientEnvironment).isFalse();
    assertThat(deployment.payload.path("app").asText()).isEqualTo("api");
    assertThat(deployment.payload.path("actor").asText()).isEqualTo("alice");
    assertThat(deployment.payload.path("gitops_revision").asText())
        .isEqualTo(store.history("api", env, 1).get(0).revision());
    assertThat(deployment.payload.path(Deployments.KEY_FIELD).asText())
        .startsWith("promotion:api:" + env);
    List<FakeGitHub.DeploymentStatusState> statuses = deployment.statuses();
    assertThat(statuses.get(statuses.size() - 1).state()).isEqualTo("in_progress");
    assertThat(statuses).extracting(FakeGitHub.DeploymentStatusState::state).contains("success");
    assertThat(statuses)
        .filteredOn(s -> s.state().equals("success"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.logUrl()).isEqualTo(RUN_URL);
              assertThat(s.description()).contains("not observed").hasSizeLessThanOrEqualTo(140);
            });
  }

  /** Writes the chart's files at {@code ref} on the fake GitHub to disk, like a CI checkout. */
  private Path checkout(FakeGitHub github, Set<String> paths, String ref) throws IOException {
    Path root = Files.createTempDirectory(dir, "checkout-");
    for (String path : paths) {
      Path target = root.resolve(path);
      Files.createDirectories(target.getParent());
      Files.writeString(target, github.fileAt(ref, path).orElseThrow(), StandardCharsets.UTF_8);
    }
    return root.resolve("charts/api");
  }
}
