package dev.promotion.spi;

import dev.promotion.pipeline.Names;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The version an app declares in an environment, and where it is declared.
 *
 * @param digest the image digest the version is pinned to, when the store pins one
 * @param locations where the version is declared, in the store's own terms (for a GitOps
 *     repository: the files, one per cluster); never empty
 */
public record Deployment(
    String app,
    String environment,
    Version version,
    Optional<ImageDigest> digest,
    List<String> locations) {
  public Deployment {
    Names.requireSafe("app", app);
    Names.requireSafe("environment", environment);
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(digest, "digest");
    locations = List.copyOf(locations);
    if (locations.isEmpty()) {
      throw new IllegalArgumentException("A deployment is declared somewhere: locations is empty");
    }
  }

  /** A deployment without a digest pin. */
  public Deployment(String app, String environment, Version version, List<String> locations) {
    this(app, environment, version, Optional.empty(), locations);
  }
}
