package dev.promotion.error;

/** The source environment of a promotion declares no version of the app. */
public class NothingDeployedException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String app;
  private final String environment;

  public NothingDeployedException(String app, String environment) {
    super(
        "Nothing is deployed for '"
            + app
            + "' in "
            + environment
            + ", so there is nothing to promote from it. Deploy or promote into "
            + environment
            + " first.");
    this.app = app;
    this.environment = environment;
  }

  public String app() {
    return app;
  }

  public String environment() {
    return environment;
  }
}
