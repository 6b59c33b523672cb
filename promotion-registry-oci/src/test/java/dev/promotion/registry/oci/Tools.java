package dev.promotion.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real command-line tools the format-fidelity tests run: required in CI, skipped loudly without.
 */
final class Tools {
  private Tools() {}

  /**
   * Makes the test fail when the tool is missing and {@code CI} is set; without {@code CI} the test
   * is skipped with a message that says what to install.
   */
  static void require(String tool, String debianPackage) {
    boolean present = onPath(tool);
    String message =
        tool + " is not installed: apt-get install " + debianPackage + " to run this test";
    if (System.getenv("CI") != null) {
      assertThat(present).as(message).isTrue();
    }
    assumeTrue(present, message);
  }

  static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Runs a command to its end, failing the test with its output when it does not exit 0. */
  static String run(Path workDir, List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(workDir, "command-", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
    } finally {
      process.destroy();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("%s%n%s", String.join(" ", command), output).isZero();
    return output;
  }
}
