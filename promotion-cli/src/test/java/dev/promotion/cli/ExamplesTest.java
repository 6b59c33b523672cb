package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.chart.ChartPackages;
import dev.promotion.cli.config.ConfigLoader;
import dev.promotion.cli.config.PromotionConfig;
import dev.promotion.registry.oci.OciLayoutChartRegistry;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("examples/github-actions")
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "github-actions");
  private static final String ACTION = "promotion-dev/promotion";
  private static final List<String> COMMANDS =
      List.of("publish-dev", "promote", "release", "hotfix", "bump", "rollback", "status");

  @Test
  @DisplayName("its promotion.yaml loads: GitHub, ECR and a GitOps URL, secrets from variables")
  void configuration() {
    PromotionConfig config = ConfigLoader.load(EXAMPLES.resolve("promotion.yaml"));

    assertThat(config.scm()).isInstanceOf(PromotionConfig.Scm.GitHub.class);
    assertThat(config.registry()).isInstanceOf(PromotionConfig.Registry.Ecr.class);
    assertThat(config.gitops().location()).isInstanceOf(PromotionConfig.Location.Remote.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "publish-dev.yaml",
        "promote-test.yaml",
        "promote-staging.yaml",
        "release-prod.yaml",
        "hotfix.yaml",
        "bump-version.yaml"
      })
  @DisplayName("each of the six workflows is YAML with OIDC permission and calls the command line")
  void workflow(String name) throws Exception {
    String text = Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8);
    YamlText yaml = YamlText.parse(name, text);

    assertThat(yaml.value(YamlPath.of("permissions", "id-token"))).contains("write");
    assertThat(yaml.keys(0, YamlPath.of("on"))).contains("workflow_dispatch");
    assertThat(text)
        .containsPattern("(?m)^\\s+command: (publish-dev|promote|release|hotfix|bump)$");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "publish-dev.yaml",
        "promote-test.yaml",
        "promote-staging.yaml",
        "release-prod.yaml",
        "hotfix.yaml",
        "bump-version.yaml"
      })
  @DisplayName(
      "each of the six workflows runs its command through the action at the repository root, with"
          + " inputs the action declares, a pinned version and the tokens in the step's env; no"
          + " workflow installs Java or the jar itself")
  void usesTheAction(String name) throws Exception {
    String text = Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8);
    YamlText yaml = YamlText.parse(name, text);
    YamlText action =
        YamlText.parse(
            "action.yml", Files.readString(Path.of("..", "action.yml"), StandardCharsets.UTF_8));
    List<String> inputs = action.keys(0, YamlPath.of("inputs"));
    YamlPath steps = YamlPath.of("jobs", yaml.keys(0, YamlPath.of("jobs")).get(0), "steps");
    List<String> commands = new ArrayList<>();
    for (int i = 0; i < yaml.size(0, steps); i++) {
      YamlPath step = steps.index(i);
      String uses = yaml.value(0, step.key("uses")).orElse("");
      assertThat(uses).as("the action sets up Java").doesNotStartWith("actions/setup-java@");
      assertThat(yaml.value(0, step.key("run")).orElse(""))
          .doesNotContain("curl", "PROMOTION_JAR", "promotion.jar");
      if (uses.startsWith(ACTION + "@")) {
        assertThat(uses).isEqualTo(ACTION + "@v1");
        assertThat(inputs).containsAll(yaml.keys(0, step.key("with")));
        assertThat(yaml.value(0, step.key("with").key("version")).orElse(""))
            .matches("\\d+\\.\\d+\\.\\d+");
        assertThat(yaml.value(0, step.key("env").key("GITOPS_TOKEN")))
            .contains("${{ steps.app-token.outputs.token }}");
        commands.add(yaml.value(0, step.key("with").key("command")).orElseThrow());
      }
    }
    assertThat(commands).isNotEmpty().allMatch(COMMANDS::contains);
    assertThat(commands.get(0)).isNotEqualTo("status");
  }

  @Test
  @DisplayName(
      "the walkthrough's app repository holds the six workflows exactly as in the examples")
  void walkthroughCopies(@TempDir Path dir) throws Exception {
    Workspace workspace = new Workspace(dir.resolve("ws"));
    workspace.create();

    try (Repository app = Workspace.open(workspace.app())) {
      for (String name : Workspace.WORKFLOWS) {
        ObjectId blob =
            TreeWalk.forPath(
                    app,
                    ".github/workflows/" + name,
                    app.parseCommit(app.resolve("main")).getTree())
                .getObjectId(0);
        assertThat(new String(app.open(blob).getBytes(), StandardCharsets.UTF_8))
            .as(name)
            .isEqualTo(Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  @DisplayName(
      "no workflow shortens a SHA with git's --short, which grows past 7 characters when 7 are"
          + " ambiguous in the repository")
  void noShortSha() throws Exception {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
            .as(file.toString())
            .doesNotContain("--short")
            .doesNotContain("rev-parse --short");
      }
    }
  }

  @Test
  @DisplayName(
      "publish-dev tags the image with the chart's appVersion: the image step, run with the commit"
          + " publish-dev publishes, gives the appVersion of the chart the command line pushed")
  void imageTagIsAppVersion(@TempDir Path dir) throws Exception {
    Workspace workspace = new Workspace(dir.resolve("ws"));
    workspace.create();
    String commit;
    try (Repository app = Workspace.open(workspace.app())) {
      commit = app.resolve("main").name();
    }
    Cli published =
        Cli.run(
            Map.of("USER", "ci"),
            "--config=" + workspace.config(),
            "publish-dev",
            "--ref",
            commit,
            "--chart",
            workspace.checkOutChart("main", "charts/api").toString());
    assertThat(published.exitCode()).as(published.err()).isZero();
    ChartRegistry registry =
        OciLayoutChartRegistry.builder().root(workspace.dir().resolve("registry")).build();
    ByteArrayOutputStream chart = new ByteArrayOutputStream();
    registry.pull("api", registry.versions("api").get(0), chart);
    String appVersion =
        ChartPackages.read(new ByteArrayInputStream(chart.toByteArray()))
            .appVersion()
            .orElseThrow();

    String tag = imageTagOfPublishDev(commit, dir);

    assertThat(appVersion).hasSize(7);
    assertThat(tag).isEqualTo(appVersion);
  }

  /**
   * Runs the publish-dev step that builds the image with bash, with {@code git rev-parse HEAD}
   * answering {@code head} (any other git call fails), and returns the tag it builds.
   */
  private static String imageTagOfPublishDev(String head, Path dir) throws Exception {
    String name = "publish-dev.yaml";
    YamlText yaml =
        YamlText.parse(name, Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8));
    YamlPath steps = YamlPath.of("jobs", "publish", "steps");
    String script = null;
    for (int i = 0; i < yaml.size(0, steps); i++) {
      String run = yaml.value(0, steps.index(i).key("run")).orElse("");
      if (run.contains("docker build")) {
        script = run;
      }
    }
    assertThat(script).as("the step that builds the image").isNotNull();
    Path tags = dir.resolve("tags");
    String stubs =
        "set -e\n"
            + "git() { if [ \"$*\" = \"rev-parse HEAD\" ]; then echo "
            + head
            + "; else echo \"unexpected git $*\" >&2; exit 97; fi; }\n"
            + "aws() { :; }\n"
            + "docker() { if [ \"$1\" = build ]; then echo \"${3##*:}\" >> '"
            + tags
            + "'; fi; }\n";
    Path outputs = Files.createFile(dir.resolve("github-output"));
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", stubs + script);
    builder.environment().put("GITHUB_OUTPUT", outputs.toString());
    Process bash = builder.redirectErrorStream(true).start();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor()).as(output).isZero();
    // The action's publish-dev step gets the same commit through the step's output.
    assertThat(Files.readString(outputs)).isEqualTo("sha=" + head + "\n");
    assertThat(Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8))
        .contains("args: --ref ${{ steps.image.outputs.sha }} --chart charts/api");
    return Files.readString(tags).strip();
  }
}
