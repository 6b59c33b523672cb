package dev.promotion.spi;

import java.util.List;
import java.util.Objects;

/** What {@link EnvironmentStore#apply} did. */
public sealed interface ApplyResult {
  /**
   * The store now holds a new revision.
   *
   * @param revision the new revision (a commit id in git)
   * @param changed the changes that were not already in place
   */
  record Applied(String revision, List<Change> changed) implements ApplyResult {
    public Applied {
      Objects.requireNonNull(revision, "revision");
      changed = List.copyOf(changed);
    }
  }

  /** Every change was already in place; nothing was written. */
  record Unchanged() implements ApplyResult {}
}
