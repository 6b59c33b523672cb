package dev.promotion;

import dev.promotion.error.InvalidRequestException;
import dev.promotion.gate.GateContext;
import dev.promotion.gate.Operation;
import dev.promotion.result.Step;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.Trailer;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One environment change, compare-and-swap from what was read ({@code current}) to the target
 * version, pinned to {@code digest} when the store pins image digests.
 */
record Deploy(
    String app,
    String environment,
    Optional<Deployment> current,
    Version target,
    Optional<ImageDigest> digest,
    String subject,
    List<Trailer> trailers) {

  /** The version declared now, if any. */
  Optional<Version> currentVersion() {
    return current.map(Deployment::version);
  }

  /** The same change, recording more trailers. */
  Deploy withTrailers(List<Trailer> more) {
    return new Deploy(
        app,
        environment,
        current,
        target,
        digest,
        subject,
        Stream.concat(trailers.stream(), more.stream()).toList());
  }

  /**
   * The trailer that records the digest a version was pinned to, for the audit trail; rollback
   * reads the pin from the manifest ({@link dev.promotion.spi.HistoryEntry#digest()}).
   */
  static List<Trailer> digestTrailer(Optional<ImageDigest> digest) {
    return digest.map(d -> List.of(new Trailer(Audit.DIGEST, d.toString()))).orElse(List.of());
  }

  /**
   * Refuses a digest the store cannot pin, before the operation writes anything.
   *
   * @throws InvalidRequestException if {@code digest} is present and the store does not pin digests
   */
  static void requirePinnable(Context context, String app, Optional<ImageDigest> digest) {
    if (digest.isPresent() && !context.store().pinsDigests()) {
      throw new InvalidRequestException(
          "The image digest "
              + digest.get().shortForm()
              + " for "
              + app
              + " cannot be pinned: this GitOps store declares versions only. Leave the digest"
              + " out, or use a layout that pins digests (Kustomize images).");
    }
  }

  /** {@code version}, or {@code version@sha256:0123456789ab} when pinned, for messages. */
  static String pinned(Version version, Optional<ImageDigest> digest) {
    return version + digest.map(d -> "@" + d.shortForm()).orElse("");
  }

  String stepName() {
    return "deploy " + environment;
  }

  /** The write this deploy makes: from the version declared now to the target. */
  Change change() {
    return new Change(app, environment, currentVersion(), target, digest);
  }

  boolean alreadyInPlace() {
    return change().isInPlace(current);
  }

  GateContext gateContext(Context context, Operation operation, Optional<String> source) {
    return new GateContext(
        operation,
        app,
        source,
        environment,
        target,
        currentVersion(),
        context.pipeline(),
        context.store(),
        context.clock().instant(),
        digest,
        new Verify(context).view());
  }

  private Step alreadyRuns() {
    return Step.alreadyDone(
        stepName(), environment + " already runs " + app + " " + pinned(target, digest));
  }

  /**
   * Applies the change (or plans it) and records the step, then records the deployment on the
   * application repository's host ({@link DeploymentRecording}).
   *
   * @param sourceCommit the full commit the target version was built from, when known; asked only
   *     when the deployment is recorded
   */
  void deployIn(Context context, Run<?> run, Supplier<Optional<String>> sourceCommit) {
    Optional<String> written = applyIn(context, run);
    new DeploymentRecording(context, run, this).record(written, sourceCommit);
    if (context.live().waitTimeout().isPresent()) {
      new Verify(context).afterWrite(run, this);
    }
  }

  /**
   * Applies the change (or plans it) and records the step.
   *
   * @return the revision this call wrote, empty when nothing was written
   */
  private Optional<String> applyIn(Context context, Run<?> run) {
    Change change = change();
    if (alreadyInPlace()) {
      run.record(alreadyRuns());
      return Optional.empty();
    }
    String description =
        app
            + " "
            + current.map(d -> pinned(d.version(), d.digest()) + " -> ").orElse("")
            + pinned(target, digest)
            + " in "
            + environment;
    String[] revision = new String[1];
    run.write(
        stepName(),
        description,
        () -> {
          ChangeSet set =
              new ChangeSet(
                  List.of(change),
                  subject,
                  trailers,
                  context.settings().actor(),
                  context.clock().instant());
          ApplyResult result = context.store().apply(set);
          if (result instanceof ApplyResult.Applied applied) {
            revision[0] = applied.revision();
            return Step.done(stepName(), description + " (revision " + applied.revision() + ")");
          }
          return alreadyRuns();
        });
    return Optional.ofNullable(revision[0]);
  }
}
