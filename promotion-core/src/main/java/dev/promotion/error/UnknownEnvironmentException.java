package dev.promotion.error;

import java.util.List;

/** An environment name that the pipeline does not define. */
public class UnknownEnvironmentException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String environment;

  public UnknownEnvironmentException(String environment, List<String> known) {
    super(
        "There is no environment '"
            + Printable.of(environment)
            + "' in the pipeline. Known environments: "
            + String.join(", ", known)
            + ".");
    this.environment = environment;
  }

  public String environment() {
    return environment;
  }
}
