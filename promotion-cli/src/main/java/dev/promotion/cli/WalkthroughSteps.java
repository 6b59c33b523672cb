package dev.promotion.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What both walkthroughs keep as they go: the numbered steps, the checks that failed (the
 * walkthrough goes on and fails at the end), and the failure that stops it at once (a step that did
 * not go as the seed says).
 */
final class WalkthroughSteps {
  /** A step did not go as the seed says; the later steps would make no sense. */
  static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
      super(message);
    }
  }

  /** A walkthrough's body: its exit code. */
  @FunctionalInterface
  interface Walk {
    int call() throws IOException;
  }

  private final PrintStream out;
  private final List<String> failures = new ArrayList<>();
  private int count;

  WalkthroughSteps(PrintStream out) {
    this.out = out;
  }

  /**
   * The directory the walkthrough builds its workspace in: {@code dir} when given (created if
   * missing), else a new temporary directory named with {@code prefix}.
   */
  static Path workspace(Path dir, String prefix) throws IOException {
    return dir != null
        ? Files.createDirectories(dir.toAbsolutePath())
        : Files.createTempDirectory(prefix);
  }

  /** Runs {@code walk}; a step that failed ends it, naming the step, with exit 1. */
  int run(Walk walk) throws IOException {
    try {
      return walk.call();
    } catch (StepFailed e) {
      out.println();
      out.println("Walkthrough FAILED at step " + count + ": " + e.getMessage());
      return ExitCode.FAILURE;
    }
  }

  /** Starts the next step: a blank line and its numbered title. */
  void title(String title) {
    count++;
    out.println();
    out.println("== " + count + ". " + title);
  }

  /** Prints a check; a failed one is remembered, and the walkthrough goes on. */
  void check(String what, boolean ok) {
    out.println("check: " + what + (ok ? " - ok" : " - FAILED"));
    if (!ok) {
      failures.add(what);
    }
  }

  /** Whether a check failed; if one did, prints which. */
  boolean failed() {
    if (failures.isEmpty()) {
      return false;
    }
    out.println("Walkthrough FAILED: " + failures);
    return true;
  }

  /** The closing line when every step ran and every check passed. */
  void complete() {
    out.println("Walkthrough complete: " + count + " steps, every check passed.");
  }
}
