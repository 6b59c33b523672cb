package dev.promotion.error;

/**
 * A compare-and-swap write found a value other than the one it expected, after any retries the
 * backend makes. Nothing was overwritten; read the current state and decide again.
 */
public class ConcurrentModificationException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String target;
  private final String expected;
  private final String actual;

  /**
   * @param target what was being changed, for example {@code api in stage} or {@code
   *     main:charts/api/Chart.yaml}
   * @param expected the value the writer expected to replace
   * @param actual the value found instead
   */
  public ConcurrentModificationException(String target, String expected, String actual) {
    super(
        target
            + " changed concurrently: expected "
            + expected
            + " but found "
            + actual
            + ". Nothing was written; check the current state and run again.");
    this.target = target;
    this.expected = expected;
    this.actual = actual;
  }

  public String target() {
    return target;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
