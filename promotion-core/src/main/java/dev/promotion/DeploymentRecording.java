package dev.promotion;

import dev.promotion.error.PromotionException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.pipeline.Environment;
import dev.promotion.result.Step;
import dev.promotion.spi.DeploymentRecord;
import dev.promotion.spi.DeploymentRequest;
import dev.promotion.spi.DeploymentState;
import dev.promotion.spi.DeploymentStatus;
import dev.promotion.spi.HistoryEntry;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Records on the application repository's host that an environment was deployed (GitHub's
 * Deployments, behind the "Environments" panel), once the GitOps change is written: one step {@code
 * record deployment {env}}.
 *
 * <ul>
 *   <li>The deployment is at the commit the version was built from, with the payload {@code app},
 *       {@code version}, {@code digest} (when pinned), {@code gitops_revision} and {@code actor},
 *       and the key {@code promotion:{app}:{env}:{version}:{gitops revision}}: a re-run after a
 *       crash at any point finds it again (the revision that declared the version is read back from
 *       the store's history when this run wrote nothing), while deploying the same version there
 *       again later is a new revision, so a new deployment.
 *   <li>Then its statuses: {@code in_progress} ("written to" the revision) and {@code success},
 *       saying the version is declared in git, not observed: nothing verifies that it runs. Each is
 *       written only when the deployment does not have it yet.
 *   <li>A host without deployments (plain git) makes the step {@link Step.Status#SKIPPED} with its
 *       reason. A failure of the host makes it a {@link Step.Status#WARNING}: the GitOps change is
 *       written and stands, and the operation reports its result; running it again finishes the
 *       record.
 * </ul>
 */
final class DeploymentRecording {
  /** GitHub keeps at most 140 characters of a deployment status's description. */
  static final int MAX_DESCRIPTION = 140;

  private static final Set<DeploymentState> FINAL =
      EnumSet.of(
          DeploymentState.SUCCESS,
          DeploymentState.FAILURE,
          DeploymentState.ERROR,
          DeploymentState.INACTIVE);

  private final Context context;
  private final Run<?> run;
  private final Deploy deploy;

  DeploymentRecording(Context context, Run<?> run, Deploy deploy) {
    this.context = context;
    this.run = run;
    this.deploy = deploy;
  }

  String stepName() {
    return "record deployment " + deploy.environment();
  }

  private String what() {
    return deploy.app() + " " + deploy.target() + " in " + deploy.environment();
  }

  /**
   * Records the deployment and its statuses, or finds them recorded, and records the step.
   *
   * @param written the revision the deploy step wrote, empty when it wrote nothing
   * @param sourceCommit the commit the version was built from, when known
   */
  void record(Optional<String> written, Supplier<Optional<String>> sourceCommit) {
    if (run.dryRun()) {
      run.record(
          Step.planned(
              stepName(),
              "record the deployment of " + what() + " on the application repository's host"));
      return;
    }
    try {
      run.record(recorded(written, sourceCommit));
    } catch (UnsupportedCapabilityException e) {
      run.record(Step.skipped(stepName(), e.getMessage()));
    } catch (PromotionException e) {
      run.record(
          Step.warning(
              stepName(),
              "the deployment of "
                  + what()
                  + " was not recorded on the application repository's host; the GitOps change"
                  + " stands, run the same command again to record it: "
                  + e.getMessage()));
    }
  }

  private Step recorded(Optional<String> written, Supplier<Optional<String>> sourceCommit) {
    Optional<String> revision = written.or(this::declaringRevision);
    if (revision.isEmpty()) {
      return Step.skipped(
          stepName(),
          "the history of "
              + deploy.environment()
              + " does not show which revision declared "
              + deploy.app()
              + " "
              + deploy.target()
              + ", so there is no deployment to record");
    }
    Optional<String> ref = sourceCommit.get();
    if (ref.isEmpty()) {
      return Step.skipped(
          stepName(),
          "no commit of the application repository is known for "
              + deploy.app()
              + " "
              + deploy.target()
              + ", so there is no deployment to record");
    }
    DeploymentRecord deployment =
        context.scm().recordDeployment(request(ref.get(), revision.get()));
    Optional<DeploymentState> state = deployment.state();
    if (!deployment.created() && state.filter(FINAL::contains).isPresent()) {
      return Step.alreadyDone(
          stepName(),
          "deployment "
              + deployment.id()
              + " of "
              + what()
              + " is recorded: "
              + state.get().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (state.isEmpty()) {
      context.scm().updateDeployment(deployment.id(), inProgress(revision.get()));
    }
    context.scm().updateDeployment(deployment.id(), declared(revision.get()));
    return Step.done(
        stepName(),
        "deployment "
            + deployment.id()
            + " of "
            + what()
            + " at "
            + abbreviated(ref.get())
            + ": success, declared in git, not observed");
  }

  /** The newest revision of the store's history, when it declares the target version. */
  private Optional<String> declaringRevision() {
    return context.store().history(deploy.app(), deploy.environment(), 1).stream()
        .findFirst()
        .filter(entry -> entry.version().equals(deploy.target()))
        .map(HistoryEntry::revision);
  }

  DeploymentRequest request(String ref, String revision) {
    Map<String, String> payload = new LinkedHashMap<>();
    payload.put("app", deploy.app());
    payload.put("version", deploy.target().toString());
    deploy.digest().ifPresent(d -> payload.put("digest", d.toString()));
    payload.put("gitops_revision", revision);
    payload.put("actor", context.settings().actor());
    return new DeploymentRequest(
        key(revision),
        ref,
        deploy.environment(),
        context.pipeline().isRelease(deploy.environment()),
        payload,
        fit(deploy.app() + " " + deploy.target() + " to " + deploy.environment()));
  }

  /** The same for a re-run of this deployment; different for any later one. */
  String key(String revision) {
    return "promotion:"
        + deploy.app()
        + ":"
        + deploy.environment()
        + ":"
        + deploy.target()
        + ":"
        + revision;
  }

  private DeploymentStatus inProgress(String revision) {
    return status(DeploymentState.IN_PROGRESS, "written to " + revision);
  }

  private DeploymentStatus declared(String revision) {
    return status(
        DeploymentState.SUCCESS,
        "declared in git at "
            + abbreviated(revision)
            + ", not observed: no verification is configured");
  }

  private DeploymentStatus status(DeploymentState state, String description) {
    Environment env = context.pipeline().environment(deploy.environment());
    return new DeploymentStatus(state, fit(description), context.settings().runUrl(), env.url());
  }

  private static String abbreviated(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  private static String fit(String description) {
    return description.length() <= MAX_DESCRIPTION
        ? description
        : description.substring(0, MAX_DESCRIPTION - 3) + "...";
  }
}
