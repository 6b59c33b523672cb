package dev.promotion.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What the command line knows about where it runs: whether a person watches a terminal, and a
 * nanosecond ticker for progress. Tests pass their own.
 *
 * @param attached whether the process is attached to a terminal
 * @param nanoTicker monotonic nanoseconds, like {@link System#nanoTime()}
 */
record Terminal(boolean attached, LongSupplier nanoTicker) {
  Terminal {
    Objects.requireNonNull(nanoTicker, "nanoTicker");
  }

  /** The real terminal, if any, and the system's ticker. */
  static Terminal detect() {
    return new Terminal(isTerminal(System.console()), System::nanoTime);
  }

  /**
   * {@code System.console()} is null when the standard streams are redirected, up to Java 21. From
   * Java 22 it may be present anyway, and {@code Console.isTerminal()} (absent on Java 17, so
   * called reflectively) tells.
   */
  static boolean isTerminal(Console console) {
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
