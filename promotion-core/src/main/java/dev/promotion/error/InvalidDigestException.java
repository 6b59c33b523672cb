package dev.promotion.error;

/** An image digest that is not {@code sha256:} and 64, or {@code sha512:} and 128, hex digits. */
public class InvalidDigestException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String input;

  public InvalidDigestException(String input, String reason) {
    super("'" + Printable.of(input) + "' is not a valid image digest: " + reason + ".");
    this.input = input;
  }

  /** The rejected input, exactly as given. */
  public String input() {
    return input;
  }
}
