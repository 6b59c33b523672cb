package dev.promotion.helm.oci.internal;

import dev.promotion.spi.ChartArtifact;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An OCI content descriptor: what a blob is, its digest and size, and its annotations (sorted, as
 * Go writes maps).
 *
 * <p>Internal: shared by the promotion registry modules, not a supported API; it may change in any
 * release.
 */
public record Descriptor(
    String mediaType, String digest, long size, Map<String, String> annotations) {
  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    if (digest == null || !ChartArtifact.DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("A digest is sha256:<64 lowercase hex>: " + digest);
    }
    if (size < 0) {
      throw new IllegalArgumentException("A size is not negative: " + size);
    }
    annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
  }

  public Descriptor(String mediaType, String digest, long size) {
    this(mediaType, digest, size, Map.of());
  }

  /** The 64 hex digits, which name the blob file. */
  public String hex() {
    return digest.substring("sha256:".length());
  }

  public Descriptor withAnnotations(Map<String, String> annotations) {
    return new Descriptor(mediaType, digest, size, annotations);
  }
}
