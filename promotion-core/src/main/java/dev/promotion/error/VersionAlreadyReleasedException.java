package dev.promotion.error;

import dev.promotion.version.ChartVersion;

/** A hotfix or release whose version already has a release tag. */
public class VersionAlreadyReleasedException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final ChartVersion version;
  private final String tag;

  public VersionAlreadyReleasedException(ChartVersion version, String tag, String advice) {
    super("Version " + version + " is already released as " + tag + ". " + advice);
    this.version = version;
    this.tag = tag;
  }

  public ChartVersion version() {
    return version;
  }

  public String tag() {
    return tag;
  }
}
