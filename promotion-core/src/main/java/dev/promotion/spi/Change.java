package dev.promotion.spi;

import dev.promotion.pipeline.Names;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import java.util.Objects;
import java.util.Optional;

/**
 * One compare-and-swap edit: set {@code app} in {@code environment} to {@code target}, provided it
 * currently declares {@code expected} (empty: provided it declares nothing yet) or {@code target}.
 *
 * @param digest the image digest {@code target} is pinned to; empty to declare {@code target}
 *     without a pin (a store that holds a pin for the app removes it, so a stale digest never pins
 *     another image). Only a store that {@linkplain EnvironmentStore#pinsDigests() pins digests}
 *     accepts a change with a digest.
 */
public record Change(
    String app,
    String environment,
    Optional<Version> expected,
    Version target,
    Optional<ImageDigest> digest) {
  public Change {
    Names.requireSafe("app", app);
    Names.requireSafe("environment", environment);
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(digest, "digest");
  }

  /** A change that declares {@code target} without a digest pin. */
  public Change(String app, String environment, Optional<Version> expected, Version target) {
    this(app, environment, expected, target, Optional.empty());
  }

  /** The same change, pinning the target to {@code digest}. */
  public Change pinnedTo(ImageDigest digest) {
    return new Change(app, environment, expected, target, Optional.of(digest));
  }

  /** Whether a deployment already declares exactly this change's target and digest. */
  public boolean isInPlace(Optional<Deployment> current) {
    return current.isPresent()
        && current.get().version().equals(target)
        && current.get().digest().equals(digest);
  }

  /** A change from {@code expected} to {@code target}. */
  public static Change of(String app, String environment, Version expected, Version target) {
    return new Change(app, environment, Optional.of(expected), target);
  }

  /** The first declaration of an app in an environment. */
  public static Change create(String app, String environment, Version target) {
    return new Change(app, environment, Optional.empty(), target);
  }

  /** {@code app in environment}, for messages. */
  public String target(String separator) {
    return app + separator + environment;
  }
}
