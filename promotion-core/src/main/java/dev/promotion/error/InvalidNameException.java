package dev.promotion.error;

/** An app, environment, cluster or chart name that is not safe to use in a path. */
public class InvalidNameException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String kind;
  private final String name;

  public InvalidNameException(String kind, String name, String reason) {
    super(
        "The "
            + kind
            + " name '"
            + Printable.of(name)
            + "' is not allowed: "
            + reason
            + ". Use letters, digits, '.', '_' and '-' only.");
    this.kind = kind;
    this.name = name;
  }

  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }
}
