package dev.promotion.error;

/**
 * A backend (git server, registry, source-control host) failed. Adapters translate their own
 * exceptions into this one at the boundary; the message names the backend and never holds a secret.
 */
public class BackendException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String backend;
  private final boolean retryable;

  public BackendException(String backend, boolean retryable, String message, Throwable cause) {
    super(backend + ": " + message, cause);
    this.backend = backend;
    this.retryable = retryable;
  }

  public BackendException(String backend, boolean retryable, String message) {
    this(backend, retryable, message, null);
  }

  /** Which backend failed, for example {@code git}, {@code ecr}, {@code github}. */
  public String backend() {
    return backend;
  }

  /** Whether running the same operation again may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
