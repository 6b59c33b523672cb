package dev.promotion.scm.github;

import java.io.IOException;

/**
 * A request that is not safe to repeat was sent, but no answer came back (timeout, broken
 * connection). GitHub may or may not have applied it: the caller must read the state again to find
 * out, never send it again blindly.
 */
final class OutcomeUnknownException extends IOException {
  private static final long serialVersionUID = 1L;

  OutcomeUnknownException(String request, Throwable cause) {
    super(request + " got no answer; GitHub may or may not have applied it", cause);
  }
}
