package dev.promotion.git;

import static dev.promotion.git.GitRepositoryTest.files;
import static dev.promotion.git.GitRepositoryTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.SigningKeyException;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.testkit.contract.RepositorySeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Commits and tags signed with an SSH or OpenPGP key are accepted by git verify-*")
class CommitSigningTest {
  private static final String PASSPHRASE = "correct horse battery staple";
  private static final String EMAIL = "promotion@localhost";

  @TempDir Path temp;
  private GitDaemon daemon;
  private String url;

  @BeforeEach
  void startDaemon() throws Exception {
    Path served = Files.createDirectories(temp.resolve("served"));
    daemon = GitDaemon.start(served);
    url = daemon.createRepository("gitops");
  }

  @AfterEach
  void stopDaemon() throws Exception {
    daemon.close();
  }

  private String promote(CommitSigner signer) {
    try (GitRepository git =
        GitRepository.builder()
            .remote(url)
            .cacheDirectory(temp.resolve("cache"))
            .signer(signer)
            .build()) {
      git.update(s -> Plan.write(files("envs/dev/api.yaml", "v: 1\n"), message("declare"), 0));
      return git.update(
              s -> Plan.write(files("envs/test/api.yaml", "v: 1\n"), message("promote"), 0))
          .commit()
          .orElseThrow();
    }
  }

  private Path appRepository() throws Exception {
    Path bare = temp.resolve("app.git");
    try (Repository repository = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
      repository.create(true);
      SeededRepository.write(
          repository,
          RepositorySeed.onBranch("main")
              .commit("Add api chart", Map.of("charts/api/Chart.yaml", "version: 0.1.0\n"))
              .tag("v0.1.0")
              .build());
    }
    return bare;
  }

  private static FileCommit bump(String branch, String from, String to) {
    return new FileCommit(
        branch,
        "charts/api/Chart.yaml",
        Optional.of("version: " + from + "\n"),
        "version: " + to + "\n",
        "Bump api chart to " + to + "\n",
        "alice");
  }

  @Nested
  @DisplayName("with an SSH key")
  class Ssh {
    private SigningKeys.Ssh key;
    private CommitSigner signer;

    @BeforeEach
    void key() throws Exception {
      key = SigningKeys.ssh(temp.resolve("ssh"), PASSPHRASE, EMAIL);
      signer = CommitSigner.ssh(key.privateKey(), Optional.of(PASSPHRASE));
    }

    @Test
    @DisplayName("GitOps commits pushed to git daemon pass git verify-commit")
    void gitOpsCommits() throws Exception {
      String commit = promote(signer);

      Path bare = daemon.directory("gitops");
      assertThat(GitDaemon.git(bare, "rev-parse", "main").strip()).isEqualTo(commit);
      SigningKeys.Outcome tip = SigningKeys.verify(bare, "verify-commit", "main", key);
      SigningKeys.Outcome first = SigningKeys.verify(bare, "verify-commit", "main~1", key);
      assertThat(tip.ok()).as(tip.output()).isTrue();
      assertThat(tip.output()).contains("Good \"git\" signature for " + EMAIL);
      assertThat(first.ok()).as(first.output()).isTrue();
      assertThat(signer.keyId()).isEqualTo(fingerprint(key.publicKey()));
    }

    @Test
    @DisplayName("a commit signed by another key fails git verify-commit: the check is real")
    void otherKeyFails() throws Exception {
      SigningKeys.Ssh other = SigningKeys.ssh(temp.resolve("other"), "", EMAIL);
      promote(CommitSigner.ssh(other.privateKey(), Optional.empty()));

      SigningKeys.Outcome outcome =
          SigningKeys.verify(daemon.directory("gitops"), "verify-commit", "main", key);
      assertThat(outcome.ok()).as(outcome.output()).isFalse();
    }

    @Test
    @DisplayName("the app repository's bump and a hotfix branch's commit pass git verify-commit")
    void appRepositoryCommits() throws Exception {
      Path bare = appRepository();
      try (GitSourceControl scm =
          GitSourceControl.builder().directory(bare).signer(signer).build()) {
        scm.commitFile(bump("main", "0.1.0", "0.1.1"));
        scm.createBranch("hotfix-0-1-0", scm.resolveCommit("v0.1.0"));
        scm.commitFile(bump("hotfix-0-1-0", "0.1.0", "0.1.0-hotfix"));
      }

      for (String rev : new String[] {"main", "hotfix-0-1-0"}) {
        SigningKeys.Outcome outcome = SigningKeys.verify(bare, "verify-commit", rev, key);
        assertThat(outcome.ok()).as(rev + ": " + outcome.output()).isTrue();
      }
    }

