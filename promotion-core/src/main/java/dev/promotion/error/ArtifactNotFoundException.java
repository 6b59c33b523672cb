package dev.promotion.error;

import dev.promotion.version.ChartVersion;

/** A chart version that the registry does not hold. */
public class ArtifactNotFoundException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String chart;
  private final ChartVersion version;

  public ArtifactNotFoundException(String chart, ChartVersion version) {
    super(
        "Chart "
            + chart
            + " "
            + version
            + " is not in the registry. Publish it (publish-dev) or check the registry"
            + " settings.");
    this.chart = chart;
    this.version = version;
  }

  public String chart() {
    return chart;
  }

  public ChartVersion version() {
    return version;
  }
}
