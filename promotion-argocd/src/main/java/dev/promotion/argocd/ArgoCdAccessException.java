package dev.promotion.argocd;

import dev.promotion.error.BackendException;

/**
 * Argo CD refused the credentials (HTTP 401 or 403), or the token cannot be read: a configuration
 * error that running again does not fix. The message says what to check and never holds the token.
 */
public class ArgoCdAccessException extends BackendException {
  private static final long serialVersionUID = 1L;

  public ArgoCdAccessException(String message) {
    super(ArgoCdServer.BACKEND, false, message);
  }
}
