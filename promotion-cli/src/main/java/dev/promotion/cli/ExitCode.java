package dev.promotion.cli;

import dev.promotion.cli.config.ConfigurationException;
import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.InvalidDigestException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.error.InvalidPipelineException;
import dev.promotion.error.InvalidReferenceException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.error.InvalidVersionException;
import dev.promotion.error.SigningKeyException;
import dev.promotion.error.UnknownApplicationException;
import dev.promotion.error.UnknownEnvironmentException;
import dev.promotion.gate.GateViolationException;
import dev.promotion.result.Result;

/** The exit codes of the command line, and which outcome or error gets which. */
public final class ExitCode {
  /** Done, or already done. */
  public static final int OK = 0;

  /** Failed. */
  public static final int FAILURE = 1;

  /** A usage or configuration error: nothing was attempted. */
  public static final int USAGE = 2;

  /** A gate blocked the operation: nothing was written. */
  public static final int BLOCKED = 3;

  /** Someone else changed the same thing at the same time, even after retries. */
  public static final int CONCURRENT_MODIFICATION = 4;

  /**
   * Written, but the environment does not run the new version (waited with {@code --wait}, rolled
   * back or not); or {@code verify} found an environment that does not run what it declares.
   */
  public static final int NOT_RUNNING = 5;

  private ExitCode() {}

  static int of(Result<?> result) {
    if (result instanceof Result.Blocked<?>) {
      return BLOCKED;
    }
    return result.checkFailed() ? NOT_RUNNING : OK;
  }

  static int of(Throwable error) {
    if (error instanceof ConcurrentModificationException) {
      return CONCURRENT_MODIFICATION;
    }
    if (error instanceof GateViolationException) {
      return BLOCKED;
    }
    if (error instanceof ConfigurationException
        || error instanceof UnknownApplicationException
        || error instanceof UnknownEnvironmentException
        || error instanceof InvalidNameException
        || error instanceof InvalidVersionException
        || error instanceof InvalidDigestException
        || error instanceof InvalidReferenceException
        || error instanceof InvalidRequestException
        || error instanceof InvalidPipelineException
        || error instanceof SigningKeyException
        || error instanceof dev.promotion.argocd.ArgoCdAccessException) {
      return USAGE;
    }
    return FAILURE;
  }
}
