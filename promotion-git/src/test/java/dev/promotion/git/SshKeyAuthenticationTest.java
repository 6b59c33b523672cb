package dev.promotion.git;

import static dev.promotion.git.GitRepositoryTest.files;
import static dev.promotion.git.GitRepositoryTest.message;
import static dev.promotion.git.GitRepositoryTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.BackendException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Optional;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SSH key credentials against a real SSH git server")
class SshKeyAuthenticationTest {
  private static final String PASSPHRASE = "correct-horse-SECRET";

  @TempDir Path temp;
  private final InMemoryRepository served =
      new InMemoryRepository(new DfsRepositoryDescription("served"));
  private SshGitServer server;
  private Path sshDirectory;
  private Path key;

  @BeforeEach
  void start() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    sshDirectory = Files.createDirectories(temp.resolve("home/.ssh"));
    key = sshDirectory.resolve("id_rsa");
    SshGitServer.writePrivateKey(pair, PASSPHRASE, key);
    server = new SshGitServer(served, pair.getPublic(), temp.resolve("host-key"));
    server.trustIn(sshDirectory);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private String url() {
    return "ssh://git@127.0.0.1:" + server.port() + "/gitops.git";
  }

  @Test
  @DisplayName("a passphrase-protected key pushes and fetches")
  void pushesAndFetches() {
    try (GitRepository git =
        GitRepository.builder()
            .remote(url())
            .credentials(GitCredentials.sshKey(key, Optional.of(PASSPHRASE), sshDirectory))
            .build()) {
      git.update(s -> Plan.write(files("api.yaml", "v: 1\n"), message("over ssh"), 0));

      assertThat(text(git.latest(), "api.yaml")).contains("v: 1\n");
    }
    try (GitRepository other =
        GitRepository.builder()
            .remote(url())
            .credentials(GitCredentials.sshKey(key, Optional.of(PASSPHRASE), sshDirectory))
            .build()) {
      assertThat(text(other.latest(), "api.yaml")).contains("v: 1\n");
    }
  }

  @Test
  @DisplayName("a wrong passphrase fails without printing either passphrase")
  void wrongPassphrase() {
    try (GitRepository git =
        GitRepository.builder()
            .remote(url())
            .credentials(GitCredentials.sshKey(key, Optional.of("wrong-SECRET-99"), sshDirectory))
            .build()) {
      BackendException e = catchThrowableOfType(BackendException.class, git::latest);

      assertThat(e).isNotNull();
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain("wrong-SECRET-99").doesNotContain(PASSPHRASE);
    }
  }

  @Test
  @DisplayName("an unknown host key is refused")
  void unknownHost() throws Exception {
    Files.writeString(sshDirectory.resolve("known_hosts"), "");
    try (GitRepository git =
        GitRepository.builder()
            .remote(url())
            .credentials(GitCredentials.sshKey(key, Optional.of(PASSPHRASE), sshDirectory))
            .build()) {
      assertThat(catchThrowableOfType(BackendException.class, git::latest)).isNotNull();
      assertThat(served.exactRef("refs/heads/main")).isNull();
    }
  }
}
