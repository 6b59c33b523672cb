package dev.promotion;

import dev.promotion.chart.ChartYaml;
import dev.promotion.pipeline.Application;
import dev.promotion.result.Result;
import dev.promotion.result.VersionBump;
import dev.promotion.version.Bump;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ReleaseTag;

/**
 * Declares the kind of the next release on the main branch: its chart version becomes the smallest
 * version at the requested level that is not below the current one and not yet released. From
 * {@code 0.1.1} (after release {@code 0.1.0}), minor gives {@code 0.2.0} and major {@code 1.0.0};
 * running it again changes nothing, because {@code 0.2.0} already is a minor step. Patch only moves
 * a version that was already released.
 */
final class BumpVersion {
  private final Context context;

  BumpVersion(Context context) {
    this.context = context;
  }

  Result<VersionBump> run(String appName, Bump level) {
    return context.operate("bump", appName, (app, run) -> bump(app, level, run));
  }

  private Result<VersionBump> bump(Application app, Bump level, Run<VersionBump> run) {
    ReleaseCandidates.require(context, app, "bump");
    String main = context.settings().mainBranch();
    ChartYaml chart = ChartFiles.chartYaml(context.scm(), app, main);
    ChartVersion from = chart.version();
    ChartVersion to = target(from, level);
    ChartBranchEdit.setVersion(
        context,
        run,
        "bump " + main,
        app,
        main,
        chart,
        to,
        "bump "
            + app.name()
            + " chart "
            + from
            + " -> "
            + to
            + " ("
            + level.name().toLowerCase(java.util.Locale.ROOT)
            + ")");
    return run.finish(new VersionBump(app.name(), main, level, from, to));
  }

  ChartVersion target(ChartVersion current, Bump level) {
    ChartVersion target = current.release();
    if (!target.isAtLevel(level)) {
      target = target.bump(level);
    }
    while (isReleased(target)) {
      target = target.bump(level);
    }
    return target;
  }

  private boolean isReleased(ChartVersion version) {
    return context
        .scm()
        .findTag(new ReleaseTag(context.settings().tagPrefix(), version).name())
        .isPresent();
  }
}
