package dev.promotion.helm.oci;

import dev.promotion.chart.ChartLimits;
import dev.promotion.chart.ChartMetadata;
import dev.promotion.chart.ChartPackages;
import dev.promotion.chart.ChartYaml;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.helm.oci.internal.Descriptor;
import dev.promotion.helm.oci.internal.Manifest;
import dev.promotion.helm.oci.internal.MediaTypes;
import dev.promotion.helm.oci.internal.OciJson;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A Helm chart package as an OCI image, exactly as {@code helm push} shapes it: a manifest ({@value
 * #MANIFEST_MEDIA_TYPE}) whose config is the chart metadata ({@value #CONFIG_MEDIA_TYPE}) and whose
 * single layer is the package ({@value #CHART_MEDIA_TYPE}). Shared by the registry adapters that
 * speak OCI (the image layout here, ECR), so that every one of them stores the same bytes.
 *
 * <p>Instances are immutable; the manifest depends only on the package and the annotations.
 */
public final class HelmChartImage {
  /** The OCI image manifest media type. */
  public static final String MANIFEST_MEDIA_TYPE = MediaTypes.IMAGE_MANIFEST;

  /** Helm's config media type. */
  public static final String CONFIG_MEDIA_TYPE = MediaTypes.HELM_CONFIG;

  /** Helm's chart layer media type. */
  public static final String CHART_MEDIA_TYPE = MediaTypes.HELM_CHART;

  /** The layer media type of charts pushed by early Helm 3 versions; read, never written. */
  public static final String LEGACY_CHART_MEDIA_TYPE = MediaTypes.LEGACY_CHART;

  private static final long MIB = 1024 * 1024;
  private static final ChartLimits DEFAULT_LIMITS =
      new ChartLimits(10_000, 256 * MIB, 1024 * MIB, 100, (int) MIB);

  private final ChartArtifact artifact;
  private final byte[] config;
  private final byte[] manifest;

  private HelmChartImage(ChartArtifact artifact, byte[] config, byte[] manifest) {
    this.artifact = artifact;
    this.config = config;
    this.manifest = manifest;
  }

  /**
   * The limits packages are validated under by default: 10 000 entries, 256 MiB per file, 1 GiB in
   * total, a compression ratio of 100 and a 1 MiB {@code Chart.yaml} (a registry stores packages
   * larger than Helm's rendering defaults).
   */
  public static ChartLimits defaultLimits() {
    return DEFAULT_LIMITS;
  }

  /**
   * Validates a chart package held in a file and builds its image.
   *
   * @param packageFile the package, whose SHA-256 digest and size the caller has verified
   * @param annotations extra manifest annotations (source commit, release candidate)
   * @throws dev.promotion.error.InvalidChartException when the package is not a valid chart
   * @throws InvalidManifestException when its {@code Chart.yaml} is invalid
   * @throws InvalidRequestException when the package holds another chart or version
   * @throws IOException when the file cannot be read
   */
  public static HelmChartImage of(
      Path packageFile,
      String chart,
      ChartVersion version,
      String digest,
      long size,
      Map<String, String> annotations,
      ChartLimits limits)
      throws IOException {
    ChartYaml chartYaml;
    try (InputStream in = Files.newInputStream(packageFile)) {
      chartYaml = ChartPackages.readChartYaml(in, limits);
    }
    ChartMetadata metadata = chartYaml.metadata();
    if (!metadata.name().equals(chart) || !metadata.version().equals(version)) {
      throw new InvalidRequestException(
          "The package holds chart "
              + metadata.name()
              + " "
              + metadata.version()
              + ", not "
              + chart
              + " "
              + version
              + ". Push a chart under its own name and version (re-version it first).");
    }
    HelmConfig config = HelmConfig.of(chartYaml.text());
    Map<String, String> manifestAnnotations = new TreeMap<>(config.annotations());
    manifestAnnotations.putAll(annotations);
    manifestAnnotations.put(HelmConfig.TITLE, chart);
    manifestAnnotations.put(HelmConfig.VERSION, version.toString());
    Descriptor configDescriptor =
        new Descriptor(MediaTypes.HELM_CONFIG, digestOf(config.json()), config.json().length);
    Descriptor layerDescriptor = new Descriptor(MediaTypes.HELM_CHART, digest, size);
    byte[] manifest =
        OciJson.writeManifest(
            new Manifest(configDescriptor, List.of(layerDescriptor), manifestAnnotations));
    return new HelmChartImage(
        new ChartArtifact(chart, version, digest, size, manifestAnnotations),
        config.json(),
        manifest);
  }

  /**
   * Reads a manifest that holds a Helm chart: the artifact's digest and size are those of the chart
   * layer, its annotations those of the manifest.
   *
   * @param name how to name the manifest in messages
   * @throws InvalidManifestException when it is not an OCI image manifest with exactly one chart
   *     layer, or is malformed
   */
  public static ChartArtifact artifactOf(
      String name, byte[] manifest, String chart, ChartVersion version) {
    Objects.requireNonNull(version, "version");
    Manifest parsed = OciJson.readManifest(name, manifest);
    List<Descriptor> layers =
        parsed.layers().stream().filter(l -> MediaTypes.isChartLayer(l.mediaType())).toList();
    if (layers.size() != 1) {
      throw new InvalidManifestException(
          name,
          0,
          0,
          "holds "
              + layers.size()
              + " Helm chart layers ("
              + MediaTypes.HELM_CHART
              + " or "
              + MediaTypes.LEGACY_CHART
              + "), not exactly one");
    }
    Descriptor layer = layers.get(0);
    return new ChartArtifact(chart, version, layer.digest(), layer.size(), parsed.annotations());
  }

  /** The digests of the blobs a manifest refers to: its config, then its layers. */
  public static List<String> blobDigests(String name, byte[] manifest) {
    Manifest parsed = OciJson.readManifest(name, manifest);
    return Stream.concat(Stream.of(parsed.config()), parsed.layers().stream())
        .map(Descriptor::digest)
        .toList();
  }

  /** {@code sha256:<hex>} of some bytes. */
  public static String digestOf(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(ChartContent.sha256().digest(bytes));
  }

  /** The chart version this image holds; its digest and size are the package's. */
  public ChartArtifact artifact() {
    return artifact;
  }

  /** The config blob: the chart metadata as JSON. */
  public byte[] config() {
    return config.clone();
  }

  /** {@code sha256:<hex>} of {@link #config()}. */
  public String configDigest() {
    return digestOf(config);
  }

  /** The manifest. */
  public byte[] manifest() {
    return manifest.clone();
  }

  /** {@code sha256:<hex>} of {@link #manifest()}. */
  public String manifestDigest() {
    return digestOf(manifest);
  }

  @Override
  public String toString() {
    return "HelmChartImage["
        + artifact.chart()
        + " "
        + artifact.version()
        + ", manifest "
        + manifestDigest()
        + "]";
  }
}
