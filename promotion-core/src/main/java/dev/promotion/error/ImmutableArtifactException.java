package dev.promotion.error;

import dev.promotion.version.ChartVersion;

/** A chart version that already exists with different content; it is never overwritten. */
public class ImmutableArtifactException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String chart;
  private final ChartVersion version;
  private final String existingDigest;
  private final String newDigest;

  public ImmutableArtifactException(
      String chart, ChartVersion version, String existingDigest, String newDigest) {
    super(
        "Chart "
            + chart
            + " "
            + version
            + " already exists with digest "
            + existingDigest
            + ", which differs from "
            + newDigest
            + ". It is not overwritten; release a new version instead.");
    this.chart = chart;
    this.version = version;
    this.existingDigest = existingDigest;
    this.newDigest = newDigest;
  }

  public String chart() {
    return chart;
  }

  public ChartVersion version() {
    return version;
  }

  public String existingDigest() {
    return existingDigest;
  }

  public String newDigest() {
    return newDigest;
  }
}
