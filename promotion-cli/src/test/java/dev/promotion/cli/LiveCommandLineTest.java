package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotion.cli.config.ConfigLoader;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.PromotionListener;
import dev.promotion.testkit.InMemoryLiveState;
import dev.promotion.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify, --wait, --rollback-on-failure and status --live over the walkthrough workspace (a real
 * GitOps repository), with an in-memory controller that follows it and a clock the waits advance
 * instead of sleeping.
 */
@DisplayName("the command line knows what runs")
class LiveCommandLineTest {
  private static final Map<String, String> ENV = Map.of("USER", "alice");
  private static final Duration PHASE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private Workspace workspace;
  private final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");
  private final List<Duration> sleeps = new ArrayList<>();
  private Backends follower;
  private InMemoryLiveState live;

  @BeforeEach
  void createWorkspace() throws Exception {
    workspace = new Workspace(dir.resolve("ws"));
    workspace.create();
    follower =
        new Backends(
            ConfigLoader.load(workspace.config()),
            ENV,
            "controller",
            Optional.empty(),
            clock,
            PromotionListener.NONE,
            new TransferProgress(
                TransferProgress.Style.SILENT,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                System::nanoTime));
    live = new InMemoryLiveState(follower.environments(), clock);
  }

  @AfterEach
  void close() {
    follower.close();
  }

  private Cli promotion(String... args) {
    return promotion(Optional.of(live), args);
  }

  private Cli promotion(Optional<dev.promotion.spi.LiveState> state, String... args) {
    List<String> all = new ArrayList<>();
    all.add("--config=" + workspace.config());
    all.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    clock.advance(Duration.ofSeconds(1));
    int code =
        PromotionCommand.execute(
            all.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            ENV,
            clock,
            new Terminal(false, System::nanoTime),
            state,
            d -> {
              sleeps.add(d);
              clock.advance(d);
            });
    return new Cli(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void publishedAndRunning() throws Exception {
    Cli publish =
        promotion(
            "publish-dev",
            "--ref",
            "main",
            "--chart",
            workspace.checkOutChart("main", "charts/api").toString());
    assertThat(publish.exitCode()).as(publish.out() + publish.err()).isZero();
    clock.advance(Duration.ofMinutes(5));
  }

  private String gitopsHead() throws Exception {
    return Files.readString(workspace.gitops().resolve("refs/heads/main"));
  }

  @Test
  @DisplayName("verify --env exits 0 when the environment runs what it declares")
  void verifyRuns() throws Exception {
    publishedAndRunning();

    Cli cli = promotion("verify", "--env", "dev");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).startsWith("verify dev api: running").contains("dev runs api 0.1.0-rc.");
  }

  @Test
  @DisplayName("verify --timeout gives up at the timeout with the reason, exit 5, JSON for scripts")
  void verifyTimesOut() throws Exception {
    live.script("api", "dev").stuckProgressing("Progressing: 3 of 4 pods ready");
    publishedAndRunning();

    Cli text = promotion("verify", "--env", "dev", "--timeout", "2m");
    Cli json = promotion("--output", "json", "verify", "--env", "dev");

    assertThat(text.exitCode()).isEqualTo(ExitCode.NOT_RUNNING);
    assertThat(text.out())
        .contains("not running yet")
        .contains("3 of 4 pods")
        .contains("gave up after 2m");
    assertThat(text.err()).contains("  ... waiting for dev to run api 0.1.0-rc.");
    JsonNode node = new ObjectMapper().readTree(json.out());
    assertThat(json.exitCode()).isEqualTo(ExitCode.NOT_RUNNING);
    assertThat(node.at("/running").asBoolean()).isFalse();
    assertThat(node.at("/apps/0/verdict").asText()).isEqualTo("not running yet");
    assertThat(node.at("/apps/0/applications/0/health").asText()).isEqualTo("Progressing");
  }

  @Test
  @DisplayName("promote --wait waits until the target runs the new version, with a progress line")
  void promoteWaits() throws Exception {
    publishedAndRunning();
    live.script("api", "test").delays(PHASE, PHASE, PHASE);

    Cli cli = promotion("promote", "--to", "test", "--wait=5m");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).startsWith("promote api: done").contains("verify test: verified");
    assertThat(cli.err())
        .contains("  ... waiting for test to run api 0.1.0-rc.")
        .contains("sync in progress")
        .contains("still Progressing");
    assertThat(sleeps).isNotEmpty();
  }

