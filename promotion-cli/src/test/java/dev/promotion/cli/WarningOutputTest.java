package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.result.Promotion;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a warning step and the run URL")
class WarningOutputTest {
  private static final Result<Promotion> RESULT =
      new Result.Done<>(
          new Promotion("api", "dev", "test", ChartVersion.parse("0.1.0"), Optional.empty()),
          List.of(
              Step.done("deploy test", "api 0.1.0 in test"),
              Step.warning(
                  "record deployment test",
                  "the deployment of api 0.1.0 in test was not recorded; the GitOps change"
                      + " stands")));

  private static String render(Output.Format format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Output(format, new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .result("promote", "api", RESULT);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("text, JSON and Markdown show a warning step as a warning, and the result as done")
  void rendersWarning() {
    assertThat(render(Output.Format.TEXT))
        .contains("promote api: done")
        .contains("  - record deployment test: warning (the deployment of api 0.1.0");
    assertThat(render(Output.Format.JSON))
        .contains("\"result\" : \"done\"")
        .contains("\"status\" : \"warning\"");
    assertThat(render(Output.Format.MARKDOWN))
        .contains("| record deployment test | warning | the deployment of api 0.1.0");
    assertThat(ExitCode.of(RESULT)).isEqualTo(ExitCode.OK);
  }

  @Test
  @DisplayName("the run URL is built from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID")
  void runUrl() {
    assertThat(
            Backends.runUrl(
                Map.of(
                    "GITHUB_SERVER_URL", "https://github.com/",
                    "GITHUB_REPOSITORY", "acme/api",
                    "GITHUB_RUN_ID", "42")))
        .contains("https://github.com/acme/api/actions/runs/42");
    assertThat(
            Backends.runUrl(
                Map.of("GITHUB_SERVER_URL", "https://github.com", "GITHUB_REPOSITORY", "acme/api")))
        .as("outside a GitHub Actions run")
        .isEmpty();
    assertThat(
            Backends.runUrl(
                Map.of(
                    "GITHUB_SERVER_URL", "https://github.com",
                    "GITHUB_REPOSITORY", "acme/api",
                    "GITHUB_RUN_ID", " ")))
        .isEmpty();
  }
}
