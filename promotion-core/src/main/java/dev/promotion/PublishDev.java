package dev.promotion;

import dev.promotion.chart.ChartYaml;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.gate.Operation;
import dev.promotion.pipeline.Application;
import dev.promotion.result.Promotion;
import dev.promotion.result.Publication;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.PushResult;
import dev.promotion.spi.Trailer;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import dev.promotion.version.VersionKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes the chart built from a commit as the release candidate {@code {base}-rc.{sha}} and
 * deploys it to the first environment.
 */
final class PublishDev {
  /** Where a build comes from, in the audit trail's {@code Promotion-From}. */
  static final String BUILD = "build";

  private final Context context;

  PublishDev(Context context) {
    this.context = context;
  }

  /**
   * Declares in the first environment the image tag a build pushed (an image app has no chart to
   * package): the same write, audit trail and gates as a chart build's, from {@code build}.
   */
  Result<Promotion> runImage(String appName, Version tag, Optional<ImageDigest> imageDigest) {
    Objects.requireNonNull(tag, "version");
    return context.operate(
        "publish-dev", appName, (app, run) -> publishImage(app, tag, imageDigest, run));
  }

  private Result<Promotion> publishImage(
      Application app, Version tag, Optional<ImageDigest> imageDigest, Run<Promotion> run) {
    if (app.versionKind() != VersionKind.IMAGE) {
      throw new InvalidRequestException(
          app.name()
              + " promotes chart versions: its publish-dev packages the chart of a commit"
              + " (promotion publish-dev --ref REF; Promotions.publishDev(app, ref, chartDir))."
              + " A version is given to publish-dev only for an image app, whose build pushed"
              + " the image.");
    }
    Promote.requireKind(app, tag);
    Deploy.requirePinnable(context, app.name(), imageDigest);
    Deploy deploy = ofBuild(app, tag, imageDigest, Deploy.digestTrailer(imageDigest));
    GateCheck gates = gates(deploy);
    if (gates.blocks()) {
      return run.blocked(deploy, gates.violations());
    }
    gates.record(run);
    deploy
        .withTrailers(gates.trailers())
        .deployIn(context, run, () -> SourceCommits.of(context, app, tag));
    return run.finish(
        new Promotion(app.name(), BUILD, deploy.environment(), tag, deploy.currentVersion()));
  }

  /**
   * The write of a build into the first environment: {@code version} in place of what it declares,
   * from {@value #BUILD}, with the audit trailers and {@code extra}.
   */
  private Deploy ofBuild(
      Application app, Version version, Optional<ImageDigest> digest, List<Trailer> extra) {
    String dev = context.pipeline().first().name();
    Optional<Deployment> current = context.store().current(app.name(), dev);
    return new Deploy(
        app.name(),
        dev,
        current,
        version,
        digest,
        "publish " + app.name() + " " + version + " to " + dev,
        Audit.trailers(
            context.settings(),
            app.name(),
            BUILD,
            dev,
            version,
            current.map(Deployment::version),
            extra));
  }

  /** The gates of a publish (no source environment) on {@code deploy}. */
  private GateCheck gates(Deploy deploy) {
    return GateCheck.evaluate(
        context.gates(),
        deploy.gateContext(context, Operation.PUBLISH, Optional.empty()),
        context.override());
  }

  Result<Publication> run(
      String appName, String ref, Path chartDir, Optional<ImageDigest> imageDigest) {
    return context.operate(
        "publish-dev", appName, (app, run) -> publish(app, ref, chartDir, imageDigest, run));
  }

  private Result<Publication> publish(
      Application app,
      String ref,
      Path chartDir,
      Optional<ImageDigest> imageDigest,
      Run<Publication> run) {
    if (app.versionKind() == VersionKind.IMAGE) {
      throw dev.promotion.error.ReleaseCandidatesRequiredException.imageApp(
          app.name(), "publish-dev");
    }
    Deploy.requirePinnable(context, app.name(), imageDigest);
    String commit = context.scm().resolveCommit(ref);
    ChartYaml committed = ChartFiles.chartYaml(context.scm(), app, commit);
    ChartYaml local = ChartFiles.localChartYaml(chartDir);
    requireSameChart(app, commit, committed, local);
    ChartVersion version = committed.version().rc(commit);
    List<Trailer> extra = new ArrayList<>(Deploy.digestTrailer(imageDigest));
    extra.add(new Trailer(Audit.COMMIT, commit));
    Deploy deploy = ofBuild(app, version, imageDigest, extra);
    GateCheck gates = gates(deploy);
    if (gates.blocks()) {
      return run.blocked(deploy, gates.violations());
    }
    gates.record(run);
    String digest = publishChart(app, chartDir, commit, version, run);
    deploy.withTrailers(gates.trailers()).deployIn(context, run, () -> Optional.of(commit));
    return run.finish(new Publication(app.name(), version, commit, digest, deploy.environment()));
  }

  private String publishChart(
      Application app, Path chartDir, String commit, ChartVersion version, Run<Publication> run) {
    String step = "publish chart";
    Optional<ChartArtifact> existing = context.registry().resolve(app.chartName(), version);
    if (existing.isPresent()) {
      run.record(
          Step.alreadyDone(
              step,
              app.chartName() + " " + version + " is published (" + existing.get().digest() + ")"));
      return existing.get().digest();
    }
    try (Spool spool = new Spool(context.settings().workDirectory())) {
      ChartContent content =
          ChartFiles.packageDirectory(spool, app, chartDir, version, shortSha(commit));
      run.write(
          step,
          "package " + chartDir + " as " + app.chartName() + " " + version + " and push it",
          () -> {
            PushResult pushed =
                context
                    .registry()
                    .push(
                        app.chartName(),
                        version,
                        content,
                        Map.of(ChartArtifact.SOURCE_COMMIT, commit));
            String detail = app.chartName() + " " + version + " (" + content.digest() + ")";
            return pushed instanceof PushResult.Pushed
                ? Step.done(step, "pushed " + detail)
                : Step.alreadyDone(step, detail + " is published");
          });
      return content.digest();
    }
  }

  private static void requireSameChart(
      Application app, String commit, ChartYaml committed, ChartYaml local) {
    if (!committed.version().release().equals(local.version().release())
        || !committed.name().equals(local.name())) {
      throw new InvalidRequestException(
          "The chart directory holds "
              + local.name()
              + " "
              + local.version()
              + " but commit "
              + commit
              + " has "
              + committed.name()
              + " "
              + committed.version()
              + " for app "
              + app.name()
              + ". Check out that commit and publish again.");
    }
  }

  /** The image tag convention: the first 7 characters of the commit id. */
  static String shortSha(String commit) {
    return commit.substring(0, Math.min(7, commit.length()));
  }
}
