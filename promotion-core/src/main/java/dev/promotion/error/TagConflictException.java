package dev.promotion.error;

/** A tag or release that already exists at a different commit than requested. */
public class TagConflictException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String tag;
  private final String existingCommit;
  private final String requestedCommit;

  public TagConflictException(String tag, String existingCommit, String requestedCommit) {
    super(
        "Tag "
            + tag
            + " already exists at commit "
            + existingCommit
            + ", not at "
            + requestedCommit
            + ". A release tag is never moved; release a new version instead.");
    this.tag = tag;
    this.existingCommit = existingCommit;
    this.requestedCommit = requestedCommit;
  }

  public String tag() {
    return tag;
  }

  public String existingCommit() {
    return existingCommit;
  }

  public String requestedCommit() {
    return requestedCommit;
  }
}
