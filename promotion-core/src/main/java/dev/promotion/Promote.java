package dev.promotion;

import dev.promotion.error.InvalidDigestException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.error.InvalidVersionException;
import dev.promotion.error.NothingDeployedException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.gate.Operation;
import dev.promotion.gate.Rollbacks;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.result.Promotion;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Promotes into an environment the version deployed in its predecessor, or a chosen version that
 * ran there (now or before), with the digest it was pinned to.
 */
final class Promote {
  /** The release asset a build uploads with its image digest (seed 002). */
  static final String DIGEST_ASSET = "digest.txt";

  /** The most bytes {@value #DIGEST_ASSET} may hold: a sha512 digest and some whitespace. */
  static final long DIGEST_ASSET_LIMIT = 1024;

  private final Context context;

  Promote(Context context) {
    this.context = context;
  }

  Result<Promotion> run(String appName, String target) {
    return context.operate(
        "promote",
        appName,
        (app, run) -> promote(app, context.pipeline().environment(target), Optional.empty(), run));
  }

  Result<Promotion> run(String appName, String target, Version chosen) {
    Objects.requireNonNull(chosen, "version");
    return context.operate(
        "promote",
        appName,
        (app, run) ->
            promote(app, context.pipeline().environment(target), Optional.of(chosen), run));
  }

  private Result<Promotion> promote(
      Application app, Environment to, Optional<Version> chosen, Run<Promotion> run) {
    chosen.ifPresent(v -> requireKind(app, v));
    Environment from = sourceOf(to);
    Deployment source =
        context
            .store()
            .current(app.name(), from.name())
            .orElseThrow(() -> new NothingDeployedException(app.name(), from.name()));
    Version version = chosen.orElse(source.version());
    requireNoCandidateIntoRelease(app, to, from, version);
    Optional<ImageDigest> digest = digestOf(app, from, source, version, chosen.isPresent(), run);
    Optional<Deployment> current = context.store().current(app.name(), to.name());
    Optional<Version> currentVersion = current.map(Deployment::version);
    Deploy deploy =
        new Deploy(
            app.name(),
            to.name(),
            current,
            version,
            digest,
            "promote " + app.name() + " " + version + " " + from.name() + " -> " + to.name(),
            Audit.trailers(
                context.settings(),
                app.name(),
                from.name(),
                to.name(),
                version,
                currentVersion,
                Deploy.digestTrailer(digest)));
    GateCheck gates =
        GateCheck.evaluate(
            context.gates(),
            deploy.gateContext(context, Operation.PROMOTE, Optional.of(from.name())),
            context.override());
    if (gates.blocks()) {
      return run.blocked(deploy, gates.violations());
    }
    gates.record(run);
    deploy
        .withTrailers(gates.trailers())
        .deployIn(context, run, () -> SourceCommits.of(context, app, version));
    return run.finish(new Promotion(app.name(), from.name(), to.name(), version, currentVersion));
  }

  static void requireKind(Application app, Version version) {
    if (version.kind() != app.versionKind()) {
      throw new InvalidVersionException(
          version.text(),
          app.name()
              + " promotes "
              + app.versionKind().label()
              + " versions ("
              + app.versionKind().description()
              + "), and this is "
              + version.kind().description());
    }
  }

  /**
   * The digest the version comes with: the pin it has where it runs in the source now, else the pin
   * of its newest declaration in the source's history. A chosen version that ran there without a
   * pin takes the digest of its release's {@value #DIGEST_ASSET} when the host keeps release
   * assets; a zero-input promotion copies the source as it is. Empty when the store pins no
   * digests.
   */
  private Optional<ImageDigest> digestOf(
      Application app,
      Environment from,
      Deployment source,
      Version version,
      boolean chosen,
      Run<?> run) {
    if (!context.store().pinsDigests()) {
      return source.version().equals(version) ? source.digest() : Optional.empty();
    }
    Optional<ImageDigest> pinned;
    if (source.version().equals(version)) {
      pinned = source.digest();
    } else {
      Optional<HistoryEntry> ran =
          context.store().history(app.name(), from.name(), Rollbacks.HISTORY_DEPTH).stream()
              .filter(h -> h.version().equals(version))
              .findFirst();
      if (ran.isEmpty()) {
        // Never ran in the source: the no-skipping gate reports it, with every other violation.
        return Optional.empty();
      }
      pinned = ran.get().digest();
    }
    return pinned.isPresent() || !chosen ? pinned : releaseAssetDigest(version, run);
  }

  private Optional<ImageDigest> releaseAssetDigest(Version version, Run<?> run) {
    String tag = releaseTagOf(version);
    String step = "read " + DIGEST_ASSET;
    Optional<byte[]> asset;
    try {
      asset = context.scm().releaseAsset(tag, DIGEST_ASSET, DIGEST_ASSET_LIMIT);
    } catch (UnsupportedCapabilityException e) {
      run.record(Step.skipped(step, e.getMessage() + " The version is declared without a pin."));
      return Optional.empty();
    }
    if (asset.isEmpty()) {
      run.record(
          Step.skipped(
              step,
              "release "
                  + tag
                  + " has no "
                  + DIGEST_ASSET
                  + " asset; the version is declared without a pin"));
      return Optional.empty();
    }
    ImageDigest digest = parseDigest(tag, asset.get());
    run.record(
        Step.alreadyDone(step, "release " + tag + " pins " + digest.shortForm() + " (read only)"));
    return Optional.of(digest);
  }

  private static ImageDigest parseDigest(String tag, byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().strip();
    } catch (CharacterCodingException e) {
      throw new InvalidDigestException(
          "<" + bytes.length + " bytes>",
          "the " + DIGEST_ASSET + " of release " + tag + " is not UTF-8 text");
    }
    return ImageDigest.parse(text);
  }

  /**
   * The release tag a version is published under: an image tag is its own name ({@code v1.2.3}); a
   * chart version is prefixed like the release tags ({@code 1.2.3} and {@code v1.2.3} are both
   * released as {@code v1.2.3}).
   */
  private String releaseTagOf(Version version) {
    if (version.chart().isEmpty()) {
      return version.text();
    }
    ChartVersion chart = version.chart().get();
    return context.settings().tagPrefix() + chart.text().substring(chart.hasPrefix() ? 1 : 0);
  }

  private void requireNoCandidateIntoRelease(
      Application app, Environment to, Environment from, Version version) {
    if (context.pipeline().isRelease(to.name())
        && version.chart().filter(ChartVersion::isReleaseCandidate).isPresent()) {
      throw new InvalidRequestException(
          to.name()
              + " is the release environment: it receives the release of a candidate such as "
              + app.name()
              + " "
              + version
              + " (in "
              + from.name()
              + "), not the candidate itself. Run release instead.");
    }
  }

  private Environment sourceOf(Environment to) {
    return context
        .pipeline()
        .predecessorOf(to.name())
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    to.name()
                        + " is the first environment: it receives builds from publish-dev, not"
                        + " promotions. Promote into "
                        + context
                            .pipeline()
                            .successorOf(to.name())
                            .map(Environment::name)
                            .orElseThrow()
                        + " instead."));
  }
}
