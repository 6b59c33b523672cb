package dev.promotion.version;

import java.util.Objects;
import java.util.Optional;

/**
 * The version a declaration holds: a {@link ChartVersion} or an {@link ImageTag}.
 *
 * <p>Only release, hotfix and bump need a chart version with release-candidate semantics ({@link
 * #chart()}); promote, rollback, gates, status and history treat a version as data that is compared
 * for equality and carried byte-for-byte: {@link #text()} is exactly what the declaration says
 * ({@code v1.11.0} stays {@code v1.11.0}).
 */
public sealed interface Version permits ChartVersion, ImageTag {
  /** The version exactly as written in the declaration. */
  String text();

  /** Which kind of version this is. */
  VersionKind kind();

  /** This version as a chart version, empty for an image tag. */
  default Optional<ChartVersion> chart() {
    return this instanceof ChartVersion c ? Optional.of(c) : Optional.empty();
  }

  /**
   * Parses a declared version of the given kind, keeping its text as written.
   *
   * @throws dev.promotion.error.InvalidVersionException if the text is not a version of that kind
   */
  static Version parse(VersionKind kind, String text) {
    Objects.requireNonNull(kind, "kind");
    return switch (kind) {
      case CHART -> ChartVersion.parseDeclared(text);
      case IMAGE -> ImageTag.parse(text);
    };
  }
}
