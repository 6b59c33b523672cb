package dev.promotion.scm.github;

import java.io.IOException;

/** GitHub could not be reached, or a safe request kept failing after the bounded retries. */
final class TransportFailureException extends IOException {
  private static final long serialVersionUID = 1L;

  TransportFailureException(String request, int attempts, Throwable cause) {
    super(request + " failed after " + attempts + " attempt(s)", cause);
  }
}
