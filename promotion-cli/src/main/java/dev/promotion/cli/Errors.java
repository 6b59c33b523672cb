package dev.promotion.cli;

import dev.promotion.error.PromotionException;
import dev.promotion.error.UnsupportedCapabilityException;
import java.io.PrintStream;

/** How a failure is told: one sentence and what to do next; the causes with --verbose. */
final class Errors {
  private Errors() {}

  static void report(Throwable error, boolean verbose, PrintStream err) {
    err.println("promotion: " + sentence(error));
    if (verbose) {
      for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
        err.println("  caused by: " + cause.getClass().getName() + ": " + cause.getMessage());
      }
    } else if (error.getCause() != null) {
      err.println("  (run again with --verbose for the causes)");
    }
  }

  static String sentence(Throwable error) {
    if (error instanceof PromotionException || error instanceof UnsupportedCapabilityException) {
      return error.getMessage();
    }
    if (error instanceof IllegalArgumentException) {
      return error.getMessage() + ". Check the arguments (promotion help).";
    }
    return "unexpected "
        + error.getClass().getSimpleName()
        + (error.getMessage() == null ? "" : ": " + error.getMessage())
        + ". Run again with --verbose and report it with the output.";
  }
}
