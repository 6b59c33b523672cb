package dev.promotion.notify;

import dev.promotion.gate.GateViolation;
import dev.promotion.result.Hotfix;
import dev.promotion.result.Promotion;
import dev.promotion.result.Publication;
import dev.promotion.result.ReleaseOutcome;
import dev.promotion.result.Result;
import dev.promotion.result.Rollback;
import dev.promotion.result.Step;
import dev.promotion.result.VersionBump;
import dev.promotion.spi.Change;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.PromotionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns the events of write operations into notifications: one when an operation finishes (done,
 * already done, blocked) or fails. Read-only operations send no events; dry runs (planned results,
 * or a failure after planned steps) are not told.
 */
final class Notices {
  /** The operations that write and are told. */
  static final Set<String> WRITES =
      Set.of("publish-dev", "promote", "release", "rollback", "hotfix", "bump");

  private final NotificationContext context;
  private final Map<String, List<Step>> running = new HashMap<>();

  Notices(NotificationContext context) {
    this.context = context;
  }

  /** The notification an event completes, if it completes one. */
  Optional<Notification> on(PromotionEvent event) {
    if (!WRITES.contains(event.operation()) || event instanceof PromotionEvent.Waiting) {
      // A wait's progress is not an outcome; its verify step arrives as a StepFinished.
      return Optional.empty();
    }
    String key = key(event);
    if (event instanceof PromotionEvent.StepFinished step) {
      synchronized (running) {
        running.computeIfAbsent(key, k -> new ArrayList<>()).add(step.step());
      }
      return Optional.empty();
    }
    List<Step> seen;
    synchronized (running) {
      seen = Optional.ofNullable(running.remove(key)).orElse(List.of());
    }
    if (event instanceof PromotionEvent.OperationFinished finished) {
      return finished(finished);
    }
    PromotionEvent.OperationFailed failed = (PromotionEvent.OperationFailed) event;
    if (seen.stream().anyMatch(s -> s.status() == Step.Status.PLANNED)) {
      return Optional.empty();
    }
    Builder b = new Builder(event, Outcome.FAILED, "operation.failed");
    b.error = Optional.of(String.valueOf(failed.error().getMessage()));
    b.steps = seen;
    return Optional.of(b.build());
  }

  private static String key(PromotionEvent event) {
    return Thread.currentThread().getId() + "/" + event.operation() + "/" + event.app();
  }

  private Optional<Notification> finished(PromotionEvent.OperationFinished event) {
    Result<?> result = event.result();
    Outcome outcome;
    if ((result instanceof Result.Done<?> || result instanceof Result.AlreadyDone<?>)
        && result.checkFailed()) {
      outcome = Outcome.NOT_RUNNING;
    } else if (result instanceof Result.Done<?>) {
      outcome = Outcome.DONE;
    } else if (result instanceof Result.AlreadyDone<?>) {
      outcome = Outcome.ALREADY_DONE;
    } else if (result instanceof Result.Blocked<?>) {
      outcome = Outcome.BLOCKED;
    } else {
      return Optional.empty();
    }
    Builder b = new Builder(event, outcome, "operation.finished");
    b.steps = result.steps();
    if (result instanceof Result.Blocked<?> blocked) {
      b.violations = blocked.violations();
      blocked.refused().ifPresent(change -> describe(event.operation(), change, b));
    }
    result.value().ifPresent(value -> describe(value, b));
    if (!(result instanceof Result.Blocked<?>)) {
      b.to.ifPresent(env -> lookUpRevision(event.app(), env, b));
    }
    return Optional.of(b.build());
  }

  /**
   * What a blocked operation was to write: the environment, the version refused there and the one
   * it still declares; for a promotion or a release, the environment the version came from.
   */
  private void describe(String operation, Change refused, Builder b) {
    b.to = Optional.of(refused.environment());
    b.version = Optional.of(refused.target().toString());
    b.previousVersion = refused.expected().map(Object::toString);
    if (operation.equals("promote") || operation.equals("release")) {
      b.from =
          context
              .pipeline()
              .flatMap(p -> p.predecessorOf(refused.environment()))
              .map(e -> e.name());
    }
  }