  @Test
  @DisplayName(
      "promote --wait --rollback-on-failure rolls a Degraded version back, says why in the commit,"
          + " exit 5")
  void rollsBack() throws Exception {
    publishedAndRunning();
    assertThat(promotion("promote", "--to", "test").exitCode()).isZero();
    clock.advance(Duration.ofMinutes(5));
    follower
        .sourceControl()
        .commitFile(
            new dev.promotion.spi.FileCommit(
                "main", "src/app.txt", Optional.of("hello\n"), "1\n", "Change", "alice"));
    publishedAndRunning();
    String second = follower.environments().current("api", "dev").orElseThrow().version().text();
    live.script("api", "test").degradesOn(second);

    Cli cli = promotion("promote", "--to", "test", "--wait", "--rollback-on-failure");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(ExitCode.NOT_RUNNING);
    assertThat(cli.out())
        .startsWith("promote api: written, not running, rolled back")
        .contains("verify test: failed")
        .contains("rollback deploy test: done")
        .contains("rollback verify test: verified");
    HistoryEntry newest = follower.environments().history("api", "test", 1).get(0);
    assertThat(newest.subject()).startsWith("rollback api " + second);
    assertThat(newest.trailer("Promotion-Verification-Failed"))
        .hasValueSatisfying(v -> assertThat(v).contains("Degraded"));
  }

  @Test
  @DisplayName(
      "status --live adds SYNC, HEALTH and SINCE, and marks a live revision git does not declare")
  void statusLive() throws Exception {
    publishedAndRunning();
    live.script("api", "test").delays(PHASE, PHASE, PHASE);
    promotion("promote", "--to", "test");

    Cli text = promotion("status", "--live");
    Cli json = promotion("--output", "json", "status", "--live");
    Cli markdown = promotion("--output", "markdown", "status", "--live");

    assertThat(text.exitCode()).isZero();
    assertThat(text.out().lines().findFirst().orElseThrow())
        .contains("SYNC")
        .contains("HEALTH")
        .contains("SINCE");
    assertThat(text.out().lines().filter(l -> l.startsWith("dev ")).findFirst().orElseThrow())
        .contains("Synced")
        .contains("Healthy");
    assertThat(text.out().lines().filter(l -> l.startsWith("test ")).findFirst().orElseThrow())
        .contains("OutOfSync")
        .contains("! ")
        .contains("(git differs)");
    JsonNode node = new ObjectMapper().readTree(json.out());
    assertThat(node.at("/environments/0/apps/0/live/health").asText()).isEqualTo("Healthy");
    assertThat(node.at("/environments/1/apps/0/live/differs").asBoolean()).isTrue();
    assertThat(markdown.out())
        .contains("| sync | health | healthy for | live |")
        .contains(":warning:");
  }

  @Test
  @DisplayName(
      "bad input exits 2 and writes nothing: rollback without wait, no live state, bad duration")
  void badInput() throws Exception {
    publishedAndRunning();
    String before = gitopsHead();

    Cli noWait = promotion("promote", "--to", "test", "--rollback-on-failure");
    Cli noLive = promotion(Optional.empty(), "promote", "--to", "test", "--wait=1m");
    Cli verifyNoLive = promotion(Optional.empty(), "verify", "--env", "dev");
    Cli badDuration = promotion("promote", "--to", "test", "--wait=5x");

    assertThat(noWait.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(noWait.err()).contains("--rollback-on-failure needs --wait");
    assertThat(noLive.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(noLive.err()).contains("No live state is configured").contains("argocd:");
    assertThat(verifyNoLive.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(badDuration.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(badDuration.err()).contains("90s, 5m, 1h30m");
    assertThat(gitopsHead()).isEqualTo(before);
  }
}
