package dev.promotion.spi;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Changes applied together, atomically, as one revision of the store (one commit in git), with the
 * audit record that explains them.
 *
 * @param changes at least one, at most one per app and environment
 * @param subject one line saying what happened, for example {@code promote api 0.2.0-rc.abc1234
 *     test -> stage}
 * @param trailers the audit trailers, in order ({@code Promotion-App}, ...); keys may repeat when
 *     the change set touches several apps
 * @param actor who made the change (a user or a CI identity)
 * @param time when, from the caller's clock
 */
public record ChangeSet(
    List<Change> changes, String subject, List<Trailer> trailers, String actor, Instant time) {
  public ChangeSet {
    changes = List.copyOf(changes);
    trailers = List.copyOf(trailers);
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(time, "time");
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("A change set has at least one change");
    }
    if (subject.isBlank() || subject.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("A change set's subject is one non-blank line");
    }
    Set<String> targets = new HashSet<>();
    for (Change change : changes) {
      if (!targets.add(change.target("/"))) {
        throw new IllegalArgumentException(
            "A change set changes " + change.target(" in ") + " twice");
      }
    }
  }
}
