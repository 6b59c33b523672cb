package dev.promotion.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/** Runs the command line in this JVM and captures what it prints. */
record Cli(int exitCode, String out, String err) {
  static Cli run(Map<String, String> env, String... args) {
    return run(Clock.systemUTC(), Terminal.detect(), env, args);
  }

  /** Runs with a given clock, and a given terminal (attached or not, and its ticker). */
  static Cli run(Clock clock, Terminal terminal, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        PromotionCommand.execute(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            clock,
            terminal);
    return new Cli(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
