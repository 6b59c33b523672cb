package dev.promotion.gate;

import dev.promotion.live.LiveView;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a gate may look at: the write about to happen, the pipeline, read access to the store and
 * the time.
 *
 * @param source the environment the version comes from, empty for a publish or a rollback
 * @param current what the target environment declares now
 * @param digest the image digest the write pins the version to, empty when it pins none
 * @param live what runs, when a live state is configured; gates then rest on what runs, not only on
 *     what git declares
 */
public record GateContext(
    Operation operation,
    String app,
    Optional<String> source,
    String target,
    Version version,
    Optional<Version> current,
    Pipeline pipeline,
    EnvironmentStore store,
    Instant now,
    Optional<ImageDigest> digest,
    Optional<LiveView> live) {
  public GateContext {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(live, "live");
  }

  /** A write that pins no image digest, without live state: gates read what git declares. */
  public GateContext(
      Operation operation,
      String app,
      Optional<String> source,
      String target,
      Version version,
      Optional<Version> current,
      Pipeline pipeline,
      EnvironmentStore store,
      Instant now) {
    this(
        operation,
        app,
        source,
        target,
        version,
        current,
        pipeline,
        store,
        now,
        Optional.empty(),
        Optional.empty());
  }
}
