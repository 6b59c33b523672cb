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
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("examples/github-actions")
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "github-actions");

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
        .containsPattern("(?m)^\\s+(run: |)promotion (publish-dev|promote|release|hotfix|bump)");
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
      "each of the six workflows installs the launcher, points PROMOTION_CDS at a directory that"
          + " actions/cache keeps under a key of runner OS, Java version and jar hash, before the"
          + " first promotion command")
  void startUpArchiveCached(String name) throws Exception {
    String text = Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8);
    YamlText yaml = YamlText.parse(name, text);
    YamlPath steps = YamlPath.of("jobs", yaml.keys(0, YamlPath.of("jobs")).get(0), "steps");
    int java = -1;
    int install = -1;
    int cache = -1;
    int command = -1;
    for (int i = 0; i < yaml.size(0, steps); i++) {
      String uses = yaml.value(0, steps.index(i).key("uses")).orElse("");
      String id = yaml.value(0, steps.index(i).key("id")).orElse("");
      String run = yaml.value(0, steps.index(i).key("run")).orElse("");
      if (uses.startsWith("actions/setup-java@") && id.equals("java")) {
        java = i;
      } else if (id.equals("promotion")) {
        install = i;
        assertThat(run)
            .contains("PROMOTION_LAUNCHER_URL", "PROMOTION_CDS=$HOME/.cache/promotion-cds")
            .contains("touch -t", "sha256sum", "GITHUB_OUTPUT");
      } else if (uses.startsWith("actions/cache@")) {
        cache = i;
        assertThat(yaml.value(0, steps.index(i).key("with").key("path")))
            .contains("~/.cache/promotion-cds");
        assertThat(yaml.value(0, steps.index(i).key("with").key("key")).orElseThrow())
            .contains("${{ runner.os }}")
            .contains("${{ steps.java.outputs.version }}")
            .contains("${{ steps.promotion.outputs.jar }}");
      } else if (command < 0 && run.matches("(?s)(.*\n)?\\s*promotion .*")) {
        command = i;
      }
    }
    assertThat(java).as("setup-java with id java").isNotNegative();
    assertThat(install).as("the install step").isGreaterThan(java);
    assertThat(cache).as("actions/cache after the install step").isGreaterThan(install);
    assertThat(command).as("the first promotion command after the cache").isGreaterThan(cache);
  }

  @Test
  @DisplayName(
      "two jobs on fresh runners with the cached directory: the first job's command writes the"
          + " archive, the second job downloads the same jar again (the fixed time keeps it the"
          + " same for the JVM) under the same cache key and maps the archive")
  void secondJobMapsTheArchive(@TempDir Path dir) throws Exception {
    String name = "promote-test.yaml";
    YamlText yaml =
        YamlText.parse(name, Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8));
    YamlPath steps = YamlPath.of("jobs", "promote", "steps");
    String script = null;
    for (int i = 0; i < yaml.size(0, steps); i++) {
      if (yaml.value(0, steps.index(i).key("id")).orElse("").equals("promotion")) {
        script = yaml.value(0, steps.index(i).key("run")).orElseThrow();
      }
    }
    assertThat(script).as("the install step").isNotNull();
    Path published = dir.resolve("published.jar");
    LauncherTest.writeProbeJar(published, Map.of());
    Path home = dir.resolve("home");

    Job first = job(dir, home, script, published, "");
    Thread.sleep(1_100); // the second download gets another modification time
    Job second = job(dir, home, script, published, "-Xlog:class+load=info:stderr");

    assertThat(first.output()).contains("arg status");
    assertThat(first.cacheKeyPart()).isEqualTo(second.cacheKeyPart()).hasSize(16);
    try (Stream<Path> archives = Files.list(home.resolve(".cache/promotion-cds"))) {
      assertThat(archives.map(p -> p.getFileName().toString()))
          .singleElement()
          .asString()
          .startsWith("promotion-" + Runtime.version().feature() + "-");
    }
    assertThat(second.output())
        .contains("arg status", "jvm -XX:SharedArchiveFile=")
        .contains(LauncherProbe.class.getName() + " source: shared objects file");
  }

  private record Job(String output, String cacheKeyPart) {}

  /**
   * One job on a fresh runner: a new RUNNER_TEMP, the install step run by bash with curl answering
   * from {@code published} and bin/promotion, then {@code promotion status} with the PATH and the
   * environment the step gave the job, under CI=true. HOME, with the cached directory, stays.
   */
  private static Job job(Path dir, Path home, String script, Path published, String javaOpts)
      throws Exception {
    Path temp = dir.resolve("runner-temp");
    if (Files.exists(temp)) {
      try (Stream<Path> walk = Files.walk(temp)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(temp);
    Files.createDirectories(home);
    Path path = Files.createFile(temp.resolve("path"));
    Path env = Files.createFile(temp.resolve("env"));
    Path output = Files.createFile(temp.resolve("output"));
    String curl =
        "curl() { case \"$4\" in jar-url) cp '"
            + published
            + "' \"$3\" ;; launcher-url) cp '"
            + Path.of("bin", "promotion").toAbsolutePath()
            + "' \"$3\" ;; *) exit 97 ;; esac; }\n";
    String install =
        script
            .replace("${{ vars.PROMOTION_JAR_URL }}", "jar-url")
            .replace("${{ vars.PROMOTION_LAUNCHER_URL }}", "launcher-url");
    String run =
        "set -e\n"
            + curl
            + install
            + "\nPATH=$(cat \"$GITHUB_PATH\"):$PATH\n"
            + "set -a; . \"$GITHUB_ENV\"; set +a\n"
            + "promotion status\n";
    ProcessBuilder bash = new ProcessBuilder("bash", "-c", run).redirectErrorStream(true);
    bash.environment().remove("PROMOTION_CDS");
    bash.environment().remove("PROMOTION_JAR");
    bash.environment().put("CI", "true");
    bash.environment().put("HOME", home.toString());
    bash.environment().put("RUNNER_TEMP", temp.toString());
    bash.environment().put("GITHUB_PATH", path.toString());
    bash.environment().put("GITHUB_ENV", env.toString());
    bash.environment().put("GITHUB_OUTPUT", output.toString());
    bash.environment()
        .put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    bash.environment().put("JAVA_OPTS", javaOpts);
    Process process = bash.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    String key = Files.readString(output, StandardCharsets.UTF_8).strip();
    assertThat(key).startsWith("jar=");
    return new Job(out, key.substring("jar=".length()));
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
    Process bash =
        new ProcessBuilder("bash", "-c", stubs + script).redirectErrorStream(true).start();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor()).as(output).isZero();
    return Files.readString(tags).strip();
  }
}
