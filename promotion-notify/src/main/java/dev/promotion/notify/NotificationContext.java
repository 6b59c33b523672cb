package dev.promotion.notify;

import dev.promotion.pipeline.Pipeline;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.HistoryEntry;
import java.util.Objects;
import java.util.Optional;

/**
 * What notifiers know beyond the events: who acts, the CI run, the pipeline (to name where a
 * release came from) and where to look up the GitOps revision and image digest of what was
 * deployed.
 *
 * @param actor who is acting, as recorded in the audit trail
 * @param runUrl a web link to the CI run, when there is one
 * @param pipeline the pipeline, to name the release source of a release
 * @param revisions looks up the newest revision of an app in an environment
 * @param gitopsCommitUrl the web address a GitOps revision is appended to for a link, like {@code
 *     https://github.com/acme/gitops/commit/}
 */
public record NotificationContext(
    String actor,
    Optional<String> runUrl,
    Optional<Pipeline> pipeline,
    RevisionLookup revisions,
    Optional<String> gitopsCommitUrl) {
  public NotificationContext {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(runUrl, "runUrl");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(revisions, "revisions");
    Objects.requireNonNull(gitopsCommitUrl, "gitopsCommitUrl");
  }

  /** A context knowing only the actor. */
  public static NotificationContext of(String actor) {
    return new NotificationContext(
        actor, Optional.empty(), Optional.empty(), RevisionLookup.NONE, Optional.empty());
  }

  public NotificationContext withRunUrl(String url) {
    return new NotificationContext(actor, Optional.of(url), pipeline, revisions, gitopsCommitUrl);
  }

  public NotificationContext withPipeline(Pipeline value) {
    return new NotificationContext(actor, runUrl, Optional.of(value), revisions, gitopsCommitUrl);
  }

  public NotificationContext withRevisions(RevisionLookup value) {
    return new NotificationContext(actor, runUrl, pipeline, value, gitopsCommitUrl);
  }

  public NotificationContext withGitopsCommitUrl(String prefix) {
    return new NotificationContext(actor, runUrl, pipeline, revisions, Optional.of(prefix));
  }

  /** Looks up the newest revision that changed an app in an environment. */
  @FunctionalInterface
  public interface RevisionLookup {
    /** Knows no revisions. */
    RevisionLookup NONE = (app, environment) -> Optional.empty();

    /**
     * The newest revision of {@code app} in {@code environment}, if any.
     *
     * <p>May throw; a notifier then leaves the revision out.
     */
    Optional<HistoryEntry> newest(String app, String environment);

    /** From the environment store's history. */
    static RevisionLookup of(EnvironmentStore store) {
      Objects.requireNonNull(store, "store");
      return (app, environment) -> store.history(app, environment, 1).stream().findFirst();
    }
  }
}
