package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.git.GitDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("the promotion command line")
class CommandLineTest {
  private static final Map<String, String> ENV = Map.of("USER", "alice");

  @TempDir Path dir;
  private Workspace workspace;
  private String config;

  @BeforeEach
  void createWorkspace() throws Exception {
    workspace = new Workspace(dir.resolve("ws"));
    workspace.create();
    config = "--config=" + workspace.config();
  }

  private Cli promotion(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = config;
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.run(ENV, all);
  }

  private Cli publish(String ref) throws Exception {
    return promotion(
        "publish-dev",
        "--ref",
        ref,
        "--chart",
        workspace.checkOutChart(ref, "charts/api").toString());
  }

  @Test
  @DisplayName("publish-dev then promote exit 0; running promote again is already done, exit 0")
  void promoteIdempotent() throws Exception {
    assertThat(publish("main").exitCode()).isZero();

    Cli first = promotion("promote", "--to", "test");
    Cli again = promotion("promote", "--to", "test");

    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).startsWith("promote api: done").contains("deploy test: done");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).startsWith("promote api: already done");
  }

  @Test
  @DisplayName("a gate that blocks exits 3 and lists the violation; nothing is written")
  void blocked() throws Exception {
    Files.writeString(workspace.config(), Workspace.CONFIG + "gates:\n  soak:\n    test: 24h\n");
    publish("main");
    promotion("promote", "--to", "test");
    String before = Files.readString(workspace.gitops().resolve("refs/heads/main"));

    Cli cli = promotion("promote", "--to", "stage");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(ExitCode.BLOCKED);
    assertThat(cli.out())
        .startsWith("promote api: blocked")
        .contains("Blocked, nothing was written");
    assertThat(Files.readString(workspace.gitops().resolve("refs/heads/main"))).isEqualTo(before);

    Cli json = promotion("--output", "json", "promote", "--to", "stage");
    com.fasterxml.jackson.databind.JsonNode result =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(json.exitCode()).isEqualTo(ExitCode.BLOCKED);
    assertThat(result.get("result").asText()).isEqualTo("blocked");
    assertThat(result.at("/refused/app").asText()).isEqualTo("api");
    assertThat(result.at("/refused/environment").asText()).isEqualTo("stage");
    assertThat(result.at("/refused/target").asText()).contains("-rc.");
    assertThat(result.at("/refused/expected").isNull()).isTrue();
  }

  @Test
  @DisplayName("--override-gates goes ahead despite a violation and records the reason")
  void override() throws Exception {
    Files.writeString(workspace.config(), Workspace.CONFIG + "gates:\n  soak:\n    test: 24h\n");
    publish("main");
    promotion("promote", "--to", "test");

    Cli cli = promotion("--override-gates", "incident 42", "promote", "--to", "stage");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("incident 42");
  }

  @Test
  @DisplayName("a frozen environment blocks promotions into it, exit 3")
  void frozen() throws Exception {
    Files.writeString(
        workspace.config(),
        Workspace.CONFIG
            + "gates:\n  freeze:\n    - name: year-end\n      environments: [test]\n"
            + "      from: 2020-01-01T00:00:00Z\n      until: 2999-01-01T00:00:00Z\n");
    publish("main");

    Cli cli = promotion("promote", "--to", "test");

    assertThat(cli.exitCode()).isEqualTo(ExitCode.BLOCKED);
    assertThat(cli.out()).contains("year-end");
  }

  @Test
  @DisplayName("--dry-run prints the plan and writes nothing")
  void dryRun() throws Exception {
    publish("main");
    String before = Files.readString(workspace.gitops().resolve("refs/heads/main"));

    Cli cli = promotion("--dry-run", "promote", "--to", "test");

    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out()).contains("planned (dry run, nothing written)");
    assertThat(Files.readString(workspace.gitops().resolve("refs/heads/main"))).isEqualTo(before);
  }

  @Test
  @DisplayName("status --output json gives the environment x app table for scripts")
  void statusJson() throws Exception {
    publish("main");

    Cli cli = promotion("status", "--output", "json");

    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(cli.exitCode()).isZero();
    assertThat(json.at("/environments/0/environment").asText()).isEqualTo("dev");
    assertThat(json.at("/environments/0/apps/0/version").asText()).startsWith("0.1.0-rc.");
    assertThat(json.at("/environments/0/apps/0/actor").asText()).isEqualTo("alice");
    assertThat(json.at("/environments/3/apps/0/version").isNull()).isTrue();
  }

  @Test
  @DisplayName("a write with --output json gives the outcome, the value and every step")
  void resultJson() throws Exception {
    publish("main");

    Cli cli = promotion("--output", "json", "promote", "--to", "test");

    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("result").asText()).isEqualTo("done");
    assertThat(json.at("/value/from").asText()).isEqualTo("dev");
    assertThat(json.at("/value/version").asText()).startsWith("0.1.0-rc.");
    assertThat(json.at("/value/previous").isNull()).isTrue();
    assertThat(json.at("/steps/0/status").asText()).isEqualTo("done");
  }

  @Test
  @DisplayName("status --output markdown is a table for $GITHUB_STEP_SUMMARY")
  void statusMarkdown() throws Exception {
    publish("main");

    Cli cli = promotion("status", "--output", "markdown");

    assertThat(cli.out())
        .startsWith("| environment | app | version | age | by |\n|---|---|---|---|---|\n")
        .contains("| dev | api | `0.1.0-rc.")
        .contains("| prod | api | - | - | - |");
  }

  @Test
  @DisplayName("history lists the changes newest first, with their commit subjects")
  void history() throws Exception {
    publish("main");
    promotion("promote", "--to", "test");

    Cli cli = promotion("history", "--env", "test", "--output", "json");

    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(json).hasSize(1);
    assertThat(json.at("/0/subject").asText()).startsWith("promote api 0.1.0-rc.");
  }

  @Test
  @DisplayName("an unknown option is a usage error, exit 2")
  void usage() {
    Cli cli = promotion("status", "--bogus");

    assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err()).contains("Unknown option: '--bogus'");
  }

  @Test
  @DisplayName("an unknown --progress mode is a usage error, exit 2, naming the modes")
  void unknownProgressMode() {
    Cli cli = promotion("--progress", "sometimes", "status");

    assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err()).contains("use auto, always or never, not sometimes");
  }

  @Test
  @DisplayName("an unknown environment is a usage error, exit 2, in one sentence with what to do")
  void unknownEnvironment() throws Exception {
    Cli cli = promotion("promote", "--to", "qa");

    assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err().lines().findFirst().orElseThrow())
        .startsWith("promotion: ")
        .contains("qa");
  }

  @Test
  @DisplayName("a missing configuration file is exit 2 and says how to get one")
  void missingConfig() {
    Cli cli = Cli.run(ENV, "--config=" + dir.resolve("nope.yaml"), "status");

    assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err()).contains("there is no such file").contains("promotion walkthrough");
  }

  @Test
  @DisplayName("a bad configuration file is exit 2 with file:line:column and a hint")
  void badConfig() throws Exception {
    Files.writeString(
        workspace.config(), Workspace.CONFIG.replace("  write: commit", "  writeMode: commit"));

    Cli cli = promotion("status");

    assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err())
        .contains(workspace.config() + ":24:14: unknown key 'writeMode' in gitops")
        .contains("The keys here are");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        arguments(
            "gitops.path is not a path on this machine",
            "  path: gitops.git",
            "  path: \"gitops\\0.git\""),
        arguments(
            "gitops.pattern is not a pattern of the argocd layout",
            "  layout: argocd",
            "  layout: argocd\n  pattern: envs/{app}/app.yaml"),
        arguments(
            "gitops.branch is not a valid git branch name", "  branch: main", "  branch: ma..in"),
        arguments(
            "gitops.url has the scheme ftp:, which git cannot use",
            "  path: gitops.git",
            "  url: ftp://example.com/gitops.git"),
        arguments(
            "scm.url is not a URL", "  path: app.git", "  url: \"https://exa mple.com/app.git\""),
        arguments(
            "apps[1].name names 'api' a second time (first at line 15)",
            "apps:\n",
            "apps:\n  - name: api\n    image: registry.example.com/other\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  @DisplayName(
      "a bad value in promotion.yaml (NUL in a path, pattern, branch, url, duplicate app) is exit 2"
          + " at its file:line:column before anything is written")
  void badValue(String reason, String written, String replacement) throws Exception {
    String yaml = Workspace.CONFIG.replace(written, replacement);
    Files.writeString(workspace.config(), yaml);
    int line = lineOf(yaml, replacement, reason);
    String before = refs();

    Cli cli =
        promotion(
            "publish-dev", "--chart", workspace.checkOutChart("main", "charts/api").toString());

    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err())
        .startsWith("promotion: " + workspace.config() + ":" + line + ":")
        .contains(": " + reason.strip())
        .doesNotContain("Check the arguments");
    assertThat(refs()).isEqualTo(before);
    try (Stream<Path> registry = Files.list(workspace.dir().resolve("registry"))) {
      assertThat(registry).isEmpty();
    }
  }

  /**
   * The line of the reason's key as the replacement writes it; the last such line (for a duplicate
   * app, the second one).
   */
  private static int lineOf(String yaml, String replacement, String reason) {
    String key = reason.substring(0, reason.indexOf(' '));
    String name = key.substring(key.lastIndexOf('.') + 1) + ":";
    String written =
        replacement
            .lines()
            .filter(l -> l.strip().replaceFirst("^- ", "").startsWith(name))
            .findFirst()
            .orElseThrow();
    return yaml.lines().toList().lastIndexOf(written) + 1;
  }

  private String refs() throws Exception {
    return GitDaemon.git(workspace.gitops(), "for-each-ref")
        + GitDaemon.git(workspace.app(), "for-each-ref");
  }

  @Test
  @DisplayName("nothing deployed to promote is a failure, exit 1, and --verbose adds no noise")
  void nothingDeployed() {
    Cli cli = promotion("--verbose", "promote", "--to", "test");

    assertThat(cli.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.err()).startsWith("promotion: ");
  }

  @Test
  @DisplayName("a concurrent modification after retries maps to exit 4")
  void concurrentModification() {
    assertThat(ExitCode.of(new ConcurrentModificationException("dev", "a", "b")))
        .isEqualTo(ExitCode.CONCURRENT_MODIFICATION);
  }

  @Test
  @DisplayName("with several apps, leaving out --app is a usage error naming them")
  void severalApps() throws Exception {
    Files.writeString(
        workspace.config(),
        Workspace.CONFIG.replace(
            "apps:\n", "apps:\n  - name: web\n    image: registry.example.com/web\n"));

    Cli cli = promotion("promote", "--to", "test");

    assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err()).contains("configures 2 apps").contains("--app (api, web)");
  }

  @Test
  @DisplayName("an unreachable GitOps server is exit 1 in one sentence; --verbose adds the causes")
  void unreachable() throws Exception {
    Files.writeString(
        workspace.config(),
        Workspace.CONFIG.replace("  path: gitops.git", "  url: git://127.0.0.1:1/gitops.git"));

    Cli quiet = promotion("status");
    Cli verbose = promotion("--verbose", "status");

    assertThat(quiet.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(quiet.err().lines().toList())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("promotion: ")
        .contains("Check that the repository is reachable");
    assertThat(quiet.err()).contains("run again with --verbose");
    assertThat(verbose.err()).contains("caused by: ");
  }

  @Test
  @DisplayName("github and ecr backends are wired from the file; a promotion needs neither client")
  void githubAndEcrWiring() throws Exception {
    Files.writeString(
        workspace.config(),
        Workspace.CONFIG
            .replace(
                "  type: oci-layout\n  path: registry",
                "  type: ecr\n  region: us-east-1\n  registryId: \"123456789012\"")
            .replace(
                "  type: git\n  path: app.git",
                "  type: github\n  repository: acme/api\n  token: {env: GITHUB_TOKEN}"));
    publishWithLocalBackends();

    Cli cli =
        Cli.run(
            Map.of("USER", "alice", "GITHUB_TOKEN", "test-token-value"),
            config,
            "promote",
            "--to",
            "test");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).startsWith("promote api: done");
  }

  @Test
  @DisplayName("write: dispatch is wired to the GitOps repository on GitHub; reading needs no call")
  void dispatchWiring() throws Exception {
    Files.writeString(
        workspace.config(),
        Workspace.CONFIG.replace(
            "  write: commit",
            "  write: dispatch\n  repository: acme/gitops\n  token: {env: GITOPS_TOKEN}"));

    Cli cli = Cli.run(Map.of("GITOPS_TOKEN", "test-token-value"), config, "status");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("ENVIRONMENT");
  }

  @Test
  @DisplayName("a new declaration of an app uses the app's own chartRepository, not the GitOps one")
  void appChartRepository() throws Exception {
    Files.writeString(
        workspace.config(),
        Workspace.CONFIG.replace(
            "    image: registry.example.com/api\n",
            "    image: registry.example.com/api\n"
                + "    chartRepository: oci://charts.example.org/team-api\n"));

    Cli cli = publish("main");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(gitOpsFile("registry/environments/dev/preprod/api.yaml"))
        .contains("repoURL: oci://charts.example.org/team-api")
        .doesNotContain("oci://registry.example.com/charts");
  }

  @Test
  @DisplayName("without an app's chartRepository, a new declaration uses the GitOps one")
  void gitOpsChartRepository() throws Exception {
    Cli cli = publish("main");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(gitOpsFile("registry/environments/dev/preprod/api.yaml"))
        .contains("repoURL: oci://registry.example.com/charts");
  }

  private String gitOpsFile(String path) throws Exception {
    try (Repository repository = Workspace.open(workspace.gitops())) {
      ObjectId blob = repository.resolve("main:" + path);
      assertThat(blob).as(path + " on main of the GitOps repository").isNotNull();
      return new String(repository.open(blob).getBytes(), StandardCharsets.UTF_8);
    }
  }

  private void publishWithLocalBackends() throws Exception {
    String configured = Files.readString(workspace.config());
    Files.writeString(workspace.config(), Workspace.CONFIG);
    assertThat(publish("main").exitCode()).isZero();
    Files.writeString(workspace.config(), configured);
  }
}
