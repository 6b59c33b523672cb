package dev.promotion;

import dev.promotion.error.AmbiguousCommitException;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.Tag;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ReleaseTag;
import dev.promotion.version.Version;
import java.util.Optional;
import java.util.regex.Pattern;

/** The commit of the application repository a chart version was built from. */
final class SourceCommits {
  private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-f]{40}(?:[0-9a-f]{24})?");

  private SourceCommits() {}

  /**
   * The full commit a release candidate was built from, as publish recorded it with the chart
   * ({@link ChartArtifact#SOURCE_COMMIT}). The short id in the version is only a fallback for a
   * chart published without it: a short id that later commits made ambiguous names no commit.
   *
   * @throws AmbiguousCommitException when the chart records no full id and the short one is
   *     ambiguous
   */
  static String ofCandidate(Context context, Application app, ChartVersion candidate) {
    String shortId = candidate.sourceCommit().orElseThrow();
    Optional<String> recorded = recorded(context, app, candidate);
    if (recorded.isPresent()) {
      return context.scm().resolveCommit(recorded.get());
    }
    try {
      return context.scm().resolveCommit(shortId);
    } catch (AmbiguousCommitException e) {
      throw new AmbiguousCommitException(
          shortId,
          e.candidates(),
          "The chart "
              + app.chartName()
              + " "
              + candidate
              + " does not record its full commit id ("
              + ChartArtifact.SOURCE_COMMIT
              + "), and its short id names no single commit: publish a new build with"
              + " publish-dev (which records the full id) and promote it, or push this chart again"
              + " with that annotation set to the full id of the commit to release.");
    }
  }

  /**
   * The full commit any version was built from, when it can be known: the full id recorded with the
   * chart, else for a release candidate its short id resolved, else for a release the commit of its
   * release tag; for an image tag, the commit of the repository's tag of the same name.
   *
   * @return the commit id, or empty when nothing says which commit it is
   * @throws dev.promotion.error.ReferenceNotFoundException when a candidate's short id names no
   *     single commit
   */
  static Optional<String> of(Context context, Application app, Version declared) {
    if (declared.chart().isEmpty()) {
      // An image tag names a commit when the repository has a tag of that name (release v1.2.3);
      // git refuses a tag name ending in '.' or '.lock', which the OCI grammar allows.
      String tag = declared.text();
      return tag.endsWith(".") || tag.endsWith(".lock")
          ? Optional.empty()
          : context.scm().findTag(tag).map(Tag::commit);
    }
    ChartVersion version = declared.chart().get();
    if (version.isReleaseCandidate()) {
      return Optional.of(ofCandidate(context, app, version));
    }
    Optional<String> recorded = recorded(context, app, version);
    if (recorded.isPresent()) {
      return recorded;
    }
    if (version.isRelease()) {
      ReleaseTag tag =
          new ReleaseTag(
              context.settings().tagPrefix(),
              version.hasPrefix() ? ChartVersion.parse(version.text().substring(1)) : version);
      return context.scm().findTag(tag.name()).map(Tag::commit);
    }
    return Optional.empty();
  }

  private static Optional<String> recorded(Context context, Application app, ChartVersion version) {
    Optional<String> shortId = version.sourceCommit();
    return context
        .registry()
        .resolve(app.chartName(), version)
        .map(artifact -> artifact.annotations().get(ChartArtifact.SOURCE_COMMIT))
        .filter(commit -> FULL_COMMIT.matcher(commit).matches())
        .filter(commit -> shortId.map(commit::startsWith).orElse(true));
  }
}
