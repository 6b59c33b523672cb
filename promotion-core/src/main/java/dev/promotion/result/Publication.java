package dev.promotion.result;

import dev.promotion.version.ChartVersion;
import java.util.Objects;

/**
 * A build published to the first environment.
 *
 * @param commit the full id of the commit the chart was built from
 * @param digest the chart package's digest in the registry
 */
public record Publication(
    String app, ChartVersion version, String commit, String digest, String environment) {
  public Publication {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(environment, "environment");
  }
}
