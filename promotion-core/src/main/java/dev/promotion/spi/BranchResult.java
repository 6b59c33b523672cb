package dev.promotion.spi;

import java.util.Objects;

/** What {@link SourceControl#createBranch} did. */
public sealed interface BranchResult {
  String name();

  /** The branch head after the call. */
  String commit();

  /** The branch was created at the requested commit. */
  record Created(String name, String commit) implements BranchResult {
    public Created {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(commit, "commit");
    }
  }

  /** The branch already existed; its head is {@code commit}, which was left alone. */
  record AlreadyExists(String name, String commit) implements BranchResult {
    public AlreadyExists {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(commit, "commit");
    }
  }
}
