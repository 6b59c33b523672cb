package dev.promotion.error;

/** A tag or branch name that does not have the shape the operation requires. */
public class InvalidReferenceException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String reference;

  public InvalidReferenceException(String reference, String expectedShape) {
    super(
        "'"
            + Printable.of(reference)
            + "' is not a valid reference: expected "
            + expectedShape
            + ".");
    this.reference = reference;
  }

  public String reference() {
    return reference;
  }
}
