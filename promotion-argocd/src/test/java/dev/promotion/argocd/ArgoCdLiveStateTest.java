package dev.promotion.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.promotion.argocd.simulator.ArgoCdSimulator;
import dev.promotion.argocd.simulator.Script;
import dev.promotion.error.BackendException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.spi.LiveApplication;
import dev.promotion.spi.LiveObservation;
import dev.promotion.spi.LiveObservation.HealthStatus;
import dev.promotion.spi.LiveObservation.OperationPhase;
import dev.promotion.spi.LiveObservation.SyncStatus;
import dev.promotion.spi.LiveTarget;
import dev.promotion.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ArgoCdLiveState over HTTP")
class ArgoCdLiveStateTest {
  private static final String TOKEN = "argocd-token-7f3c9a1e5b";
  private static final String MANIFEST = "registry/environments/dev/pre/api.yaml";
  private static final Application API = Application.named("api");
  private static final Environment DEV = Environment.of("dev", "pre");

  @TempDir Path temp;
  private final MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");
  private final FilesSource git = new FilesSource();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private ArgoCdSimulator simulator(Consumer<ArgoCdSimulator.Builder> options) {
    ArgoCdSimulator.Builder builder =
        ArgoCdSimulator.builder().source(git).clock(clock).token(TOKEN);
    options.accept(builder);
    ArgoCdSimulator simulator = builder.start();
    opened.add(simulator);
    return simulator;
  }

  private ArgoCdSimulator simulator() {
    return simulator(b -> {});
  }

  private static ArgoCdServer.Builder server(String url) {
    return ArgoCdServer.builder(url)
        .token(ArgoCdToken.environment("ARGOCD_TOKEN", Map.of("ARGOCD_TOKEN", TOKEN)))
        .firstBackoff(Duration.ofMillis(5));
  }

  private static ArgoCdLiveState live(ArgoCdServer server) {
    return ArgoCdLiveState.builder().server(server).build();
  }

  private static LiveTarget target() {
    return new LiveTarget(API, DEV, Optional.empty(), List.of());
  }

  private LiveObservation observe(ArgoCdLiveState live) {
    clock.advance(Duration.ofSeconds(10));
    List<LiveObservation> observations = live.observe(target());
    assertThat(observations).hasSize(1);
    return observations.get(0);
  }

