package dev.promotion.spi;

import dev.promotion.pipeline.Names;
import dev.promotion.version.ChartVersion;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A chart version held by a registry.
 *
 * @param digest {@code sha256:<64 hex>} of the chart package bytes (the {@code .tgz}); two
 *     artifacts with the same digest have identical content
 * @param size the package size in bytes
 * @param annotations what the registry records with it (source commit, release candidate); sorted
 */
public record ChartArtifact(
    String chart, ChartVersion version, String digest, long size, Map<String, String> annotations) {
  /** The shape of a digest. */
  public static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  /** Annotation: the commit the chart was built from. */
  public static final String SOURCE_COMMIT = "org.opencontainers.image.revision";

  /** Annotation: the release candidate a release chart was re-versioned from. */
  public static final String RELEASE_CANDIDATE = "dev.promotion.release-candidate";

  public ChartArtifact {
    Names.requireSafe("chart", chart);
    Objects.requireNonNull(version, "version");
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("A digest is sha256:<64 lowercase hex>: " + digest);
    }
    if (size < 0) {
      throw new IllegalArgumentException("A size is not negative");
    }
    annotations = Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(annotations)));
  }
}
