package dev.promotion.error;

/** A version, tag or branch name that is not in the expected shape or out of range. */
public class InvalidVersionException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String input;

  public InvalidVersionException(String input, String reason) {
    super("'" + Printable.of(input) + "' is not a valid version: " + reason + ".");
    this.input = input;
  }

  /** The rejected input, exactly as given. */
  public String input() {
    return input;
  }
}
