package dev.promotion.scm.github.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every line logged through SLF4J while tests run, at every level, with the stack trace of any
 * throwable. The test SLF4J provider writes here; nothing is printed.
 */
public final class LogCapture {
  private static final List<String> LINES = new CopyOnWriteArrayList<>();

  private LogCapture() {}

  static void record(String level, String logger, String message, Throwable throwable) {
    StringBuilder line =
        new StringBuilder(level).append(' ').append(logger).append(" - ").append(message);
    if (throwable != null) {
      StringWriter trace = new StringWriter();
      throwable.printStackTrace(new PrintWriter(trace));
      line.append('\n').append(trace);
    }
    LINES.add(line.toString());
  }

  public static List<String> lines() {
    return List.copyOf(LINES);
  }

  public static void clear() {
    LINES.clear();
  }
}
