package dev.promotion.error;

import dev.promotion.version.Version;
import dev.promotion.version.VersionKind;
import java.util.Optional;

/**
 * An operation that re-versions release-candidate charts ({@code release}, {@code hotfix}, {@code
 * bump}) was asked of an app that promotes something else: image tags, or chart versions that are
 * no release candidate (such as {@code v1.11.0}). Those reach prod by promotion of a chosen
 * version. Nothing was written.
 */
public class ReleaseCandidatesRequiredException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;
  private final String app;
  private final String operation;
  private final VersionKind kind;
  private final transient Optional<Version> declared;

  private ReleaseCandidatesRequiredException(
      String app, String operation, VersionKind kind, Optional<Version> declared, String message) {
    super(message);
    this.app = app;
    this.operation = operation;
    this.kind = kind;
    this.declared = declared;
  }

  /** {@code operation} asked of an app that promotes image tags. */
  public static ReleaseCandidatesRequiredException imageApp(String app, String operation) {
    return new ReleaseCandidatesRequiredException(
        app,
        operation,
        VersionKind.IMAGE,
        Optional.empty(),
        app
            + " promotes image tags, and "
            + operation
            + " works on release-candidate chart versions ({base}-rc.{sha}), which an image tag"
            + " is not. "
            + (operation.equals("publish-dev")
                ? "Declare the tag the build pushed: promotion publish-dev --version TAG"
                    + " (Promotions.publishDev(app, version, digest) in the API)."
                : "Promote a release tag instead: promotion promote --to ENV --version TAG"
                    + " (Promotions.promote(app, env, version) in the API)."));
  }

  /** {@code operation} asked of a chart app whose builds are not release candidates. */
  public static ReleaseCandidatesRequiredException notCandidates(
      String app, String operation, String environment, Version declared) {
    return new ReleaseCandidatesRequiredException(
        app,
        operation,
        VersionKind.CHART,
        Optional.of(declared),
        environment
            + " declares "
            + app
            + " "
            + declared.text()
            + ", a chart version that is no release candidate ({base}-rc.{sha}), and "
            + operation
            + " works on release candidates only. A version like it is promoted and rolled back,"
            + " not released by re-versioning: promotion promote --to ENV --version "
            + declared.text()
            + ".");
  }

  public String app() {
    return app;
  }

  /** {@code release}, {@code hotfix} or {@code bump}. */
  public String operation() {
    return operation;
  }

  /** The kind of version the app promotes. */
  public VersionKind kind() {
    return kind;
  }

  /** The chart version that is no release candidate, for a chart app. */
  public Optional<Version> declared() {
    return declared;
  }
}
