package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("promotion walkthrough")
class WalkthroughCommandTest {
  @TempDir Path dir;

  @Test
  @DisplayName("runs the seed lifecycle with the real commands, and leaves a usable workspace")
  void lifecycle() {
    Path ws = dir.resolve("ws");

    Cli walkthrough = Cli.run(Map.of(), "walkthrough", "--dir", ws.toString());

    assertThat(walkthrough.exitCode()).as(walkthrough.out() + walkthrough.err()).isZero();
    assertThat(walkthrough.out())
        .contains("== 1. First deploy to dev")
        .contains("gitops commit: main")
        .contains("promote api 0.1.0-rc.")
        .contains("release api 0.1.0 stage -> prod")
        .contains("app commit:    main")
        .contains("v0.1.0 \"v0.1.0\" at ")
        .contains("v0.1.1 \"v0.1.1\" at ")
        .contains("* Fix the crash on empty input")
        .contains("every check passed")
        .doesNotContain("FAILED");

    Cli status = Cli.run(Map.of(), "--config=" + ws.resolve("promotion.yaml"), "status");
    assertThat(status.out()).containsPattern("prod +api +0\\.1\\.1 ");
    Cli again = Cli.run(Map.of(), "--config=" + ws.resolve("promotion.yaml"), "release");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).startsWith("release api: already done");
  }

  @Test
  @DisplayName("refuses to overwrite a workspace")
  void existing() {
    Path ws = dir.resolve("ws");
    Cli.run(Map.of(), "walkthrough", "--dir", ws.toString());

    Cli second = Cli.run(Map.of(), "walkthrough", "--dir", ws.toString());

    assertThat(second.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(second.err()).contains("already holds a workspace");
  }
}
