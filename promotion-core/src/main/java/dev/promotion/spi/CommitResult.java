package dev.promotion.spi;

import java.util.Objects;

/** What {@link SourceControl#commitFile} did. */
public sealed interface CommitResult {
  /** The branch head after the call. */
  String commit();

  /** A new commit was made. */
  record Committed(String commit) implements CommitResult {
    public Committed {
      Objects.requireNonNull(commit, "commit");
    }
  }

  /** The file already had the new content; nothing was written. */
  record Unchanged(String commit) implements CommitResult {
    public Unchanged {
      Objects.requireNonNull(commit, "commit");
    }
  }
}
