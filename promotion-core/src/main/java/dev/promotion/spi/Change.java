package dev.promotion.spi;

import dev.promotion.pipeline.Names;
import dev.promotion.version.ChartVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * One compare-and-swap edit: set {@code app} in {@code environment} to {@code target}, provided it
 * currently declares {@code expected} (empty: provided it declares nothing yet).
 */
public record Change(
    String app, String environment, Optional<ChartVersion> expected, ChartVersion target) {
  public Change {
    Names.requireSafe("app", app);
    Names.requireSafe("environment", environment);
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(target, "target");
  }

  /** A change from {@code expected} to {@code target}. */
  public static Change of(
      String app, String environment, ChartVersion expected, ChartVersion target) {
    return new Change(app, environment, Optional.of(expected), target);
  }

  /** The first declaration of an app in an environment. */
  public static Change create(String app, String environment, ChartVersion target) {
    return new Change(app, environment, Optional.empty(), target);
  }

  /** {@code app in environment}, for messages. */
  public String target(String separator) {
    return app + separator + environment;
  }
}
