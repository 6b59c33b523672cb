package dev.promotion.error;

/**
 * The unchecked root of every error this library raises on purpose.
 *
 * <p>Subclasses carry their context as fields (app, environment, version, path, line) so callers
 * can react without parsing messages. Messages are one clear sentence followed by what to do next;
 * they never contain a secret.
 */
public class PromotionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PromotionException(String message) {
    super(message);
  }

  public PromotionException(String message, Throwable cause) {
    super(message, cause);
  }
}
