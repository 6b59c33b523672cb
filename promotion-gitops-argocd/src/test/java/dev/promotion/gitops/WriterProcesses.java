package dev.promotion.gitops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs promotions in separate JVMs ({@link PromoteOneApp}, on this test's class path) against one
 * remote, released together: every child first fetches and says it is ready, then all start their
 * write at the same moment. Each child has its own on-disk clone, as separate CI jobs would.
 */
public final class WriterProcesses {
  private static final List<String> JVM_OPTIONS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Xshare:auto",
          "-Xmx128m",
          // the engine's debug line "... after N attempt(s)" gives each write's attempts
          "-Dorg.slf4j.simpleLogger.log.dev.promotion.git.GitRepository=debug");
  private static final Pattern ATTEMPTS = Pattern.compile(" after (\\d+) attempt");

  /** One promotion: {@code app} in {@code environment} from {@code expected} to {@code target}. */
  public record Writer(String app, String environment, String expected, String target) {}

  /**
   * What one child did.
   *
   * @param result applied, already, conflict, failed, or none when it printed no result
   * @param latencyMillis from the go signal to the end of its write
   * @param finishedAtMillis the wall-clock time its write ended
   * @param attempts the pushes of a landed write, 0 when it did not land
   */
  public record Outcome(
      Writer writer,
      int exitCode,
      String result,
      long latencyMillis,
      long finishedAtMillis,
      int attempts,
      String output) {}

  /** The outcomes in the order of the writers, and when they were released. */
  public record Run(List<Outcome> outcomes, long releasedAtMillis) {
    /** From the release to the end of the last write, in milliseconds. */
    public long wallMillis() {
      return outcomes.stream().mapToLong(Outcome::finishedAtMillis).max().orElse(releasedAtMillis)
          - releasedAtMillis;
    }
  }

  private WriterProcesses() {}

  /** Starts one JVM per writer in {@code work}, releases them together and waits for all. */
  public static Run run(String url, Path work, List<Writer> writers)
      throws IOException, InterruptedException {
    Path barrier = Files.createDirectories(work.resolve("barrier"));
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    try {
      for (int i = 0; i < writers.size(); i++) {
        Writer w = writers.get(i);
        Path log = work.resolve("writer-" + i + ".log");
        logs.add(log);
        processes.add(
            new ProcessBuilder(command(url, work.resolve("clone-" + i), w, barrier, i))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start());
      }
      awaitReady(barrier, processes);
      Files.createFile(barrier.resolve("go"));
      long released = System.currentTimeMillis();
      List<Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < processes.size(); i++) {
        Process p = processes.get(i);
        int exit = p.waitFor(300, TimeUnit.SECONDS) ? p.exitValue() : -1;
        outcomes.add(outcome(writers.get(i), exit, Files.readString(logs.get(i))));
      }
      return new Run(outcomes, released);
    } finally {
      for (Process p : processes) {
        if (p.isAlive()) {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static List<String> command(String url, Path clone, Writer w, Path barrier, int id) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PromoteOneApp.class.getName());
    command.addAll(
        List.of(
            url,
            clone.toString(),
            w.app(),
            w.environment(),
            w.expected(),
            w.target(),
            barrier.toString(),
            String.valueOf(id)));
    return command;
  }

  private static void awaitReady(Path barrier, List<Process> processes)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      long ready;
      try (var files = Files.list(barrier)) {
        ready = files.filter(f -> f.getFileName().toString().startsWith("ready-")).count();
      }
      if (ready == processes.size() || processes.stream().anyMatch(p -> !p.isAlive())) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private static Outcome outcome(Writer writer, int exit, String output) {
    Matcher attempts = ATTEMPTS.matcher(output);
    int pushes = attempts.find() ? Integer.parseInt(attempts.group(1)) : 0;
    for (String line : output.split("\n")) {
      if (line.startsWith("RESULT ")) {
        String[] f = line.strip().split(" ");
        return new Outcome(
            writer, exit, f[2], Long.parseLong(f[3]), Long.parseLong(f[4]), pushes, output);
      }
    }
    return new Outcome(writer, exit, "none", 0, 0, 0, output);
  }
}
