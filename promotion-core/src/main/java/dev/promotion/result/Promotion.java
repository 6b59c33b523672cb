package dev.promotion.result;

import dev.promotion.version.Version;
import java.util.Objects;
import java.util.Optional;

/** A version copied from one environment to the next. */
public record Promotion(
    String app, String from, String to, Version version, Optional<Version> previous) {
  public Promotion {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(previous, "previous");
  }
}
