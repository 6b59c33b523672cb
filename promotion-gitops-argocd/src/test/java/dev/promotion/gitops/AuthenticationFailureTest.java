package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.BackendException;
import dev.promotion.git.GitCredentials;
import dev.promotion.git.GitRepository;
import dev.promotion.git.RefusingGitServer;
import dev.promotion.spi.Change;
import dev.promotion.version.ChartVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("an authentication failure reaches the store's caller without the secret")
class AuthenticationFailureTest {
  private static final String TOKEN = "ghp_storeTokenSECRET42";
  private static final String URL_PASSWORD = "inUrlSECRET77";

  private RefusingGitServer server;

  @BeforeEach
  void startServerThatRefusesEveryone() throws Exception {
    server = RefusingGitServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  @DisplayName("reading and applying fail with a non-retryable BackendException naming no secret")
  void noSecretInErrors() {
    String url = "http://deploy:" + URL_PASSWORD + "@" + server.authority() + "/g.git";
    try (GitRepository git =
        GitRepository.builder()
            .remote(url)
            .credentials(GitCredentials.token("x-access-token", TOKEN))
            .build()) {
      GitOpsEnvironmentStore store =
          GitOpsEnvironmentStore.builder()
              .git(git)
              .pipeline(Stores.PIPELINE)
              .layout(ArgoCdLayout.of(Stores.CHARTS))
              .build();

      BackendException read =
          catchThrowableOfType(BackendException.class, () -> store.current("api", "dev"));
      BackendException write =
          catchThrowableOfType(
              BackendException.class,
              () ->
                  store.apply(
                      SeededRepository.changeSet(
                          Change.create("api", "dev", ChartVersion.parse("0.1.0")))));

      for (BackendException e : new BackendException[] {read, write}) {
        assertThat(e.backend()).isEqualTo("git");
        assertThat(e.retryable()).isFalse();
        assertThat(e).hasMessageContaining("authentication failed");
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(TOKEN).doesNotContain(URL_PASSWORD);
      }
    }
  }
}
