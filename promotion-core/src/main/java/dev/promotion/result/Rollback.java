package dev.promotion.result;

import dev.promotion.version.ChartVersion;
import java.util.Objects;

/** An environment set back from one version to an earlier one. */
public record Rollback(String app, String environment, ChartVersion from, ChartVersion to) {
  public Rollback {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
