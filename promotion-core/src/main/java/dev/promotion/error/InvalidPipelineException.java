package dev.promotion.error;

/** A pipeline or application definition that cannot work (duplicates, no release environment). */
public class InvalidPipelineException extends PromotionException {
  private static final long serialVersionUID = 1L;

  public InvalidPipelineException(String message) {
    super(message);
  }
}
