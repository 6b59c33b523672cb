package dev.promotion.result;

import dev.promotion.version.Version;
import java.util.Objects;

/** An environment set back from one version to an earlier one. */
public record Rollback(String app, String environment, Version from, Version to) {
  public Rollback {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
