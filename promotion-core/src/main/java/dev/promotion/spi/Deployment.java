package dev.promotion.spi;

import dev.promotion.pipeline.Names;
import dev.promotion.version.ChartVersion;
import java.util.List;
import java.util.Objects;

/**
 * The version an app declares in an environment, and where it is declared.
 *
 * @param locations where the version is declared, in the store's own terms (for a GitOps
 *     repository: the files, one per cluster); never empty
 */
public record Deployment(
    String app, String environment, ChartVersion version, List<String> locations) {
  public Deployment {
    Names.requireSafe("app", app);
    Names.requireSafe("environment", environment);
    Objects.requireNonNull(version, "version");
    locations = List.copyOf(locations);
    if (locations.isEmpty()) {
      throw new IllegalArgumentException("A deployment is declared somewhere: locations is empty");
    }
  }
}
