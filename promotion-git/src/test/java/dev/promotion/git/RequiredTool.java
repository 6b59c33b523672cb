package dev.promotion.git;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool a test runs. Missing, it fails the test when {@code CI} is set (CI installs
 * it with {@code .ci/run}) and aborts it, with the package to install, only outside CI.
 */
public final class RequiredTool {
  private RequiredTool() {}

  /**
   * Runs {@code tool probe...} to see whether it is installed; any exit code counts as present
   * ({@code ssh-keygen} has no version flag that exits 0).
   */
  public static void require(String tool, String debianPackage, String... probe) {
    if (present(tool, probe)) {
      return;
    }
    if (System.getenv("CI") != null) {
      fail(
          tool
              + " is not installed, and CI is set: install the Debian package '"
              + debianPackage
              + "'");
    }
    Assumptions.abort(
        tool + " is not installed (install the Debian package '" + debianPackage + "')");
  }

  private static boolean present(String tool, String... probe) {
    List<String> command = new ArrayList<>(List.of(tool));
    command.addAll(List.of(probe));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
