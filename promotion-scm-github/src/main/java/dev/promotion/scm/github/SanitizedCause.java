package dev.promotion.scm.github;

/**
 * Stands in for a library or JDK exception in a cause chain: same type name, stack trace and
 * causes, but every message passed through the {@link Redactor}, so that no layer of the chain can
 * carry a credential.
 */
final class SanitizedCause extends Exception {
  private static final long serialVersionUID = 1L;
  private static final int MAX_DEPTH = 12;
  private final String originalType;

  private SanitizedCause(Throwable original, Redactor redactor, int depth) {
    super(
        redactor.redact(original.getMessage()),
        original.getCause() == null || depth >= MAX_DEPTH
            ? null
            : of(original.getCause(), redactor, depth + 1),
        false,
        true);
    this.originalType = original.getClass().getName();
    setStackTrace(original.getStackTrace());
  }

  static Throwable of(Throwable original, Redactor redactor) {
    return original == null ? null : of(original, redactor, 0);
  }

  private static SanitizedCause of(Throwable original, Redactor redactor, int depth) {
    if (original instanceof SanitizedCause sanitized) {
      return sanitized;
    }
    return new SanitizedCause(original, redactor, depth);
  }

  /** The class name of the exception this one replaces. */
  String originalType() {
    return originalType;
  }

  @Override
  public String toString() {
    String message = getLocalizedMessage();
    return message == null ? originalType : originalType + ": " + message;
  }
}
