package dev.promotion.registry.oci;

/**
 * The media types of Helm charts stored as OCI artifacts, as Helm's {@code pkg/registry} names
 * them.
 */
final class MediaTypes {
  static final String IMAGE_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
  static final String HELM_CHART = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

  /**
   * The layer type of charts pushed by Helm before 3.0 was final (and by early tools); read only.
   */
  static final String LEGACY_CHART = "application/tar+gzip";

  /** How a tag is written in an image layout's {@code index.json}. */
  static final String REF_NAME = "org.opencontainers.image.ref.name";

  private MediaTypes() {}

  static boolean isChartLayer(String mediaType) {
    return HELM_CHART.equals(mediaType) || LEGACY_CHART.equals(mediaType);
  }
}
