package dev.promotion.spi;

import dev.promotion.version.ChartVersion;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Helm charts stored as OCI artifacts (or anything that can hold versioned chart packages).
 *
 * <p>Re-tagging is deliberately not a method: core pulls a release candidate, re-versions it and
 * pushes the result, so every registry gets the same semantics.
 */
public interface ChartRegistry {
  /**
   * Looks a chart version up.
   *
   * <p>Read-only and idempotent.
   *
   * @return the artifact with its digest, or empty when the registry does not hold that version
   * @throws dev.promotion.error.BackendException when the registry cannot be reached
   */
  Optional<ChartArtifact> resolve(String chart, ChartVersion version);

  /**
   * Streams a chart package into {@code sink}, verifying its digest. The package is never held
   * whole in memory by implementations meant for large charts. The sink is not closed.
   *
   * <p>Read-only and idempotent.
   *
   * @return the artifact that was pulled
   * @throws dev.promotion.error.ArtifactNotFoundException when the registry does not hold that
   *     version
   * @throws dev.promotion.error.BackendException when the registry cannot be reached, or the bytes
   *     do not match their digest
   */
  ChartArtifact pull(String chart, ChartVersion version, OutputStream sink);

  /**
   * Stores a chart package under a version, with annotations.
   *
   * <p>Idempotent: when the registry already holds the version with the same digest, nothing is
   * written and the result is {@link PushResult.AlreadyPresent}. A release version (no pre-release)
   * is never overwritten whatever the registry's settings; a pre-release is overwritten only by a
   * registry whose tags are mutable.
   *
   * @return {@link PushResult.Pushed} or {@link PushResult.AlreadyPresent}
   * @throws dev.promotion.error.ImmutableArtifactException when the version exists with different
   *     content and may not be overwritten
   * @throws dev.promotion.error.BackendException when the registry cannot be reached or written
   */
  PushResult push(
      String chart, ChartVersion version, ChartContent content, Map<String, String> annotations);

  /**
   * Lists the versions of a chart, in ascending SemVer order. Tags that are not chart versions are
   * left out.
   *
   * <p>Read-only and idempotent.
   *
   * @return the versions, empty when the chart has none or does not exist
   * @throws dev.promotion.error.BackendException when the registry cannot be reached
   */
  List<ChartVersion> versions(String chart);
}
