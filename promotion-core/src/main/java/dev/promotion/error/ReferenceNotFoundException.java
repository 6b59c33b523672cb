package dev.promotion.error;

/** A ref, tag, branch, short SHA or file that the source control does not have. */
public class ReferenceNotFoundException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String reference;

  public ReferenceNotFoundException(String reference, String what) {
    this(reference, what, "does not exist. Check the name, and that it was pushed.");
  }

  /**
   * For subclasses that say more precisely why the reference cannot be used.
   *
   * @param what what the reference names ({@code Branch}, {@code Short commit id})
   * @param detail the rest of the sentence, and what to do next
   */
  protected ReferenceNotFoundException(String reference, String what, String detail) {
    super(what + " '" + Printable.of(reference) + "' " + detail);
    this.reference = reference;
  }

  /**
   * @param detail where it was looked for and what is there instead, for example {@code "on
   *     git://host/repo.git (it has: master)"}
   */
  public ReferenceNotFoundException(String reference, String what, String detail) {
    super(
        what
            + " '"
            + Printable.of(reference)
            + "' does not exist "
            + detail
            + ". Check the name, and that it was pushed.");
    this.reference = reference;
  }

  public String reference() {
    return reference;
  }
}
