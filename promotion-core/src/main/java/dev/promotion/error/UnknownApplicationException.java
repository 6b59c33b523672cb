package dev.promotion.error;

import java.util.List;

/** An application name that is not configured. */
public class UnknownApplicationException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String app;

  public UnknownApplicationException(String app, List<String> known) {
    super(
        "There is no application '"
            + Printable.of(app)
            + "'. Known applications: "
            + String.join(", ", known)
            + ".");
    this.app = app;
  }

  public String app() {
    return app;
  }
}