  @Nested
  @DisplayName("following the repository")
  class Following {
    @Test
    @DisplayName(
        "after a commit the Application goes OutOfSync, runs an operation, syncs the chart"
            + " version, is Progressing, then Healthy; every field of the port is read")
    void lifecycle() {
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.1.0"));
      ArgoCdSimulator simulator = simulator();
      simulator.manifest(MANIFEST).project("apps").add();
      ArgoCdLiveState live = live(server(simulator.url()).project("apps").build());

      LiveObservation outOfSync = observe(live);
      LiveObservation syncing = observe(live);
      LiveObservation progressing = observe(live);
      LiveObservation healthy = observe(live);

      assertThat(outOfSync.found()).isTrue();
      assertThat(outOfSync.sync()).isEqualTo(SyncStatus.OUT_OF_SYNC);
      assertThat(outOfSync.health()).isEqualTo(HealthStatus.MISSING);
      assertThat(outOfSync.revisions()).isEmpty();
      assertThat(outOfSync.sources())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.chart()).contains("api");
                assertThat(s.targetRevision()).isEqualTo("0.1.0");
                assertThat(s.repoUrl()).isEqualTo("oci://registry.example.com/charts");
              });
      assertThat(syncing.operationPending()).isTrue();
      assertThat(syncing.operation())
          .hasValueSatisfying(
              op -> {
                assertThat(op.phase()).isEqualTo(OperationPhase.RUNNING);
                assertThat(op.revisions()).containsExactly("0.1.0");
                assertThat(op.finishedAt()).isEmpty();
              });
      assertThat(progressing.sync()).isEqualTo(SyncStatus.SYNCED);
      assertThat(progressing.revisions()).containsExactly("0.1.0");
      assertThat(progressing.health()).isEqualTo(HealthStatus.PROGRESSING);
      assertThat(progressing.healthMessage())
          .hasValueSatisfying(m -> assertThat(m).contains("3 of 4"));
      assertThat(progressing.operationPending()).isFalse();
      assertThat(progressing.history())
          .singleElement()
          .satisfies(h -> assertThat(h.revisions()).containsExactly("0.1.0"));
      assertThat(healthy.health()).isEqualTo(HealthStatus.HEALTHY);
      assertThat(healthy.healthSince()).contains(clock.instant());
      assertThat(healthy.reconciledAt()).contains(clock.instant());
      assertThat(healthy.operation().orElseThrow().phase()).isEqualTo(OperationPhase.SUCCEEDED);
      assertThat(healthy.operation().orElseThrow().finishedAt())
          .hasValueSatisfying(f -> assertThat(healthy.reconciledAt().orElseThrow()).isAfter(f));
      assertThat(healthy.history().get(0).deployedAt())
          .isEqualTo(healthy.operation().orElseThrow().finishedAt().orElseThrow());
      assertThat(healthy.application())
          .isEqualTo(new LiveApplication("pre", "api-dev", Optional.empty()));
    }

    @Test
    @DisplayName(
        "a commit that leaves the chart version as it is keeps the Application Synced and Healthy")
    void noOpCommit() {
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.1.0"));
      ArgoCdSimulator simulator = simulator();
      simulator.manifest(MANIFEST).add();
      ArgoCdLiveState live = live(server(simulator.url()).build());
      simulator.step(5);

      git.commit("README.md", "docs\n");
      LiveObservation after = observe(live);

      assertThat(after.sync()).isEqualTo(SyncStatus.SYNCED);
      assertThat(after.health()).isEqualTo(HealthStatus.HEALTHY);
      assertThat(after.history()).hasSize(1);
      assertThat(after.operationPending()).isFalse();
    }

    @Test
    @DisplayName(
        "stale health: after the sync finished, the health still reported was reconciled before"
            + " it (Kargo #1411), until the controller reconciles again")
    void staleHealth() {
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.1.0"));
      ArgoCdSimulator simulator = simulator(b -> b.stepOnRefresh(false));
      simulator.manifest(MANIFEST).staleSteps(1).add();
      ArgoCdLiveState live = live(server(simulator.url()).build());
      stepWithClock(simulator, 5);
      simulator.script("api-dev", Script.STALE_HEALTH);

      git.commit(MANIFEST, FilesSource.application("api-dev", "0.2.0"));
      stepWithClock(simulator, 3);
      LiveObservation stale = observe(live);
      stepWithClock(simulator, 1);
      LiveObservation fresh = observe(live);

      assertThat(stale.revisions()).containsExactly("0.2.0");
      assertThat(stale.health()).isEqualTo(HealthStatus.HEALTHY);
      assertThat(stale.reconciledAt().orElseThrow())
          .isBefore(stale.operation().orElseThrow().finishedAt().orElseThrow());
      assertThat(fresh.health()).isEqualTo(HealthStatus.PROGRESSING);
      assertThat(fresh.reconciledAt().orElseThrow())
          .isAfterOrEqualTo(fresh.operation().orElseThrow().finishedAt().orElseThrow());
    }

    @Test
    @DisplayName(
        "Degraded, a failed sync and a denying sync window are reported as Argo CD reports them")
    void failures() {
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.1.0"));
      ArgoCdSimulator simulator = simulator();
      simulator.manifest(MANIFEST).add();
      simulator.script("api-dev", "0.2.0", Script.DEGRADED);
      simulator.script("api-dev", "0.3.0", Script.SYNC_FAILS);
      ArgoCdLiveState live = live(server(simulator.url()).build());
      simulator.step(5);

      git.commit(MANIFEST, FilesSource.application("api-dev", "0.2.0"));
      simulator.step(5);
      LiveObservation degraded = observe(live);
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.3.0"));
      simulator.step(5);
      LiveObservation failed = observe(live);
      simulator.syncWindowDenies(true);
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.4.0"));
      simulator.step(5);
      LiveObservation blocked = observe(live);

      assertThat(degraded.health()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(degraded.healthMessage())
          .hasValueSatisfying(m -> assertThat(m).contains("progress deadline"));
      assertThat(failed.operation().orElseThrow().phase()).isEqualTo(OperationPhase.FAILED);
      assertThat(failed.sync()).isEqualTo(SyncStatus.OUT_OF_SYNC);
      assertThat(failed.revisions()).containsExactly("0.2.0");
      assertThat(blocked.operationPending()).isTrue();
      assertThat(blocked.operation().orElseThrow().message())
          .isEqualTo("Sync operation blocked by sync window");
    }

    @Test
    @DisplayName("an app-of-apps parent reports Healthy whatever its children's health")
    void appOfApps() {
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.1.0"));
      ArgoCdSimulator simulator = simulator();
      simulator.manifest(MANIFEST).script(Script.DEGRADED).add();
      simulator.appOfApps("apps-dev", "registry/environments/dev/pre").add();
      ArgoCdLiveState live = live(server(simulator.url()).build());
      simulator.step(5);

      List<LiveObservation> both =
          live.observe(
              new LiveTarget(
                  API,
                  DEV,
                  Optional.empty(),
                  List.of(
                      new LiveApplication("pre", "apps-dev", Optional.empty()),
                      new LiveApplication("pre", "api-dev", Optional.empty()))));

      assertThat(both.get(0).health()).isEqualTo(HealthStatus.HEALTHY);
      assertThat(both.get(0).sources().get(0).path()).contains("registry/environments/dev/pre");
      assertThat(both.get(1).health()).isEqualTo(HealthStatus.DEGRADED);
    }

    private void stepWithClock(ArgoCdSimulator simulator, int steps) {
      for (int i = 0; i < steps; i++) {
        clock.advance(Duration.ofSeconds(10));
        simulator.step();
      }
    }
  }

  @Nested
  @DisplayName("which Application, on which Argo CD")
  class Naming {
    @Test
    @DisplayName("appNamespace and project are sent; another project's application is not found")
    void namespaceAndProject() {
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.1.0"));
      ArgoCdSimulator simulator = simulator();
      simulator.manifest(MANIFEST).namespace("team-a").project("apps").add();

      LiveObservation inProject =
          live(server(simulator.url()).appNamespace("team-a").project("apps").build())
              .observe(target())
              .get(0);
      LiveObservation otherProject =
          live(server(simulator.url()).appNamespace("team-a").project("other").build())
              .observe(target())
              .get(0);
      LiveObservation namedByTheRepository =
          live(server(simulator.url()).project("apps").build())
              .observe(
                  new LiveTarget(
                      API,
                      DEV,
                      Optional.empty(),
                      List.of(new LiveApplication("pre", "api-dev", Optional.of("team-a")))))
              .get(0);

      assertThat(inProject.found()).isTrue();
      assertThat(otherProject.found()).isFalse();
      assertThat(namedByTheRepository.found()).isTrue();
    }

    @Test
    @DisplayName("an application not created yet is not found (404 with a project), then found")
    void createdLater() {
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.1.0"));
      ArgoCdSimulator simulator = simulator();
      simulator.manifest(MANIFEST).createdAfterReads(2).add();
      ArgoCdLiveState live = live(server(simulator.url()).project("default").build());

      assertThat(observe(live).found()).isFalse();
      assertThat(observe(live).found()).isFalse();
      assertThat(observe(live).found()).isTrue();
    }

    @Test
    @DisplayName(
        "without a project Argo CD answers 403 for an unknown application: a typed access error"
            + " that says to set the project")
    void unknownWithoutProject() {
      ArgoCdSimulator simulator = simulator();
      ArgoCdLiveState live = live(server(simulator.url()).build());

      assertThatThrownBy(() -> live.observe(target()))
          .isInstanceOf(ArgoCdAccessException.class)
          .hasMessageContaining("HTTP 403")
          .hasMessageContaining("project")
          .satisfies(e -> assertThat(((BackendException) e).retryable()).isFalse());
    }

    @Test
    @DisplayName("the name pattern may use {app}, {env} and {cluster}, one Application per cluster")
    void pattern() {
      Environment prod = Environment.of("prod", "eu", "us");
      ArgoCdLiveState live =
          ArgoCdLiveState.builder()
              .server(server("https://argocd.example.com").build())
              .namePattern(NamePattern.of("{env}-{cluster}-{app}"))
              .build();

      assertThat(live.applications(new LiveTarget(API, prod, Optional.empty(), List.of())))
          .extracting(LiveApplication::cluster, LiveApplication::name)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("eu", "prod-eu-api"),
              org.assertj.core.groups.Tuple.tuple("us", "prod-us-api"));
    }

    @Test
    @DisplayName("a pattern without {app} or with an unknown placeholder is refused")
    void badPattern() {
      assertThatThrownBy(() -> NamePattern.of("{env}-api"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("{app}");
      assertThatThrownBy(() -> NamePattern.of("{app}-{stage}"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("{stage}");
    }

    @Test
    @DisplayName("a name Argo CD would not accept is refused before any request")
    void badNames() {
      ArgoCdSimulator simulator = simulator();
      ArgoCdLiveState live = live(server(simulator.url()).build());

      assertThatThrownBy(
              () ->
                  live.observe(
                      new LiveTarget(
                          API,
                          DEV,
                          Optional.empty(),
                          List.of(new LiveApplication("pre", "../secrets", Optional.empty())))))
          .isInstanceOf(InvalidNameException.class);
      assertThatThrownBy(
              () ->
                  live.observe(
                      new LiveTarget(
                          API,
                          DEV,
                          Optional.empty(),
                          List.of(new LiveApplication("pre", "api", Optional.of("Team A"))))))
          .isInstanceOf(InvalidNameException.class);
      assertThatThrownBy(
              () ->
                  live.observe(
                      new LiveTarget(Application.named("API_1"), DEV, Optional.empty(), List.of())))
          .isInstanceOf(InvalidNameException.class);
      assertThat(simulator.requests()).isZero();
    }

    @Test
    @DisplayName(
        "each cluster or environment may have its own Argo CD: cluster first, then environment,"
            + " then the default")
    void serverPerClusterOrEnvironment() {
      git.commit(
          "registry/environments/prod/eu/api.yaml", FilesSource.application("api-prod", "0.1.0"));
      git.commit(
          "registry/environments/prod/us/api.yaml", FilesSource.application("api-prod", "0.1.0"));
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.1.0"));
      ArgoCdSimulator preprod = simulator();
      preprod.manifest(MANIFEST).add();
      ArgoCdSimulator eu = simulator();
      eu.manifest("registry/environments/prod/eu/api.yaml").add();
      ArgoCdSimulator prod = simulator();
      prod.manifest("registry/environments/prod/us/api.yaml").add();
      ArgoCdLiveState live =
          ArgoCdLiveState.builder()
              .server(server(preprod.url()).build())
              .serverForEnvironment("prod", server(prod.url()).build())
              .serverForCluster("eu", server(eu.url()).build())
              .build();

      List<LiveObservation> inProd =
          live.observe(
              new LiveTarget(API, Environment.of("prod", "eu", "us"), Optional.empty(), List.of()));
      LiveObservation inDev = live.observe(target()).get(0);

      assertThat(inProd).allSatisfy(o -> assertThat(o.found()).isTrue());
      assertThat(inDev.found()).isTrue();
      assertThat(eu.requests()).isEqualTo(1);
      assertThat(prod.requests()).isEqualTo(1);
      assertThat(preprod.requests()).isEqualTo(1);
    }

    @Test
    @DisplayName("an environment no server is configured for is a clear error")
    void noServer() {
      ArgoCdLiveState live =
          ArgoCdLiveState.builder()
              .serverForEnvironment("prod", server("https://argocd.example.com").build())
              .build();

      assertThatThrownBy(() -> live.observe(target()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("environment dev (cluster pre)");
    }
  }

  @Nested
  @DisplayName("credentials")
  class Credentials {
    @Test
    @DisplayName(
        "a refused token (401) is a typed access error that never shows the token, nor does any log line")
    void refusedToken() {
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.1.0"));
      ArgoCdSimulator simulator = simulator(b -> b.token("another-token"));
      simulator.manifest(MANIFEST).add();
      simulator.failNext(1, 503);
      ArgoCdLiveState live = live(server(simulator.url()).build());

      String output =
          captured(
              () ->
                  assertThatThrownBy(() -> live.observe(target()))
                      .isInstanceOf(ArgoCdAccessException.class)
                      .hasMessageContaining("HTTP 401")
                      .hasMessageContaining("the environment variable ARGOCD_TOKEN")
                      .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(TOKEN)));

      assertThat(output).contains("retrying").doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("the token may come from a file; a missing file or variable is an access error")
    void tokenSources() throws Exception {
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.1.0"));
      ArgoCdSimulator simulator = simulator();
      simulator.manifest(MANIFEST).add();
      Path file = Files.writeString(temp.resolve("token"), TOKEN + "\n");

      LiveObservation fromFile =
          live(ArgoCdServer.builder(simulator.url()).token(ArgoCdToken.file(file)).build())
              .observe(target())
              .get(0);

      assertThat(fromFile.found()).isTrue();
      assertThatThrownBy(
              () ->
                  live(ArgoCdServer.builder(simulator.url())
                          .token(ArgoCdToken.file(temp.resolve("missing")))
                          .build())
                      .observe(target()))
          .isInstanceOf(ArgoCdAccessException.class)
          .hasMessageContaining("cannot be read");
      assertThatThrownBy(
              () ->
                  live(ArgoCdServer.builder(simulator.url())
                          .token(ArgoCdToken.environment("UNSET_TOKEN", Map.of()))
                          .build())
                      .observe(target()))
          .isInstanceOf(ArgoCdAccessException.class)
          .hasMessageContaining("UNSET_TOKEN that holds the Argo CD token is not set");
      assertThat(ArgoCdToken.file(file).toString()).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("a URL with credentials in it is refused without repeating them")
    void urlWithCredentials() {
      assertThatThrownBy(() -> ArgoCdServer.builder("https://admin:hunter2@argocd.example.com"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageNotContaining("hunter2");
      assertThatThrownBy(() -> ArgoCdServer.builder("ftp://argocd.example.com"))
          .isInstanceOf(InvalidRequestException.class);
    }
  }

  @Nested
  @DisplayName("TLS")
  class Tls {
    @Test
    @DisplayName(
        "TLS is verified: a self-signed server is refused by default and accepted with its CA"
            + " bundle")
    void caBundle() throws Exception {
      SelfSignedCertificate certificate = SelfSignedCertificate.create(temp);
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.1.0"));
      ArgoCdSimulator simulator = simulator(b -> b.tls(certificate.server));
      simulator.manifest(MANIFEST).add();

      assertThat(simulator.url()).startsWith("https://");
      assertThatThrownBy(() -> live(server(simulator.url()).build()).observe(target()))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("TLS")
          .hasMessageContaining("caBundle");
      assertThat(
              live(server(simulator.url()).caBundle(certificate.pem).build())
                  .observe(target())
                  .get(0)
                  .found())
          .isTrue();
    }

    @Test
    @DisplayName("a CA bundle that holds no certificate is refused when the server is built")
    void badBundle() throws Exception {
      Path bundle = Files.writeString(temp.resolve("bundle.pem"), "not a certificate\n");

      assertThatThrownBy(() -> server("https://argocd.example.com").caBundle(bundle).build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("PEM");
    }
  }

  @Nested
  @DisplayName("failures of the server")
  class ServerFailures {
    @Test
    @DisplayName("5xx answers are retried with backoff")
    void retried() {
      git.commit(MANIFEST, FilesSource.application("api-dev", "0.1.0"));
      ArgoCdSimulator simulator = simulator();
      simulator.manifest(MANIFEST).add();
      simulator.failNext(2, 503);

      LiveObservation o = live(server(simulator.url()).build()).observe(target()).get(0);

      assertThat(o.found()).isTrue();
      assertThat(simulator.requests()).isEqualTo(3);
    }

    @Test
    @DisplayName("5xx that outlasts the attempts is a retryable backend error naming the attempts")
    void exhausted() {
      ArgoCdSimulator simulator = simulator();
      simulator.failNext(10, 502);

      assertThatThrownBy(() -> live(server(simulator.url()).attempts(3).build()).observe(target()))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("HTTP 502")
          .hasMessageContaining("after 3 attempts")
          .satisfies(e -> assertThat(((BackendException) e).retryable()).isTrue());
      assertThat(simulator.requests()).isEqualTo(3);
    }

    @Test
    @DisplayName("a slow server is given up on after the request timeout, on every attempt")
    void slow() {
      ArgoCdSimulator simulator = simulator();
      simulator.delay(Duration.ofSeconds(2));

      assertThatThrownBy(
              () ->
                  live(server(simulator.url())
                          .requestTimeout(Duration.ofMillis(200))
                          .attempts(2)
                          .build())
                      .observe(target()))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("no answer within 200ms after 2 attempts");
    }

    @Test
    @DisplayName("a server that does not listen is a retryable connection failure")
    void refused() throws Exception {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }

      assertThatThrownBy(
              () -> live(server("http://127.0.0.1:" + port).attempts(2).build()).observe(target()))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("connection failed")
          .satisfies(e -> assertThat(((BackendException) e).retryable()).isTrue());
    }

    @Test
    @DisplayName(
        "a server that is not Argo CD's API is a clear error: a bare 404, or JSON that is no Application")
    void notArgoCd() throws Exception {
      HttpServer other =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      other.createContext(
          "/",
          exchange -> {
            boolean html = exchange.getRequestURI().getPath().contains("html");
            byte[] body =
                (html ? "<html>not found</html>" : "[1, 2]").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(html ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      other.start();
      opened.add(() -> other.stop(0));
      String url = "http://127.0.0.1:" + other.getAddress().getPort();

      assertThatThrownBy(
              () ->
                  live(server(url).build())
                      .observe(
                          new LiveTarget(
                              API,
                              DEV,
                              Optional.empty(),
                              List.of(new LiveApplication("pre", "html", Optional.empty())))))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("without an Argo CD error body");
      assertThatThrownBy(() -> live(server(url).build()).observe(target()))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("not an Application");
    }
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out + " " + e;
  }

  private static String captured(Runnable action) {
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    try {
      action.run();
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