  private void describe(Object value, Builder b) {
    if (value instanceof Publication p) {
      b.version = Optional.of(p.version().toString());
      b.to = Optional.of(p.environment());
      b.sourceCommit = Optional.of(p.commit());
    } else if (value instanceof Promotion p) {
      b.version = Optional.of(p.version().toString());
      b.previousVersion = p.previous().map(Object::toString);
      // an image app's publish-dev comes from its build, not from an environment
      b.from = Optional.of(p.from()).filter(f -> !b.event.operation().equals("publish-dev"));
      b.to = Optional.of(p.to());
    } else if (value instanceof ReleaseOutcome r) {
      b.version = Optional.of(r.version().toString());
      b.from = context.pipeline().flatMap(p -> p.predecessorOf(r.environment())).map(e -> e.name());
      b.to = Optional.of(r.environment());
      b.tag = Optional.of(r.tag());
      b.sourceCommit = Optional.of(r.commit());
    } else if (value instanceof Rollback r) {
      b.version = Optional.of(r.to().toString());
      b.previousVersion = Optional.of(r.from().toString());
      b.to = Optional.of(r.environment());
    } else if (value instanceof Hotfix h) {
      b.version = Optional.of(h.version().toString());
      b.tag = Optional.of(h.tag());
      b.branch = Optional.of(h.branch());
      b.sourceCommit = Optional.of(h.commit());
    } else if (value instanceof VersionBump v) {
      b.version = Optional.of(v.to().toString());
      b.previousVersion = Optional.of(v.from().toString());
      b.branch = Optional.of(v.branch());
    }
  }

  /**
   * The revision that declares the version now, and its digest pin. Left out when the newest
   * revision declares another version (a pull request not merged yet, or a newer change).
   */
  private void lookUpRevision(String app, String environment, Builder b) {
    Optional<HistoryEntry> newest;
    try {
      newest = context.revisions().newest(app, environment);
    } catch (RuntimeException e) {
      return;
    }
    newest
        .filter(entry -> b.version.equals(Optional.of(entry.version().toString())))
        .ifPresent(
            entry -> {
              b.gitopsRevision = Optional.of(entry.revision());
              b.gitopsCommitUrl = context.gitopsCommitUrl().map(url -> url + entry.revision());
              b.digest = entry.digest().map(Object::toString);
            });
  }

  private final class Builder {
    final PromotionEvent event;
    final Outcome outcome;
    final String kind;
    Optional<String> version = Optional.empty();
    Optional<String> previousVersion = Optional.empty();
    Optional<String> from = Optional.empty();
    Optional<String> to = Optional.empty();
    Optional<String> digest = Optional.empty();
    Optional<String> sourceCommit = Optional.empty();
    Optional<String> tag = Optional.empty();
    Optional<String> branch = Optional.empty();
    Optional<String> gitopsRevision = Optional.empty();
    Optional<String> gitopsCommitUrl = Optional.empty();
    List<GateViolation> violations = List.of();
    Optional<String> error = Optional.empty();
    List<Step> steps = List.of();

    Builder(PromotionEvent event, Outcome outcome, String kind) {
      this.event = event;
      this.outcome = outcome;
      this.kind = kind;
    }

    Notification build() {
      return new Notification(
          UUID.randomUUID().toString(),
          kind,
          event.operation(),
          event.app(),
          outcome,
          version,
          previousVersion,
          from,
          to,
          digest,
          sourceCommit,
          tag,
          branch,
          gitopsRevision,
          gitopsCommitUrl,
          context.actor(),
          context.runUrl(),
          violations,
          error,
          steps,
          event.time());
    }
  }
}
