package dev.promotion.error;

/**
 * A path expression into YAML ({@code spec.sources[chart={chart}].targetRevision}) that does not
 * parse; the position names the first character that is wrong.
 */
public class InvalidPathExpressionException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String expression;
  private final int position;

  /**
   * @param expression the expression as written
   * @param position the 1-based position of the problem in it
   * @param reason what is wrong, as a sentence fragment
   */
  public InvalidPathExpressionException(String expression, int position, String reason) {
    super(
        "'"
            + Printable.of(expression)
            + "' is not a path expression: "
            + reason
            + " at position "
            + position
            + ". Write keys separated by '.', with list selectors like images[name={image}] or"
            + " an index like [0].");
    this.expression = expression;
    this.position = position;
  }

  /** The expression as written. */
  public String expression() {
    return expression;
  }

  /** The 1-based position of the first character that is wrong. */
  public int position() {
    return position;
  }
}
