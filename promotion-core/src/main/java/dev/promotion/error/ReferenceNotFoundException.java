package dev.promotion.error;

/** A ref, tag, branch, short SHA or file that the source control does not have. */
public class ReferenceNotFoundException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String reference;

  public ReferenceNotFoundException(String reference, String what) {
    this(reference, what, "does not exist. Check the name, and that it was pushed.");
  }

  /**
   * A reference that cannot be used, saying more precisely why: where it was looked for, what is
   * there instead.
   *
   * @param what what the reference names ({@code Branch}, {@code Short commit id})
   * @param detail the rest of the sentence, and what to do next, for example {@code "does not exist
   *     on git://host/repo.git (it has: master). Check the name."}
   */
  public ReferenceNotFoundException(String reference, String what, String detail) {
    super(what + " '" + Printable.of(reference) + "' " + detail);
    this.reference = reference;
  }

  public String reference() {
    return reference;
  }
}
