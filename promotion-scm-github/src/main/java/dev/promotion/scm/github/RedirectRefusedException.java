package dev.promotion.scm.github;

import java.io.IOException;

/**
 * GitHub answered with a redirect that is not followed: to another host (the credentials would go
 * with it) or one too many.
 */
final class RedirectRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  RedirectRefusedException(String request, int status, String where) {
    super(request + " was redirected (" + status + ") " + where + "; the redirect is not followed");
  }
}
