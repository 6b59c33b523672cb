package dev.promotion.helm.oci.internal;

/**
 * The media types of Helm charts stored as OCI artifacts, as Helm's {@code pkg/registry} names
 * them.
 *
 * <p>Internal: shared by the promotion registry modules, not a supported API; it may change in any
 * release.
 */
public final class MediaTypes {
  public static final String IMAGE_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
  public static final String HELM_CHART = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

  /**
   * The layer type of charts pushed by Helm before 3.0 was final (and by early tools); read only.
   */
  public static final String LEGACY_CHART = "application/tar+gzip";

  /** How a tag is written in an image layout's {@code index.json}. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  private MediaTypes() {}

  public static boolean isChartLayer(String mediaType) {
    return HELM_CHART.equals(mediaType) || LEGACY_CHART.equals(mediaType);
  }
}
