package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.git.CommitMessage;
import dev.promotion.git.GitRepository;
import dev.promotion.git.Identity;
import dev.promotion.git.Plan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("promotion.yaml layouts reach the GitOps repository: presets and a team's own path")
class LayoutCommandLineTest {
  private static final Map<String, String> ENV = Map.of("USER", "alice");
  private static final String DIGEST = "sha256:" + "c0ffee".repeat(10) + "c0ff";

  @TempDir Path dir;
  private Workspace workspace;

  @BeforeEach
  void createWorkspace() throws Exception {
    workspace = new Workspace(dir.resolve("ws"));
    workspace.create();
  }

  private void layout(String lines) throws Exception {
    Files.writeString(workspace.config(), Workspace.CONFIG.replace("  layout: argocd\n", lines));
  }

  private Cli promotion(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--config=" + workspace.config();
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.run(ENV, all);
  }

  private Cli publish(String... more) throws Exception {
    String[] args = new String[5 + more.length];
    args[0] = "publish-dev";
    args[1] = "--ref";
    args[2] = "main";
    args[3] = "--chart";
    args[4] = workspace.checkOutChart("main", "charts/api").toString();
    System.arraycopy(more, 0, args, 5, more.length);
    return promotion(args);
  }

  private String gitOpsFile(String path) throws Exception {
    try (Repository repository = Workspace.open(workspace.gitops())) {
      ObjectId blob = repository.resolve("main:" + path);
      assertThat(blob).as(path).isNotNull();
      return new String(repository.open(blob).getBytes(), StandardCharsets.UTF_8);
    }
  }

  private void commitGitOpsFile(String path, String text) throws Exception {
    try (Repository repository = Workspace.open(workspace.gitops());
        GitRepository git = GitRepository.builder().repository(repository).build()) {
      git.update(
          snapshot ->
              Plan.write(
                  Map.of(path, text.getBytes(StandardCharsets.UTF_8)),
                  new CommitMessage("by hand", List.of(), Identity.promotion(), Instant.now()),
                  0));
    }
  }

  @Test
  @DisplayName("layout: umbrella-chart declares and promotes dependencies[name=api].version")
  void umbrella() throws Exception {
    layout("  layout: umbrella-chart\n");

    Cli published = publish();
    Cli promoted = promotion("promote", "--to", "test");

    assertThat(published.exitCode()).as(published.out() + published.err()).isZero();
    assertThat(promoted.exitCode()).as(promoted.out() + promoted.err()).isZero();
    String test = gitOpsFile("registry/environments/test/api/Chart.yaml");
    assertThat(test)
        .contains("  - name: api\n    repository: oci://registry.example.com/charts\n")
        .containsPattern("    version: 0\\.1\\.0-rc\\.[0-9a-z]+\n");
  }

  @Test
  @DisplayName("pattern + versionPath + digestPath: a team's own layout, with the digest pinned")
  void custom() throws Exception {
    layout(
        "  pattern: \"deploy/{env}/{app}.yaml\"\n"
            + "  versionPath: release.chart.version\n"
            + "  digestPath: release.chart.digest\n");

    Cli published = publish("--image-digest", DIGEST);
    Cli promoted = promotion("promote", "--to", "test");

    assertThat(published.exitCode()).as(published.out() + published.err()).isZero();
    assertThat(promoted.exitCode()).as(promoted.out() + promoted.err()).isZero();
    assertThat(gitOpsFile("deploy/test/api.yaml"))
        .containsPattern("release:\n  chart:\n    version: 0\\.1\\.0-rc\\.[0-9a-z]+\n")
        .contains("    digest: " + DIGEST + "\n");
  }

  @Test
  @DisplayName(
      "a selector that matches two entries fails the run (exit 1) naming both; nothing written")
  void ambiguous() throws Exception {
    layout("  layout: umbrella-chart\n");
    assertThat(publish().exitCode()).isZero();
    commitGitOpsFile(
        "registry/environments/test/api/Chart.yaml",
        "apiVersion: v2\nname: api\nversion: 0.1.0\ndependencies:\n"
            + "  - name: api\n    version: 0.0.1\n  - name: api\n    version: 0.0.2\n");
    String before = Files.readString(workspace.gitops().resolve("refs/heads/main"));

    Cli promoted = promotion("promote", "--to", "test");

    assertThat(promoted.exitCode()).isEqualTo(1);
    assertThat(promoted.err())
        .contains("registry/environments/test/api/Chart.yaml:7")
        .contains("[name=api] at line 5")
        .contains("[name=api] at line 7");
    assertThat(Files.readString(workspace.gitops().resolve("refs/heads/main"))).isEqualTo(before);
  }
}
