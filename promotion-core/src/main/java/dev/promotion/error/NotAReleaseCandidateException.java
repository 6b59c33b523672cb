package dev.promotion.error;

import dev.promotion.version.Version;

/** The release source holds a version that is not a release candidate, so it cannot be released. */
public class NotAReleaseCandidateException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String app;
  private final String environment;
  private final Version version;

  public NotAReleaseCandidateException(String app, String environment, Version version) {
    super(
        environment
            + " runs "
            + app
            + " "
            + version
            + ", which is not a release candidate ({base}-rc.{sha}). Promote a release candidate"
            + " into "
            + environment
            + " before releasing. A version that is no candidate (such as v1.11.0) is not"
            + " released by re-versioning: it reaches prod by promotion, promotion promote --to"
            + " ENV --version "
            + version.text()
            + ".");
    this.app = app;
    this.environment = environment;
    this.version = version;
  }

  public String app() {
    return app;
  }

  public String environment() {
    return environment;
  }

  public Version version() {
    return version;
  }
}
