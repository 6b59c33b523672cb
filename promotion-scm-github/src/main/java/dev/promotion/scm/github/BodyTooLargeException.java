package dev.promotion.scm.github;

import java.io.IOException;

/** A download held more bytes than the caller accepts; reading stopped at the limit. */
final class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  BodyTooLargeException(String request, long limit) {
    super(request + " answered more than " + limit + " bytes; reading stopped there");
  }
}
