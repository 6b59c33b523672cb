package dev.promotion;

import dev.promotion.error.ReleaseCandidatesRequiredException;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.Deployment;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.VersionKind;
import java.util.Optional;

/**
 * The guard of the operations that need release-candidate chart versions (release, hotfix, bump),
 * checked before anything is read from or written to the app repository.
 */
final class ReleaseCandidates {
  private ReleaseCandidates() {}

  /**
   * Refuses an image app, and a chart app whose first environment declares a chart version that is
   * no release candidate (its builds are not published by {@code publish-dev}).
   *
   * @throws ReleaseCandidatesRequiredException with what to do instead
   */
  static void require(Context context, Application app, String operation) {
    if (app.versionKind() == VersionKind.IMAGE) {
      throw ReleaseCandidatesRequiredException.imageApp(app.name(), operation);
    }
    String first = context.pipeline().first().name();
    Optional<Deployment> built = context.store().current(app.name(), first);
    if (built.isPresent()
        && built.get().version().chart().filter(ChartVersion::isReleaseCandidate).isEmpty()) {
      throw ReleaseCandidatesRequiredException.notCandidates(
          app.name(), operation, first, built.get().version());
    }
  }
}
