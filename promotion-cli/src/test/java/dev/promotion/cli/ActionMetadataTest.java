package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.git.RequiredTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * action.yml and the example workflows against SchemaStore's published schemas for GitHub Actions,
 * through {@code action-validator} (npm {@code @action-validator/cli}, which carries those schemas
 * and is what editors' checks and CI linters run), pinned to one version.
 */
@DisplayName("action.yml and the workflows against the GitHub Actions schemas")
class ActionMetadataTest {
  private static final Path ROOT = Path.of("..");
  private static final String VALIDATOR = "@action-validator/cli@0.6.0";

  @BeforeAll
  static void npx() {
    RequiredTool.require("npx", "npm", "--version");
  }

  /** What action-validator says of {@code file}: its exit code and its report. */
  private record Verdict(int exit, String report) {}

  private static Verdict validate(Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("npx", "--yes", VALIDATOR, file.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("action-validator finished").isTrue();
    return new Verdict(p.exitValue(), report);
  }

  @Test
  @DisplayName("action.yml is valid action metadata")
  void action() throws Exception {
    Verdict verdict = validate(ROOT.resolve("action.yml"));

    assertThat(verdict.exit()).as(verdict.report()).isZero();
  }

  @Test
  @DisplayName("the schema check is real: an action with an unknown key and no description fails")
  void schemaCatchesMistakes() throws Exception {
    // action-validator tells an action from a workflow by the file's name
    Path broken = Files.createTempDirectory("action").resolve("action.yml");
    try {
      Files.writeString(
          broken,
          "name: x\ninputs:\n  a:\n    required: true\n    typo: 1\n"
              + "runs:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n");
      Verdict verdict = validate(broken);

      assertThat(verdict.exit()).isNotZero();
      assertThat(verdict.report()).contains("typo").contains("/description");
    } finally {
      Files.delete(broken);
      Files.delete(broken.getParent());
    }
  }

  static List<String> workflows() {
    return Workspace.WORKFLOWS;
  }

  @ParameterizedTest
  @MethodSource("workflows")
  @DisplayName("each example workflow is a valid workflow")
  void workflow(String name) throws Exception {
    Verdict verdict = validate(ROOT.resolve("examples/github-actions/" + name));

    assertThat(verdict.exit()).as(verdict.report()).isZero();
  }
}
