package dev.promotion.error;

/** A ref, tag, branch, short SHA or file that the source control does not have. */
public class ReferenceNotFoundException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String reference;

  public ReferenceNotFoundException(String reference, String what) {
    this(
        reference,
        what
            + " '"
            + Printable.of(reference)
            + "' does not exist. Check the name, and that it was"
            + " pushed.",
        (Throwable) null);
  }

  /**
   * @param detail where it was looked for and what is there instead, for example {@code "on
   *     git://host/repo.git (it has: master)"}
   */
  public ReferenceNotFoundException(String reference, String what, String detail) {
    this(
        reference,
        what
            + " '"
            + Printable.of(reference)
            + "' does not exist "
            + detail
            + ". Check the name, and that it was pushed.",
        (Throwable) null);
  }

  /**
   * For subclasses that say more precisely why the reference cannot be used.
   *
   * @param message the whole sentence, and what to do next
   * @param cause what made it unusable, or {@code null}
   */
  protected ReferenceNotFoundException(String reference, String message, Throwable cause) {
    super(message, cause);
    this.reference = reference;
  }

  public String reference() {
    return reference;
  }
}
