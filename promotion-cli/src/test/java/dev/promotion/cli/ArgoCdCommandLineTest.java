package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.argocd.simulator.ArgoCdSimulator;
import dev.promotion.argocd.simulator.GitOpsSource;
import dev.promotion.argocd.simulator.Script;
import dev.promotion.cli.config.ConfigLoader;
import dev.promotion.git.GitRepository;
import dev.promotion.git.Snapshot;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.PromotionListener;
import dev.promotion.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * The command line with {@code argocd:} in promotion.yaml, against simulated Argo CDs (one for the
 * preprod cluster, one for production) that follow the walkthrough's GitOps repository over their
 * own clone: the configured adapter, not an injected live state, answers verify and --wait.
 */
@DisplayName("the command line asks the Argo CDs promotion.yaml names")
class ArgoCdCommandLineTest {
  private static final String TOKEN = "argocd-cli-token-91b2";
  private static final Map<String, String> ENV = Map.of("USER", "alice", "ARGOCD_TOKEN", TOKEN);

  @TempDir Path dir;
  private Workspace workspace;
  private final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");
  private final List<AutoCloseable> opened = new ArrayList<>();
  private ArgoCdSimulator preprod;

  @BeforeEach
  void start() throws Exception {
    workspace = new Workspace(dir.resolve("ws"));
    workspace.create();
    preprod = simulator("preprod-clone");
    for (String env : List.of("dev", "test", "stage")) {
      preprod
          .manifest("registry/environments/" + env + "/preprod/api.yaml")
          .name("api-" + env)
          .add();
    }
    ArgoCdSimulator production = simulator("production-clone");
    production.manifest("registry/environments/prod/production/api.yaml").name("api-prod").add();
    Files.writeString(
        workspace.config(),
        """
        argocd:
          token: {env: ARGOCD_TOKEN}
          project: default
          clusters:
            preprod:
              url: %s
            production:
              url: %s
        """
            .formatted(preprod.url(), production.url()),
        StandardOpenOption.APPEND);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private ArgoCdSimulator simulator(String clone) {
    GitRepository git =
        GitRepository.builder()
            .remote(workspace.gitops().toUri().toString())
            .cacheDirectory(dir.resolve(clone))
            .build();
    opened.add(git);
    ArgoCdSimulator simulator =
        ArgoCdSimulator.builder().source(new Follower(git)).clock(clock).token(TOKEN).start();
    opened.add(simulator);
    return simulator;
  }

  /** Argo CD's repo server: the tip of its clone, fetched at each look. */
  private static final class Follower implements GitOpsSource {
    private final GitRepository git;
    private Snapshot last;

    Follower(GitRepository git) {
      this.git = git;
    }

    @Override
    public synchronized String tip() {
      last = git.latest();
      return last.commit().orElse("");
    }

    @Override
    public synchronized Optional<String> read(String revision, String path) {
      return last.read(path, 1 << 20).map(b -> new String(b, StandardCharsets.UTF_8));
    }
  }

  private Cli promotion(String... args) {
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
            Optional.empty(),
            clock::advance);
    return new Cli(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Cli publish() throws Exception {
    return promotion(
        "publish-dev",
        "--ref",
        "main",
        "--chart",
        workspace.checkOutChart("main", "charts/api").toString(),
        "--wait=5m");
  }

  @Test
  @DisplayName(
      "publish-dev --wait waits until Argo CD runs the new version in dev; verify then says so;"
          + " the token shows nowhere")
  void publishWaitsForArgoCd() throws Exception {
    Cli publish = publish();
    Cli verify = promotion("verify", "--env", "dev");

    assertThat(publish.exitCode()).as(publish.out() + publish.err()).isZero();
    assertThat(publish.out()).contains("verify dev: verified");
    assertThat(publish.err()).contains("  ... waiting for dev to run api 0.1.0-rc.");
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).startsWith("verify dev api: running");
    assertThat(publish.out() + publish.err() + verify.out() + verify.err()).doesNotContain(TOKEN);
  }

  @Test
  @DisplayName(
      "promote --wait --rollback-on-failure: the version Argo CD reports Degraded is rolled back,"
          + " exit 5")
  void degradedIsRolledBack() throws Exception {
    assertThat(publish().exitCode()).isZero();
    assertThat(promotion("promote", "--to", "test", "--wait=5m").exitCode()).isZero();
    clock.advance(Duration.ofMinutes(5));
    try (Backends app =
        new Backends(
            ConfigLoader.load(workspace.config()),
            ENV,
            "alice",
            Optional.empty(),
            clock,
            PromotionListener.NONE,
            new TransferProgress(
                TransferProgress.Style.SILENT,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                System::nanoTime))) {
      app.sourceControl()
          .commitFile(
              new FileCommit(
                  "main", "src/app.txt", Optional.of("hello\n"), "1\n", "Change", "alice"));
      assertThat(publish().exitCode()).isZero();
    }
    String second;
    try (Backends app =
        new Backends(
            ConfigLoader.load(workspace.config()),
            ENV,
            "alice",
            Optional.empty(),
            clock,
            PromotionListener.NONE,
            new TransferProgress(
                TransferProgress.Style.SILENT,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                System::nanoTime))) {
      second = app.environments().current("api", "dev").orElseThrow().version().text();
    }
    preprod.script("api-test", second, Script.DEGRADED);

    Cli cli = promotion("promote", "--to", "test", "--wait=5m", "--rollback-on-failure");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(ExitCode.NOT_RUNNING);
    assertThat(cli.out())
        .startsWith("promote api: written, not running, rolled back")
        .contains("verify test: failed")
        .contains("Degraded")
        .contains("rollback verify test: verified");
  }
}