    @Test
    @DisplayName("a release tag and its re-written notes pass git verify-tag; notes stay clean")
    void releaseTag() throws Exception {
      Path bare = appRepository();
      try (GitSourceControl scm =
          GitSourceControl.builder().directory(bare).signer(signer).build()) {
        String head = scm.resolveCommit("main");
        scm.createRelease(new ReleaseRequest("v0.2.0", head, "api 0.2.0", Optional.of("v0.1.0")));
        SigningKeys.Outcome created = SigningKeys.verify(bare, "verify-tag", "v0.2.0", key);
        assertThat(created.ok()).as(created.output()).isTrue();

        Release appended = scm.appendToReleaseNotes("v0.2.0", "* prod by alice\n");

        SigningKeys.Outcome rewritten = SigningKeys.verify(bare, "verify-tag", "v0.2.0", key);
        assertThat(rewritten.ok()).as(rewritten.output()).isTrue();
        assertThat(appended.notes()).endsWith("* prod by alice\n").doesNotContain("SIGNATURE");
        assertThat(scm.findRelease("v0.2.0").orElseThrow().notes())
            .isEqualTo(appended.notes())
            .doesNotContain("SIGNATURE");
        assertThat(GitDaemon.git(bare, "rev-parse", "v0.2.0^{commit}").strip()).isEqualTo(head);
      }
    }
  }

  @Nested
  @DisplayName("with an OpenPGP key")
  class OpenPgp {
    private SigningKeys.OpenPgp key;
    private CommitSigner signer;

    @BeforeEach
    void key() throws Exception {
      key = SigningKeys.openPgp(temp.resolve("pgp"), PASSPHRASE, EMAIL);
      signer = CommitSigner.openPgp(key.secretKey(), Optional.of(PASSPHRASE), Optional.empty());
    }

    @AfterEach
    void stopAgent() throws Exception {
      SigningKeys.stopAgent(key);
    }

    @Test
    @DisplayName("GitOps commits pushed to git daemon pass git verify-commit")
    void gitOpsCommits() throws Exception {
      promote(signer);

      SigningKeys.Outcome outcome =
          SigningKeys.verify(daemon.directory("gitops"), "verify-commit", "main", key);
      assertThat(outcome.ok()).as(outcome.output()).isTrue();
      assertThat(outcome.output()).contains("Good signature from \"Test <" + EMAIL + ">\"");
      assertThat(signer.keyId()).isEqualTo(key.fingerprint());
    }

    @Test
    @DisplayName("the key can be chosen by e-mail or fingerprint")
    void chooseKey() {
      assertThat(
              CommitSigner.openPgp(key.secretKey(), Optional.of(PASSPHRASE), Optional.of(EMAIL))
                  .keyId())
          .isEqualTo(key.fingerprint());
      assertThat(
              CommitSigner.openPgp(
                      key.secretKey(), Optional.of(PASSPHRASE), Optional.of(key.fingerprint()))
                  .keyId())
          .isEqualTo(key.fingerprint());
      SigningKeyException e =
          catchThrowableOfType(
              SigningKeyException.class,
              () ->
                  CommitSigner.openPgp(
                      key.secretKey(), Optional.of(PASSPHRASE), Optional.of("nobody@example.com")));
      assertThat(e.getMessage()).contains("no key in it matches 'nobody@example.com'");
    }

    @Test
    @DisplayName("the app repository's bump and a release tag pass git verify-commit/verify-tag")
    void appRepositoryBumpAndTag() throws Exception {
      Path bare = appRepository();
      try (GitSourceControl scm =
          GitSourceControl.builder().directory(bare).signer(signer).build()) {
        scm.commitFile(bump("main", "0.1.0", "0.1.1"));
        scm.createRelease(
            new ReleaseRequest(
                "v0.1.1", scm.resolveCommit("main"), "api 0.1.1", Optional.of("v0.1.0")));
      }

      SigningKeys.Outcome commit = SigningKeys.verify(bare, "verify-commit", "main", key);
      SigningKeys.Outcome tag = SigningKeys.verify(bare, "verify-tag", "v0.1.1", key);
      assertThat(commit.ok()).as(commit.output()).isTrue();
      assertThat(tag.ok()).as(tag.output()).isTrue();
    }
  }

