package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The composite action at the repository root, run step by step the way a runner runs it: each
 * {@code run} step in bash with its {@code env} (inputs and step outputs substituted), a fresh
 * {@code GITHUB_OUTPUT} per step, {@code GITHUB_ENV} carried to the next steps, one {@code
 * GITHUB_STEP_SUMMARY}; {@code actions/setup-java} stands for this JVM and {@code actions/cache}
 * for a directory that stays. The CLI is this build's {@code promotion.jar}, published into a
 * directory in the Maven layout that stands for Central. An integration test: it needs the packaged
 * jar.
 */
@DisplayName("action.yml: the composite action")
class ActionIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = Path.of("target", "promotion.jar").toAbsolutePath();
  private static final String VERSION = "9.9.9";

  @TempDir Path dir;
  private Path repository;
  private Path published;
  private Workspace workspace;

  @BeforeEach
  void publishAndScaffold() throws Exception {
    assertThat(JAR).as("mvn package builds it before the integration tests").isRegularFile();
    repository = dir.resolve("maven");
    Path versionDir = repository.resolve("dev/promotion/promotion-cli/" + VERSION);
    Files.createDirectories(versionDir);
    published = versionDir.resolve("promotion-cli-" + VERSION + "-all.jar");
    Files.copy(JAR, published);
    Files.writeString(published.resolveSibling(published.getFileName() + ".sha1"), hex("SHA-1"));
    Files.writeString(
        published.resolveSibling(published.getFileName() + ".sha256"), hex("SHA-256") + "\n");
    Files.writeString(
        versionDir.resolveSibling("maven-metadata.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n"
            + "  <groupId>dev.promotion</groupId>\n  <artifactId>promotion-cli</artifactId>\n"
            + "  <versioning>\n    <latest>"
            + VERSION
            + "</latest>\n    <release>"
            + VERSION
            + "</release>\n    <versions><version>"
            + VERSION
            + "</version></versions>\n  </versioning>\n</metadata>\n");
    workspace = new Workspace(dir.resolve("ws"));
    workspace.create();
  }

  @Test
  @DisplayName(
      "promote --to test: the jar from the repository (latest, checksum checked), the command run"
          + " through the launcher, the Markdown result in the job summary, result, version,"
          + " environment and the GitOps revision in the outputs, the start-up archive written"
          + " into the cached directory")
  void promote() throws Exception {
    publishDev();
    Runner runner = new Runner(dir.resolve("runner"));

    Map<String, String> outputs =
        runner.run(Map.of("command", "promote", "args", "--to test", "repository", fileUrl()));

    assertThat(runner.exitCode).as(runner.log).isZero();
    String gitopsHead;
    try (Repository gitops = Workspace.open(workspace.gitops())) {
      gitopsHead = gitops.resolve("main").name();
    }
    assertThat(outputs)
        .containsEntry("result", "done")
        .containsEntry("exit-code", "0")
        .containsEntry("app", "api")
        .containsEntry("environment", "test")
        .containsEntry("revision", gitopsHead)
        .containsEntry("promotion-version", VERSION);
    assertThat(outputs.get("version")).matches("0\\.1\\.0-rc\\.[0-9a-f]{7,}");
    assertThat(Files.readString(Path.of(outputs.get("json"))))
        .contains("\"command\" : \"promote\"", "\"to\" : \"test\"");
    assertThat(runner.summary())
        .contains("### promotion promote api: done", "| deploy test | done |");
    assertThat(runner.cacheKey)
        .startsWith("promotion-cds-Linux-java-" + Runtime.version().feature())
        .endsWith(hex("SHA-256").substring(0, 16));
    try (Stream<Path> archives = Files.list(runner.home.resolve(".cache/promotion-cds"))) {
      assertThat(archives.map(p -> p.getFileName().toString()))
          .singleElement()
          .asString()
          .startsWith("promotion-" + Runtime.version().feature() + "-");
    }
  }

  @Test
  @DisplayName(
      "run again on the same runner: the jar already in place is checked, not downloaded again;"
          + " the command says already done and no revision is written")
  void again() throws Exception {
    publishDev();
    Runner runner = new Runner(dir.resolve("runner"));
    Map<String, String> inputs =
        Map.of("command", "promote", "args", "--to test", "repository", fileUrl());
    runner.run(inputs);

    Map<String, String> outputs = runner.run(inputs);

    assertThat(runner.exitCode).as(runner.log).isZero();
    assertThat(runner.log).contains("already in place");
    assertThat(outputs).containsEntry("result", "already done").containsEntry("revision", "");
    assertThat(runner.summary()).contains("### promotion promote api: already done");
  }

  @Test
  @DisplayName(
      "a second job on a fresh runner, with the cached directory restored under the same key,"
          + " downloads the jar again and maps the archive the first job wrote")
  void secondJobMapsTheArchive() throws Exception {
    publishDev();
    Path home = dir.resolve("home");
    Runner first = new Runner(dir.resolve("job"), home);
    first.run(Map.of("command", "status", "repository", fileUrl()));
    assertThat(first.exitCode).as(first.log).isZero();
    // A fresh runner of the same image: the same paths, nothing in them but the restored cache.
    try (Stream<Path> files = Files.walk(dir.resolve("job"))) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    Runner second = new Runner(dir.resolve("job"), home);
    second.javaOpts = "-Xlog:class+load=info:stderr";
    second.run(Map.of("command", "status", "repository", fileUrl()));

    assertThat(second.exitCode).as(second.log).isZero();
    assertThat(second.cacheKey).isEqualTo(first.cacheKey);
    assertThat(second.log).doesNotContain("already in place");
    assertThat(second.log).contains("dev.promotion.cli.Main source: shared objects file");
  }

  @Test
  @DisplayName(
      "a jar whose checksum does not match the repository's is refused: exit 4, nothing"
          + " installed, the command never runs")
  void checksumMismatch() throws Exception {
    Files.writeString(
        published.resolveSibling(published.getFileName() + ".sha256"),
        "0".repeat(64) + "  promotion-cli-" + VERSION + "-all.jar\n");
    Runner runner = new Runner(dir.resolve("runner"));

    Map<String, String> outputs =
        runner.run(Map.of("command", "status", "repository", repository.toString()));

    assertThat(runner.exitCode).isEqualTo(4);
    assertThat(runner.log).contains("does not match the repository's", "nothing installed");
    assertThat(outputs).doesNotContainKey("result");
    try (Stream<Path> files = Files.walk(runner.toolCache)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  @DisplayName("a pinned sha256 that does not match is refused as well")
  void pinnedChecksumMismatch() throws Exception {
    Runner runner = new Runner(dir.resolve("runner"));

    runner.run(
        Map.of(
            "command",
            "status",
            "repository",
            fileUrl(),
            "version",
            VERSION,
            "sha256",
            "a".repeat(64)));

    assertThat(runner.exitCode).isEqualTo(4);
    assertThat(runner.log).contains("does not match the pinned");
  }

  @Test
  @DisplayName(
      "bad input ends before anything is downloaded or run: a version that is not one (exit 2),"
          + " a version not in the repository (exit 3), an unknown command (exit 2)")
  void badInput() throws Exception {
    Runner traversal = new Runner(dir.resolve("r1"));
    traversal.run(Map.of("command", "status", "repository", fileUrl(), "version", "../../etc"));
    assertThat(traversal.exitCode).isEqualTo(2);
    assertThat(traversal.log).contains("is not a version");

    Runner missing = new Runner(dir.resolve("r2"));
    missing.run(Map.of("command", "status", "repository", fileUrl(), "version", "1.2.3"));
    assertThat(missing.exitCode).isEqualTo(3);
    assertThat(missing.log).contains("promotion-cli:1.2.3", "is not in");

    Runner unknown = new Runner(dir.resolve("r3"));
    Map<String, String> outputs =
        unknown.run(Map.of("command", "deploy-everything", "repository", fileUrl()));
    assertThat(unknown.exitCode).isEqualTo(2);
    assertThat(unknown.log).contains("unknown command 'deploy-everything'");
    assertThat(outputs).doesNotContainKey("result");
  }

  @Test
  @DisplayName(
      "a failing command: the step fails with its exit code, result is failed and the summary"
          + " says why")
  void failure() throws Exception {
    Runner runner = new Runner(dir.resolve("runner"));

    Map<String, String> outputs =
        runner.run(Map.of("command", "promote", "args", "--to nowhere", "repository", fileUrl()));

    assertThat(runner.exitCode).isNotZero();
    assertThat(outputs)
        .containsEntry("result", "failed")
        .containsEntry("exit-code", String.valueOf(runner.exitCode));
    assertThat(runner.summary()).contains("### promotion promote: failed", "nowhere");
  }

  @Test
  @DisplayName(
      "one argument per line keeps blanks inside an argument: the actor reaches the audit trail"
          + " whole")
  void argumentsPerLine() throws Exception {
    publishDev();
    Runner runner = new Runner(dir.resolve("runner"));

    Map<String, String> outputs =
        runner.run(
            Map.of(
                "command",
                "promote",
                "args",
                "--to\ntest\n--actor=Jane Doe\n",
                "repository",
                fileUrl()));

    assertThat(runner.exitCode).as(runner.log).isZero();
    assertThat(outputs).containsEntry("result", "done").containsEntry("environment", "test");
    try (Repository gitops = Workspace.open(workspace.gitops())) {
      assertThat(gitops.parseCommit(gitops.resolve("main")).getFullMessage())
          .contains("Promotion-Actor: Jane Doe");
    }
  }

  private void publishDev() throws Exception {
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
  }

  private String fileUrl() {
    return repository.toUri().toString();
  }

  private String hex(String algorithm) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(published)));
  }

  /** A GitHub-hosted runner, simulated: one HOME and tool cache, a new RUNNER_TEMP per job. */
  private final class Runner {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*([^}]+?)\\s*}}");
    final Path home;
    final Path toolCache;
    final Path temp;
    final Path summaryFile;
    String log = "";
    int exitCode;
    String cacheKey;

    String javaOpts = "";

    Runner(Path root) throws IOException {
      this(root, root.resolve("home"));
    }

    Runner(Path root, Path home) throws IOException {
      this.home = Files.createDirectories(home);
      toolCache = Files.createDirectories(root.resolve("toolcache"));
      temp = Files.createDirectories(root.resolve("temp"));
      summaryFile = root.resolve("summary.md");
    }

    String summary() throws IOException {
      return Files.exists(summaryFile) ? Files.readString(summaryFile) : "";
    }

    /** Runs action.yml's steps with these inputs; returns the action's outputs. */
    @SuppressWarnings("unchecked")
    Map<String, String> run(Map<String, String> given) throws Exception {
      Map<String, Object> action =
          (Map<String, Object>)
              new Load(LoadSettings.builder().build())
                  .loadFromString(Files.readString(ROOT.resolve("action.yml")));
      Map<String, String> inputs = new LinkedHashMap<>();
      ((Map<String, Map<String, Object>>) action.get("inputs"))
          .forEach(
              (name, input) -> inputs.put(name, String.valueOf(input.getOrDefault("default", ""))));
      assertThat(inputs).containsKeys(given.keySet().toArray(String[]::new));
      inputs.putAll(given);
      Map<String, Map<String, String>> stepOutputs = new LinkedHashMap<>();
      Map<String, String> jobEnv = new LinkedHashMap<>();
      Path envFile = temp.resolve("env");
      Files.deleteIfExists(envFile);
      Files.createFile(envFile);
      StringBuilder logs = new StringBuilder();
      exitCode = 0;
      Map<String, Object> runs = (Map<String, Object>) action.get("runs");
      assertThat(runs.get("using")).isEqualTo("composite");
      for (Map<String, Object> step : (List<Map<String, Object>>) runs.get("steps")) {
        String id = String.valueOf(step.getOrDefault("id", ""));
        Object uses = step.get("uses");
        Map<String, String> outputs = new LinkedHashMap<>();
        if (uses != null) {
          Map<String, String> with = new LinkedHashMap<>();
          ((Map<String, Object>) step.getOrDefault("with", Map.of()))
              .forEach((k, v) -> with.put(k, expand(String.valueOf(v), inputs, stepOutputs)));
          if (uses.toString().startsWith("actions/setup-java@")) {
            assertThat(with).containsEntry("java-version", inputs.get("java-version"));
            outputs.put("version", System.getProperty("java.version"));
            jobEnv.put("JAVA_HOME", System.getProperty("java.home"));
          } else if (uses.toString().startsWith("actions/cache@")) {
            assertThat(with).containsEntry("path", "~/.cache/promotion-cds");
            cacheKey = with.get("key");
          } else {
            throw new AssertionError("a step this runner does not simulate: " + uses);
          }
        } else {
          assertThat(step.get("shell")).isEqualTo("bash");
          Path output = Files.createTempFile(temp, "output", "");
          ProcessBuilder bash =
              new ProcessBuilder("bash", "-e", "-c", step.get("run").toString())
                  .directory(workspace.dir().toFile())
                  .redirectErrorStream(true);
          Map<String, String> env = bash.environment();
          env.keySet().removeIf(k -> k.startsWith("PROMOTION_") || k.startsWith("GITHUB_"));
          env.put("CI", "true");
          env.put("HOME", home.toString());
          env.put("USER", "runner");
          env.put("RUNNER_OS", "Linux");
          env.put("RUNNER_TEMP", temp.toString());
          env.put("RUNNER_TOOL_CACHE", toolCache.toString());
          env.put("GITHUB_ACTIONS", "true");
          env.put("JAVA_OPTS", javaOpts);
          env.put("GITHUB_ACTOR", "octocat");
          env.put("GITHUB_REPOSITORY", "acme/api");
          env.put("GITHUB_RUN_ID", "4242");
          env.put("GITHUB_ACTION_PATH", ROOT.toString());
          env.put("GITHUB_OUTPUT", output.toString());
          env.put("GITHUB_ENV", envFile.toString());
          env.put("GITHUB_STEP_SUMMARY", summaryFile.toString());
          env.putAll(jobEnv);
          env.putAll(lines(envFile));
          ((Map<String, Object>) step.getOrDefault("env", Map.of()))
              .forEach((k, v) -> env.put(k, expand(String.valueOf(v), inputs, stepOutputs)));
          Process process = bash.start();
          logs.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
          exitCode = process.waitFor();
          outputs.putAll(lines(output));
        }
        stepOutputs.put(id, outputs);
        if (exitCode != 0) {
          break;
        }
      }
      log = logs.toString();
      Map<String, String> result = new LinkedHashMap<>();
      ((Map<String, Map<String, Object>>) action.get("outputs"))
          .forEach(
              (name, output) -> {
                String value = expand(output.get("value").toString(), inputs, stepOutputs);
                if (value != null) {
                  result.put(name, value);
                }
              });
      return result;
    }

    /** The expressions action.yml uses; an unset step output leaves the action output unset. */
    private String expand(
        String text, Map<String, String> inputs, Map<String, Map<String, String>> steps) {
      Matcher m = EXPRESSION.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String expression = m.group(1);
        String value;
        if (expression.startsWith("inputs.")) {
          value = inputs.get(expression.substring("inputs.".length()));
        } else if (expression.equals("runner.os")) {
          value = "Linux";
        } else if (expression.startsWith("steps.")) {
          String[] parts = expression.split("\\.", 4);
          assertThat(parts[2]).isEqualTo("outputs");
          value = steps.getOrDefault(parts[1], Map.of()).get(parts[3]);
          if (value == null && text.equals(m.group())) {
            return null;
          }
        } else {
          throw new AssertionError("an expression this runner does not know: " + expression);
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
      }
      m.appendTail(out);
      return out.toString();
    }

    /** name=value lines as the runner reads GITHUB_OUTPUT and GITHUB_ENV; later ones win. */
    private Map<String, String> lines(Path file) throws IOException {
      Map<String, String> values = new LinkedHashMap<>();
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        assertThat(line).as("no multi-line values").doesNotContain("<<");
        if (eq > 0) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return values;
    }
  }
}
