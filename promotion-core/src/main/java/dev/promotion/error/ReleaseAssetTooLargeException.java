package dev.promotion.error;

/** A release asset is larger than the reader accepts; it was not read past the limit. */
public class ReleaseAssetTooLargeException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String tag;
  private final String name;
  private final long limit;

  public ReleaseAssetTooLargeException(String tag, String name, long limit) {
    super(
        "The asset "
            + Printable.of(name)
            + " of release "
            + Printable.of(tag)
            + " is larger than "
            + limit
            + " bytes. It should hold one line: replace it with a file holding just the value.");
    this.tag = tag;
    this.name = name;
    this.limit = limit;
  }

  public String tag() {
    return tag;
  }

  public String name() {
    return name;
  }

  public long limit() {
    return limit;
  }
}