  @Nested
  @DisplayName("a key that cannot be used")
  class BadKeys {
    @Test
    @DisplayName(
        "a wrong SSH passphrase is a SigningKeyException naming neither key nor passphrase")
    void wrongSshPassphrase() throws Exception {
      SigningKeys.Ssh key = SigningKeys.ssh(temp.resolve("ssh"), PASSPHRASE, EMAIL);

      SigningKeyException e =
          catchThrowableOfType(
              SigningKeyException.class,
              () -> CommitSigner.ssh(key.privateKey(), Optional.of("wrong-passphrase-42")));

      assertThat(e.format()).isEqualTo("ssh");
      assertThat(e.getMessage()).contains("the passphrase is wrong");
      assertNoSecret(e, key.privateKey(), "wrong-passphrase-42");
    }

    @Test
    @DisplayName("an encrypted SSH key without a passphrase says to give one")
    void missingSshPassphrase() throws Exception {
      SigningKeys.Ssh key = SigningKeys.ssh(temp.resolve("ssh"), PASSPHRASE, EMAIL);

      SigningKeyException e =
          catchThrowableOfType(
              SigningKeyException.class,
              () -> CommitSigner.ssh(key.privateKey(), Optional.empty()));

      assertThat(e.getMessage()).contains("encrypted and no passphrase was given");
      assertNoSecret(e, key.privateKey(), PASSPHRASE);
    }

    @Test
    @DisplayName("a public SSH key is refused: it cannot sign")
    void publicSshKey() throws Exception {
      SigningKeys.Ssh key = SigningKeys.ssh(temp.resolve("ssh"), "", EMAIL);

      SigningKeyException e =
          catchThrowableOfType(
              SigningKeyException.class, () -> CommitSigner.ssh(key.publicKey(), Optional.empty()));

      assertThat(e.getMessage()).contains("it is not a private key");
    }

    @Test
    @DisplayName("a wrong OpenPGP passphrase is a SigningKeyException naming neither")
    void wrongOpenPgpPassphrase() throws Exception {
      SigningKeys.OpenPgp key = SigningKeys.openPgp(temp.resolve("pgp"), PASSPHRASE, EMAIL);
      try {
        SigningKeyException e =
            catchThrowableOfType(
                SigningKeyException.class,
                () ->
                    CommitSigner.openPgp(
                        key.secretKey(), Optional.of("wrong-passphrase-42"), Optional.empty()));

        assertThat(e.format()).isEqualTo("openpgp");
        assertThat(e.getMessage()).contains("the passphrase is wrong", key.fingerprint());
        assertNoSecret(e, key.secretKey(), "wrong-passphrase-42");
      } finally {
        SigningKeys.stopAgent(key);
      }
    }

    @Test
    @DisplayName("text that is not an OpenPGP secret key is refused")
    void notAnOpenPgpKey() {
      SigningKeyException e =
          catchThrowableOfType(
              SigningKeyException.class,
              () -> CommitSigner.openPgp("not a key at all", Optional.empty(), Optional.empty()));

      assertThat(e.getMessage()).contains("it is not an OpenPGP secret key");
    }

    @Test
    @DisplayName("with a wrong passphrase nothing is pushed, and the signer prints no secret")
    void nothingPushed() throws Exception {
      SigningKeys.Ssh key = SigningKeys.ssh(temp.resolve("ssh"), PASSPHRASE, EMAIL);
      CommitSigner good = CommitSigner.ssh(key.privateKey(), Optional.of(PASSPHRASE));

      catchThrowableOfType(
          SigningKeyException.class,
          () ->
              GitRepository.builder()
                  .remote(url)
                  .signer(CommitSigner.ssh(key.privateKey(), Optional.of("nope")))
                  .build());

      assertThat(GitDaemon.git(daemon.directory("gitops"), "for-each-ref")).isEmpty();
      assertThat(good.toString())
          .isEqualTo("CommitSigner[format=ssh, key=" + fingerprint(key.publicKey()) + "]")
          .doesNotContain(PASSPHRASE);
    }
  }

  private static void assertNoSecret(Throwable e, String key, String passphrase) {
    String body = keyBody(key);
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(passphrase).doesNotContain(body);
    }
    assertThat(e.getCause()).isNull();
  }

  /** A line from the middle of the key's text (the secret part, not the armor). */
  private static String keyBody(String key) {
    java.util.List<String> lines = key.lines().filter(l -> !l.startsWith("-----")).toList();
    return lines.get(lines.size() / 2);
  }

  private static String fingerprint(String publicKeyLine) {
    try {
      java.security.PublicKey key =
          org.apache.sshd.common.config.keys.PublicKeyEntry.parsePublicKeyEntry(publicKeyLine)
              .resolvePublicKey(
                  null,
                  Map.of(),
                  org.apache.sshd.common.config.keys.PublicKeyEntryResolver.FAILING);
      return org.apache.sshd.common.config.keys.KeyUtils.getFingerPrint(key);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
