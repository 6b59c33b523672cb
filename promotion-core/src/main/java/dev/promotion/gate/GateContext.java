package dev.promotion.gate;

import dev.promotion.pipeline.Pipeline;
import dev.promotion.spi.EnvironmentStore;
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
    Instant now) {
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
  }
}
