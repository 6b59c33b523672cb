package dev.promotion.notify;

import dev.promotion.gate.GateViolation;
import dev.promotion.result.Step;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one write operation did, as notifiers tell it: the fields of the webhook payload (schema
 * version {@value #SCHEMA_VERSION}, see {@code notification-v1.schema.json}).
 *
 * @param id unique per notification and the same on every retry of its delivery, so receivers can
 *     drop duplicates
 * @param event {@code operation.finished} or {@code operation.failed}
 * @param operation {@code publish-dev}, {@code promote}, {@code release}, {@code rollback}, {@code
 *     hotfix} or {@code bump}
 * @param version the version deployed or made, when known (not when blocked or failed)
 * @param previousVersion the version it replaced, when known
 * @param from the environment the version came from, when there is one
 * @param to the environment deployed, when the operation deploys one
 * @param digest the image digest the version is pinned to, when pinned
 * @param sourceCommit the app repository commit the version was built from, when known
 * @param tag the release tag, for release and hotfix
 * @param branch the branch written, for hotfix and bump
 * @param gitopsRevision the GitOps revision (commit) that declares the version in {@code to}, when
 *     known
 * @param gitopsCommitUrl a web link to that revision, when the GitOps repository has a web page
 * @param runUrl a web link to the CI run that did it, when known
 * @param violations the gates that refused it, for a blocked operation
 * @param error what went wrong, for a failed operation
 * @param steps every step the operation took, in order
 */
public record Notification(
    String id,
    String event,
    String operation,
    String app,
    Outcome outcome,
    Optional<String> version,
    Optional<String> previousVersion,
    Optional<String> from,
    Optional<String> to,
    Optional<String> digest,
    Optional<String> sourceCommit,
    Optional<String> tag,
    Optional<String> branch,
    Optional<String> gitopsRevision,
    Optional<String> gitopsCommitUrl,
    String actor,
    Optional<String> runUrl,
    List<GateViolation> violations,
    Optional<String> error,
    List<Step> steps,
    Instant time) {
  /** The version of the payload schema; raised only for changes receivers must know about. */
  public static final int SCHEMA_VERSION = 1;

  public Notification {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(previousVersion, "previousVersion");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(sourceCommit, "sourceCommit");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(gitopsRevision, "gitopsRevision");
    Objects.requireNonNull(gitopsCommitUrl, "gitopsCommitUrl");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(runUrl, "runUrl");
    violations = List.copyOf(violations);
    Objects.requireNonNull(error, "error");
    steps = List.copyOf(steps);
    Objects.requireNonNull(time, "time");
  }

  /** One line for people: {@code promote api 0.2.0-rc.abc1234 test -> stage: done}. */
  public String summary() {
    StringBuilder line = new StringBuilder(operation).append(' ').append(app);
    version.ifPresent(v -> line.append(' ').append(v));
    if (from.isPresent() && to.isPresent()) {
      line.append(' ').append(from.get()).append(" -> ").append(to.get());
    } else {
      to.ifPresent(t -> line.append(" in ").append(t));
    }
    return line.append(": ").append(outcome.id().replace('_', ' ')).toString();
  }
}
