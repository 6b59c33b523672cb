package dev.promotion.error;

/**
 * A backend cannot do what was asked (plain git has no pull requests). Never a silent no-op: the
 * message says what the backend did instead, if anything.
 */
public class UnsupportedCapabilityException extends UnsupportedOperationException {
  private static final long serialVersionUID = 1L;
  private final String backend;
  private final String capability;

  public UnsupportedCapabilityException(String backend, String capability, String instead) {
    super(backend + " cannot " + capability + ". " + instead);
    this.backend = backend;
    this.capability = capability;
  }

  public String backend() {
    return backend;
  }

  public String capability() {
    return capability;
  }
}
