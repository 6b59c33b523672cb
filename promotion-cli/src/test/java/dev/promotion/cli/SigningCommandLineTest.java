package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.git.GitDaemon;
import dev.promotion.git.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the command line signs its commits and tags with the key promotion.yaml names")
class SigningCommandLineTest {
  private static final String SSH_PASSPHRASE = "gitops key passphrase 7";
  private static final String PGP_PASSPHRASE = "app key passphrase 9";

  @TempDir Path dir;
  private SigningKeys.OpenPgp pgp;

  @AfterEach
  void stopAgent() throws Exception {
    if (pgp != null) {
      SigningKeys.stopAgent(pgp);
    }
  }

  @Test
  @DisplayName(
      "GitOps commits (SSH key in an env var) and the app repository's bump, hotfix commit and"
          + " release tag (OpenPGP key in a file) pass git verify-commit and verify-tag; the keys"
          + " and passphrases never show")
  void lifecycleSigned() throws Exception {
    SigningKeys.Ssh ssh =
        SigningKeys.ssh(dir.resolve("ssh"), SSH_PASSPHRASE, "promotion@localhost");
    pgp = SigningKeys.openPgp(dir.resolve("pgp"), PGP_PASSPHRASE, "promotion@localhost");
    Path pgpKey = dir.resolve("app-signing.asc");
    Files.writeString(pgpKey, pgp.secretKey());
    Workspace workspace = new Workspace(dir.resolve("served"));
    workspace.create();
    try (GitDaemon daemon = GitDaemon.start(workspace.dir())) {
      Files.writeString(
          workspace.config(),
          Workspace.CONFIG
              .replace(
                  "  path: gitops.git",
                  "  url: "
                      + daemon.url("gitops")
                      + "\n  cache: cache/gitops\n"
                      + "  signing:\n"
                      + "    format: ssh\n"
                      + "    key: {env: GITOPS_SIGNING_KEY}\n"
                      + "    passphrase: {env: GITOPS_SIGNING_PASSPHRASE}")
              .replace(
                  "  path: app.git",
                  "  url: "
                      + daemon.url("app")
                      + "\n  cache: cache/app\n"
                      + "  signing:\n"
                      + "    format: openpgp\n"
                      + "    key: {file: "
                      + pgpKey
                      + "}\n"
                      + "    passphrase: {env: APP_SIGNING_PASSPHRASE}\n"
                      + "    keyId: promotion@localhost"));
      String config = "--config=" + workspace.config();
      Map<String, String> env =
          Map.of(
              "USER",
              "bob",
              "GITOPS_SIGNING_KEY",
              ssh.privateKey(),
              "GITOPS_SIGNING_PASSPHRASE",
              SSH_PASSPHRASE,
              "APP_SIGNING_PASSPHRASE",
              PGP_PASSPHRASE);

      int seeded = commits(workspace.gitops());
      Path chart = workspace.checkOutChart("main", "charts/api");
      List<Cli> runs =
          List.of(
              Cli.run(env, config, "--verbose", "publish-dev", "--chart", chart.toString()),
              Cli.run(env, config, "--verbose", "promote", "--to", "test"),
              Cli.run(env, config, "--verbose", "promote", "--to", "stage"),
              Cli.run(env, config, "--verbose", "release"),
              Cli.run(env, config, "--verbose", "hotfix", "--tag", "v0.1.0"));

      for (Cli cli : runs) {
        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        assertNoSecret(cli, ssh.privateKey(), SSH_PASSPHRASE, pgp.secretKey(), PGP_PASSPHRASE);
      }
      int gitOpsCommits = commits(workspace.gitops()) - seeded;
      for (int i = 0; i < gitOpsCommits; i++) {
        SigningKeys.Outcome outcome =
            SigningKeys.verify(workspace.gitops(), "verify-commit", "main~" + i, ssh);
        assertThat(outcome.ok()).as("gitops main~" + i + ": " + outcome.output()).isTrue();
      }
      assertThat(gitOpsCommits).as("publish, two promotions, release").isEqualTo(4);
      assertThat(GitDaemon.git(workspace.app(), "log", "-1", "--format=%s", "main"))
          .containsIgnoringCase("0.1.1");
      for (String[] check :
          List.of(
              new String[] {"verify-commit", "main"},
              new String[] {"verify-commit", "hotfix-0-1-1"},
              new String[] {"verify-tag", "v0.1.0"})) {
        SigningKeys.Outcome outcome = SigningKeys.verify(workspace.app(), check[0], check[1], pgp);
        assertThat(outcome.ok()).as(check[1] + ": " + outcome.output()).isTrue();
        assertThat(outcome.output()).contains("Good signature");
      }
    }
  }

  @Test
  @DisplayName(
      "a wrong passphrase stops the run with exit 2 before anything is pushed, and neither the"
          + " passphrase nor the key shows")
  void wrongPassphrase() throws Exception {
    SigningKeys.Ssh ssh =
        SigningKeys.ssh(dir.resolve("ssh"), SSH_PASSPHRASE, "promotion@localhost");
    Path keyFile = dir.resolve("ssh").resolve("id_ed25519");
    Workspace workspace = new Workspace(dir.resolve("served"));
    workspace.create();
    try (GitDaemon daemon = GitDaemon.start(workspace.dir())) {
      Files.writeString(
          workspace.config(),
          Workspace.CONFIG.replace(
              "  path: gitops.git",
              "  url: "
                  + daemon.url("gitops")
                  + "\n  signing:\n"
                  + "    format: ssh\n"
                  + "    key: {file: "
                  + keyFile
                  + "}\n"
                  + "    passphrase: {env: GITOPS_SIGNING_PASSPHRASE}"));
      String before = GitDaemon.git(workspace.gitops(), "for-each-ref");
      Path chart = workspace.checkOutChart("main", "charts/api");

      Cli cli =
          Cli.run(
              Map.of("USER", "bob", "GITOPS_SIGNING_PASSPHRASE", "not-the-passphrase-123"),
              "--config=" + workspace.config(),
              "--verbose",
              "publish-dev",
              "--chart",
              chart.toString());

      assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(cli.err()).contains("The ssh signing key cannot be used: the passphrase is wrong");
      assertNoSecret(
          cli, ssh.privateKey(), "not-the-passphrase-123", ssh.privateKey(), SSH_PASSPHRASE);
      assertThat(GitDaemon.git(workspace.gitops(), "for-each-ref")).isEqualTo(before);
    }
  }

  @Test
  @DisplayName(
      "the command line keeps Apache MINA SSH's informational lines (BouncyCastle registered for"
          + " SSH signing) off the output")
  void sshLibraryQuiet() {
    assertThat(
            org.slf4j.LoggerFactory.getLogger("org.apache.sshd.common.util.security")
                .isInfoEnabled())
        .isFalse();
    assertThat(org.slf4j.LoggerFactory.getLogger("org.apache.sshd.common").isWarnEnabled())
        .isTrue();
  }

  private static int commits(Path bare) throws Exception {
    return Integer.parseInt(GitDaemon.git(bare, "rev-list", "--count", "main").strip());
  }

  private static void assertNoSecret(
      Cli cli, String key1, String pass1, String key2, String pass2) {
    String output = cli.out() + cli.err();
    assertThat(output).doesNotContain(pass1).doesNotContain(pass2).doesNotContain("PRIVATE KEY");
    for (String key : List.of(key1, key2)) {
      key.lines()
          .filter(l -> !l.startsWith("-----") && l.length() > 20)
          .forEach(line -> assertThat(output).doesNotContain(line));
    }
  }
}
