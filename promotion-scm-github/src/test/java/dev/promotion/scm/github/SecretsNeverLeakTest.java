package dev.promotion.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import dev.promotion.scm.github.logging.LogCapture;
import dev.promotion.spi.DeploymentRecord;
import dev.promotion.spi.DeploymentRequest;
import dev.promotion.spi.DeploymentState;
import dev.promotion.spi.DeploymentStatus;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.WorkflowDispatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs the adapter through successes and every kind of failure with a token and with a GitHub App
 * key, capturing all SLF4J output (every level), all java.util.logging output of github-api and the
 * JDK (every level), and every exception with its full cause chain; then looks for every credential
 * that crossed the wire, and every form of the App key, in all of it.
 */
@DisplayName("Credentials never appear in a log line, a message or a cause")
class SecretsNeverLeakTest {
  private static final String APP_ID = "271828";

  private final FakeGitHubServer server = new FakeGitHubServer();
  private final TestKeys keys = new TestKeys();
  private final List<Throwable> thrown = new ArrayList<>();
  private final List<String> julLines = new CopyOnWriteArrayList<>();
  private final Handler julCapture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
          if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
              line.append(' ').append(parameter);
            }
          }
          if (record.getThrown() != null) {
            line.append('\n').append(trace(record.getThrown()));
          }
          julLines.add(line.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Logger julRoot = Logger.getLogger("");
  private Level julLevel;
  private Rig rig;

  @BeforeEach
  void captureEverything() {
    rig = new Rig(server);
    rig.github.app(APP_ID, keys.pair.getPublic(), 4242);
    rig.github.workflow(
        "publish-dev.yaml", "publish-dev ${{ inputs.promotion_key }}", Set.of("promotion_key"));
    julLevel = julRoot.getLevel();
    julRoot.setLevel(Level.ALL);
    Logger.getLogger("org.kohsuke.github").setLevel(Level.ALL);
    julCapture.setLevel(Level.ALL);
    julRoot.addHandler(julCapture);
    LogCapture.clear();
  }

  @AfterEach
  void restore() {
    julRoot.removeHandler(julCapture);
    julRoot.setLevel(julLevel);
    Logger.getLogger("org.kohsuke.github").setLevel(null);
    server.close();
  }

  @Test
  @DisplayName(
      "with a token and with an App key, through successes, rate limits, 4xx, 5xx, timeouts, refused connections and a server that echoes the credential")
  void nothingLeaks() throws Exception {
    GitHubSourceControl withToken = rig.scm();
    GitHubSourceControl withApp = rig.builder().gitHubApp(APP_ID, keys.pkcs1Pem()).build();
    GitHubSourceControl impatient =
        rig.builder()
            .gitHubApp(APP_ID, keys.pkcs8Pem())
            .requestTimeout(Duration.ofMillis(300))
            .build();

    for (GitHubSourceControl scm : List.of(withToken, withApp)) {
      exercise(scm);
    }
    failures(withToken, withApp, impatient);

    Set<String> secrets = secrets();
    String everything = everythingObserved(withToken, withApp, impatient);

    assertThat(secrets).as("credentials seen on the wire").hasSizeGreaterThanOrEqualTo(4);
    assertThat(thrown).as("failures provoked").hasSizeGreaterThanOrEqualTo(12);
    assertThat(LogCapture.lines()).as("SLF4J lines captured").isNotEmpty();
    assertThat(julLines).as("github-api log lines captured").isNotEmpty();
    for (String secret : secrets) {
      assertThat(everything)
          .as("a credential of %d characters", secret.length())
          .doesNotContain(secret);
    }
    assertThat(everything)
        .as("the echoed credential was masked, not dropped")
        .contains(Redactor.MASK);
  }

  private void exercise(GitHubSourceControl scm) {
    String branch = "feature-" + System.nanoTime();
    attempt(() -> scm.resolveCommit("main"));
    attempt(() -> scm.readFile("main", Rig.CHART));
    attempt(() -> scm.createBranch(branch, rig.initialCommit));
    attempt(
        () ->
            scm.commitFile(
                new FileCommit(
                    branch, "notes.txt", Optional.empty(), "hello\n", "Add notes", "alice")));
    attempt(
        () ->
            scm.createRelease(
                new ReleaseRequest("v-" + branch, rig.initialCommit, "r", Optional.empty())));
    attempt(() -> scm.appendToReleaseNotes("v-" + branch, "- prod by alice"));
    attempt(() -> scm.openDraftPullRequest(new PullRequestRequest(branch, "main", "t", "b")));
    attempt(
        () ->
            scm.dispatchWorkflow(
                new WorkflowDispatch("publish-dev.yaml", "main", Map.of(), branch)));
    attempt(() -> scm.repositoryDispatch("update-manifest", Map.of("environment", "stg")));
    attempt(
        () -> {
          DeploymentRecord recorded =
              scm.recordDeployment(
                  new DeploymentRequest(
                      branch, rig.initialCommit, "prod", true, Map.of("app", "api"), "d"));
          scm.updateDeployment(
              recorded.id(), new DeploymentStatus(DeploymentState.SUCCESS, "declared"));
          scm.deployments("prod", 5);
        });
  }

  private void failures(
      GitHubSourceControl withToken, GitHubSourceControl withApp, GitHubSourceControl impatient)
      throws Exception {
    var wireMock = server.wireMock();
    // a server (or proxy) that repeats the credential in its error body, on reads and writes
    wireMock.stubFor(
        get(urlPathEqualTo("/repos/acme/api/git/refs/heads/echo"))
            .atPriority(1)
            .willReturn(FakeGitHubServer.echoingCredentials(401)));
    wireMock.stubFor(
        get(urlPathEqualTo("/repos/acme/api/git/refs/heads/echo-500"))
            .atPriority(1)
            .willReturn(FakeGitHubServer.echoingCredentials(500)));
    wireMock.stubFor(
        put(urlPathMatching("/repos/acme/api/contents/echo.*"))
            .atPriority(1)
            .willReturn(FakeGitHubServer.echoingCredentials(422)));
    wireMock.stubFor(
        get(urlPathEqualTo("/repos/acme/api/git/refs/heads/limited"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "86400")
                    .withBody("{\"message\":\"slow down\"}")));
    wireMock.stubFor(
        get(urlPathEqualTo("/repos/acme/api/git/refs/heads/forbidden"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody("{\"message\":\"Resource not accessible by integration\"}")));
    wireMock.stubFor(
        get(urlPathEqualTo("/repos/acme/api/git/refs/heads/slow"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
    wireMock.stubFor(
        post(urlPathEqualTo("/repos/acme/api/dispatches"))
            .atPriority(1)
            .willReturn(FakeGitHubServer.processedThenDelayed(1500)));

    wireMock.stubFor(
        post(urlPathEqualTo("/repos/acme/api/deployments"))
            .atPriority(1)
            .willReturn(FakeGitHubServer.echoingCredentials(409)));
    wireMock.stubFor(
        get(urlPathEqualTo("/repos/acme/api/deployments/1"))
            .atPriority(1)
            .willReturn(FakeGitHubServer.echoingCredentials(500)));

    for (GitHubSourceControl scm : List.of(withToken, withApp, impatient)) {
      attempt(
          () ->
              scm.recordDeployment(
                  new DeploymentRequest(
                      "echo", rig.initialCommit, "echo", false, Map.of("app", "api"), "d")));
      attempt(() -> scm.updateDeployment("1", new DeploymentStatus(DeploymentState.FAILURE, "x")));
      attempt(() -> scm.branchHead("echo"));
      attempt(() -> scm.branchHead("echo-500"));
      attempt(
          () ->
              scm.commitFile(new FileCommit("main", "echo.txt", Optional.empty(), "x", "m", "a")));
      attempt(() -> scm.branchHead("limited"));
      attempt(() -> scm.branchHead("forbidden"));
    }
    attempt(() -> impatient.branchHead("slow"));
    attempt(() -> impatient.repositoryDispatch("update-manifest", Map.of("environment", "prd")));
    attempt(
        () ->
            rig.builder()
                .token("ghp_NotTheRightTokenAtAllXXXXXXXXXXXXXXXX")
                .build()
                .resolveCommit("main"));
    attempt(
        () ->
            rig.builder()
                .gitHubApp(APP_ID, new TestKeys().pkcs1Pem())
                .build()
                .resolveCommit("main"));
    attempt(() -> rig.builder().apiUrl("https://user:" + Rig.TOKEN + "@ghe.example.com/api/v3"));
    attempt(() -> rig.builder().apiUrl("https://ghe.example.com/api/v3?token=" + Rig.TOKEN + " x"));
    attempt(() -> rig.builder().gitHubApp(APP_ID, keys.pkcs1Pem().replace("MII", "MIX")).build());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int closed = port;
    attempt(
        () ->
            rig.builder()
                .apiUrl("http://127.0.0.1:" + closed)
                .token(Rig.TOKEN)
                .build()
                .resolveCommit("main"));
    rig.github.revokeInstallationTokens();
    attempt(() -> withApp.resolveCommit("main"));
  }

  /**
   * Every credential that crossed the wire, the configured token and every form of the App keys.
   */
  private Set<String> secrets() {
    Set<String> secrets = new LinkedHashSet<>();
    secrets.add(Rig.TOKEN);
    secrets.add("ghp_NotTheRightTokenAtAllXXXXXXXXXXXXXXXX");
    for (ServeEvent event : server.wireMock().getAllServeEvents()) {
      HttpHeader authorization = event.getRequest().getHeaders().getHeader("Authorization");
      if (authorization.isPresent()) {
        String value = authorization.firstValue();
        secrets.add(value.substring(value.indexOf(' ') + 1));
      }
    }
    secrets.addAll(rig.github.issuedInstallationTokens());
    for (String pem : List.of(keys.pkcs1Pem(), keys.pkcs8Pem())) {
      pem.lines().filter(line -> !line.startsWith("-----")).forEach(secrets::add);
    }
    secrets.add(
        ((java.security.interfaces.RSAPrivateKey) keys.pair.getPrivate())
            .getPrivateExponent()
            .toString());
    secrets.add(
        ((java.security.interfaces.RSAPrivateKey) keys.pair.getPrivate())
            .getPrivateExponent()
            .toString(16));
    return secrets;
  }

  private String everythingObserved(GitHubSourceControl... adapters) {
    StringBuilder all = new StringBuilder();
    for (Throwable t : thrown) {
      all.append(t.getMessage()).append('\n').append(t).append('\n').append(trace(t)).append('\n');
      for (Throwable cause = t.getCause(); cause != null; cause = cause.getCause()) {
        all.append(cause.getMessage()).append('\n').append(cause).append('\n');
      }
    }
    LogCapture.lines().forEach(line -> all.append(line).append('\n'));
    julLines.forEach(line -> all.append(line).append('\n'));
    for (GitHubSourceControl adapter : adapters) {
      all.append(adapter).append('\n');
    }
    return all.toString();
  }

  private void attempt(ThrowingRunnable action) {
    try {
      action.run();
    } catch (Throwable t) {
      thrown.add(t);
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static String trace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
