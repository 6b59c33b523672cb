package dev.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.BackendException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("credentials never appear in messages")
class CredentialsRedactionTest {
  private static final String TOKEN = "ghs_tokenSECRET123";
  private static final String URL_PASSWORD = "urlPassw0rdSECRET";

  private RefusingGitServer server;

  @BeforeEach
  void startServerThatRefusesEveryone() throws Exception {
    server = RefusingGitServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private String base() {
    return server.authority();
  }

  @Test
  @DisplayName("an authentication failure with a token says so without the token")
  void tokenIsNotPrinted() {
    try (GitRepository git =
        GitRepository.builder()
            .remote("http://" + base() + "/gitops.git")
            .credentials(GitCredentials.token("x-access-token", TOKEN))
            .build()) {
      BackendException e = catchThrowableOfType(BackendException.class, git::latest);

      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("authentication failed");
      assertThat(everything(e)).doesNotContain(TOKEN);
    }
  }

  @Test
  @DisplayName("credentials embedded in the URL appear in no message, exception or name")
  void urlCredentialsAreNotPrinted() {
    try (GitRepository git =
        GitRepository.builder()
            .remote("http://deploy:" + URL_PASSWORD + "@" + base() + "/gitops.git")
            .build()) {
      BackendException e = catchThrowableOfType(BackendException.class, git::latest);

      assertThat(e.getMessage()).contains("authentication failed").contains(base());
      assertThat(everything(e)).doesNotContain(URL_PASSWORD);
      assertThat(git.displayName()).doesNotContain(URL_PASSWORD).doesNotContain("deploy");
    }
  }

  @Test
  @DisplayName("an unreachable server is a retryable failure without the secret")
  void unreachable() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (GitRepository git =
        GitRepository.builder()
            .remote("http://user:" + URL_PASSWORD + "@127.0.0.1:" + port + "/gitops.git")
            .build()) {
      BackendException e = catchThrowableOfType(BackendException.class, git::latest);

      assertThat(e.retryable()).isTrue();
      assertThat(everything(e)).doesNotContain(URL_PASSWORD);
    }
  }

  @Test
  @DisplayName("a refused connection on a port that reads like 401 or 403 is still retryable")
  void portLikeAStatusIsNotAnAuthenticationFailure() throws Exception {
    for (int port : new int[] {40113, 40131, 40301, 40399, 24013, 14031}) {
      if (!free(port)) {
        continue;
      }
      try (GitRepository git =
          GitRepository.builder().remote("http://127.0.0.1:" + port + "/gitops.git").build()) {
        BackendException e = catchThrowableOfType(BackendException.class, git::latest);

        assertThat(e.retryable()).as("port %d", port).isTrue();
        assertThat(e.getMessage()).doesNotContain("authentication failed");
      }
    }
  }

  private static boolean free(int port) {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  @DisplayName("an SSH remote that cannot be reached fails without the key's passphrase")
  void sshUnreachable(@org.junit.jupiter.api.io.TempDir Path sshDirectory) throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    java.nio.file.Files.writeString(sshDirectory.resolve("known_hosts"), "");
    try (GitRepository git =
        GitRepository.builder()
            .remote("ssh://git@127.0.0.1:" + port + "/gitops.git")
            .credentials(
                GitCredentials.sshKey(
                    sshDirectory.resolve("id_ed25519"), Optional.of(TOKEN), sshDirectory))
            .timeout(java.time.Duration.ofSeconds(5))
            .build()) {
      BackendException e = catchThrowableOfType(BackendException.class, git::latest);

      assertThat(e).isNotNull();
      assertThat(e.backend()).isEqualTo("git");
      assertThat(everything(e)).doesNotContain(TOKEN);
    }
  }

  @Test
  @DisplayName("credentials print without their secrets")
  void credentialsToString() {
    assertThat(GitCredentials.token("x", TOKEN).toString()).doesNotContain(TOKEN);
    assertThat(
            GitCredentials.sshKey(Path.of("id_ed25519"), Optional.of(TOKEN), Path.of(".ssh"))
                .toString())
        .doesNotContain(TOKEN);
  }

  @Test
  @DisplayName("redaction removes URL user information and known secrets from any text")
  void redaction() {
    Redaction redaction =
        Redaction.of("https://me:" + URL_PASSWORD + "@h/r.git", GitCredentials.token("x", TOKEN));

    assertThat(
            redaction.apply(
                "failed https://me:"
                    + URL_PASSWORD
                    + "@h/r.git with "
                    + TOKEN
                    + " and ssh://git@h"))
        .isEqualTo("failed https://***@h/r.git with *** and ssh://***@h");
  }

  private static String everything(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out + String.valueOf(e.getMessage());
  }
}
