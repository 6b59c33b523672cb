package dev.promotion.cli;

import java.lang.management.ManagementFactory;

/**
 * Stands in for the command line in {@link LauncherTest}: prints the JVM options it was started
 * with and its arguments, one per line, and exits with the code {@code exit=N} asks for.
 */
public final class LauncherProbe {
  private LauncherProbe() {}

  public static void main(String[] args) {
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      System.out.println("jvm " + option);
    }
    int exit = 0;
    for (String arg : args) {
      System.out.println("arg " + arg);
      if (arg.startsWith("exit=")) {
        exit = Integer.parseInt(arg.substring(5));
      }
    }
    System.exit(exit);
  }
}
