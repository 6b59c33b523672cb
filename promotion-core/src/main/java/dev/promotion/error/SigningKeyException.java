package dev.promotion.error;

/**
 * A key to sign commits and tags with cannot be used: it is not a private key of the format named,
 * it is encrypted and the passphrase is missing or wrong, or the key asked for is not in it. Raised
 * before anything is written. The message never holds the key or its passphrase.
 */
public class SigningKeyException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String format;

  public SigningKeyException(String format, String reason) {
    super("The " + format + " signing key cannot be used: " + reason);
    this.format = format;
  }

  /** The signature format, {@code ssh} or {@code openpgp}. */
  public String format() {
    return format;
  }
}
