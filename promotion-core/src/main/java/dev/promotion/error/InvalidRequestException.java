package dev.promotion.error;

/** An operation asked for something the pipeline does not allow, for example promoting into dev. */
public class InvalidRequestException extends PromotionException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }
}
