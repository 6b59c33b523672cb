package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.git.GitDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the command line on remote repositories (git daemon)")
class RemoteRepositoriesTest {
  @TempDir Path dir;

  @Test
  @DisplayName("publish, promote, release and hotfix work with url: for the GitOps and app repos")
  void lifecycleOverTheWire() throws Exception {
    Workspace workspace = new Workspace(dir.resolve("served"));
    workspace.create();
    try (GitDaemon daemon = GitDaemon.start(workspace.dir())) {
      Files.writeString(
          workspace.config(),
          Workspace.CONFIG
              .replace(
                  "  path: gitops.git",
                  "  url: " + daemon.url("gitops") + "\n  cache: cache/gitops")
              .replace("  path: app.git", "  url: " + daemon.url("app") + "\n  cache: cache/app"));
      String config = "--config=" + workspace.config();
      Map<String, String> env = Map.of("USER", "bob");

      Path chart = workspace.checkOutChart("main", "charts/api");
      assertThat(run(env, config, "publish-dev", "--chart", chart.toString())).isZero();
      assertThat(run(env, config, "promote", "--to", "test")).isZero();
      assertThat(run(env, config, "promote", "--to", "stage")).isZero();
      Cli release = Cli.run(env, config, "release");
      Cli hotfix = Cli.run(env, config, "hotfix", "--tag", "v0.1.0");

      assertThat(release.exitCode()).as(release.out() + release.err()).isZero();
      assertThat(release.out()).contains("create release v0.1.0: done", "bump main: done");
      assertThat(hotfix.exitCode()).as(hotfix.out() + hotfix.err()).isZero();
      assertThat(
              GitDaemon.git(
                  workspace.app(), "tag", "-l", "--format=%(objecttype) %(refname:short)"))
          .isEqualTo("tag v0.1.0\n");
      assertThat(GitDaemon.git(workspace.app(), "show", "hotfix-0-1-1:charts/api/Chart.yaml"))
          .contains("version: 0.1.1");
      assertThat(GitDaemon.git(workspace.gitops(), "log", "--format=%s|%an", "main"))
          .startsWith("release api 0.1.0 stage -> prod|bob\n");
      assertThat(
              GitDaemon.git(
                  workspace.gitops(),
                  "show",
                  "main:registry/environments/prod/production/api.yaml"))
          .contains("targetRevision: 0.1.0");
    }
  }

  private static int run(Map<String, String> env, String... args) {
    Cli cli = Cli.run(env, args);
    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    return cli.exitCode();
  }
}
