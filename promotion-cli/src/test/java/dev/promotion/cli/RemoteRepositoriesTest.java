package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.git.GitDaemon;
import dev.promotion.git.SshGitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the command line on remote repositories (git daemon, SSH)")
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

  @Test
  @DisplayName(
      "the GitOps repository over SSH with a deploy key held in an environment variable: publish"
          + " and promote push, the key never shows and its temporary file is gone afterwards")
  void gitOpsOverSsh() throws Exception {
    Workspace workspace = new Workspace(dir.resolve("served"));
    workspace.create();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    Path sshDirectory = Files.createDirectories(dir.resolve("ssh"));
    Path keyFile = dir.resolve("deploy-key");
    SshGitServer.writePrivateKey(pair, "correct horse", keyFile);
    String key = Files.readString(keyFile);
    Files.delete(keyFile);
    try (Repository served = Workspace.open(workspace.gitops());
        SshGitServer server = new SshGitServer(served, pair.getPublic(), dir.resolve("host-key"))) {
      server.trustIn(sshDirectory);
      Files.writeString(
          workspace.config(),
          Workspace.CONFIG.replace(
              "  path: gitops.git",
              "  url: ssh://git@127.0.0.1:"
                  + server.port()
                  + "/gitops.git\n  cache: cache/gitops\n"
                  + "  sshKey: {env: GITOPS_SSH_KEY}\n"
                  + "  sshPassphrase: {env: GITOPS_SSH_PASSPHRASE}\n"
                  + "  sshDirectory: "
                  + sshDirectory));
      String config = "--config=" + workspace.config();
      Map<String, String> env =
          Map.of("USER", "bob", "GITOPS_SSH_KEY", key, "GITOPS_SSH_PASSPHRASE", "correct horse");
      List<Path> keysBefore = temporaryKeyDirectories();

      Path chart = workspace.checkOutChart("main", "charts/api");
      Cli published = Cli.run(env, config, "publish-dev", "--chart", chart.toString());
      Cli promoted = Cli.run(env, config, "--verbose", "promote", "--to", "test");
      Cli wrongPassphrase =
          Cli.run(
              Map.of("USER", "bob", "GITOPS_SSH_KEY", key, "GITOPS_SSH_PASSPHRASE", "wrong"),
              config,
              "--verbose",
              "promote",
              "--to",
              "stage");

      assertThat(published.exitCode()).as(published.out() + published.err()).isZero();
      assertThat(promoted.exitCode()).as(promoted.out() + promoted.err()).isZero();
      assertThat(GitDaemon.git(workspace.gitops(), "log", "--format=%s", "main"))
          .startsWith("promote api ")
          .contains(" dev -> test\npublish api ");
      assertThat(wrongPassphrase.exitCode()).isEqualTo(ExitCode.FAILURE);
      for (Cli cli : List.of(published, promoted, wrongPassphrase)) {
        assertThat(cli.out() + cli.err())
            .doesNotContain("correct horse")
            .doesNotContain("PRIVATE KEY")
            .doesNotContain(key.lines().skip(1).findFirst().orElseThrow());
      }
      // Only new directories count: other builds on the machine may remove theirs meanwhile.
      assertThat(temporaryKeyDirectories()).isSubsetOf(keysBefore);
    }
  }

  @Test
  @DisplayName(
      "url: file:// without cache works like https:// without cache (a clone in memory for the"
          + " command): publish and promote push to the GitOps remote, nothing is left on disk")
  void fileRemoteWithoutCache() throws Exception {
    Workspace workspace = new Workspace(dir.resolve("served"));
    workspace.create();
    Files.writeString(
        workspace.config(),
        Workspace.CONFIG
            .replace("  path: gitops.git", "  url: " + workspace.gitops().toUri())
            .replace("  path: app.git", "  url: " + workspace.app().toUri()));
    String config = "--config=" + workspace.config();
    Map<String, String> env = Map.of("USER", "bob");
    Path chart = workspace.checkOutChart("main", "charts/api");
    List<Path> before = listing(workspace.dir());

    Cli published = Cli.run(env, config, "publish-dev", "--chart", chart.toString());
    Cli promoted = Cli.run(env, config, "promote", "--to", "test");

    assertThat(published.exitCode()).as(published.out() + published.err()).isZero();
    assertThat(promoted.exitCode()).as(promoted.out() + promoted.err()).isZero();
    assertThat(GitDaemon.git(workspace.gitops(), "log", "--format=%s", "main"))
        .startsWith("promote api ")
        .contains(" dev -> test\npublish api ");
    assertThat(listing(workspace.dir())).isEqualTo(before);
  }

  private static List<Path> listing(Path directory) throws Exception {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.sorted().toList();
    }
  }

  @Test
  @DisplayName("sshKey on a repository that is not an SSH remote is a configuration error, exit 2")
  void sshKeyWithoutSshRemote() throws Exception {
    Workspace workspace = new Workspace(dir.resolve("ws"));
    workspace.create();
    Files.writeString(
        workspace.config(),
        Workspace.CONFIG.replace(
            "  path: gitops.git", "  path: gitops.git\n  sshKey: {file: id_ed25519}"));

    Cli cli = Cli.run(Map.of(), "--config=" + workspace.config(), "status");

    assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err()).contains("sshKey").contains("not an SSH remote");
  }

  private static List<Path> temporaryKeyDirectories() throws Exception {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("promotion-ssh-"))
          .sorted()
          .toList();
    }
  }

  private static int run(Map<String, String> env, String... args) {
    Cli cli = Cli.run(env, args);
    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    return cli.exitCode();
  }
}
