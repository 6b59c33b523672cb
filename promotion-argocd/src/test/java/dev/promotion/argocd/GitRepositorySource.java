package dev.promotion.argocd;

import dev.promotion.argocd.simulator.GitOpsSource;
import dev.promotion.git.GitRepository;
import dev.promotion.git.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The simulator's view of a real GitOps repository, as Argo CD's repo server has it: its own clone
 * (promotion-git's {@link GitRepository}), fetched at each look at the tip.
 */
final class GitRepositorySource implements GitOpsSource {
  private final GitRepository git;
  private Snapshot last;

  GitRepositorySource(GitRepository git) {
    this.git = git;
  }

  @Override
  public synchronized String tip() {
    last = git.latest();
    return last.commit().orElse("");
  }

  @Override
  public synchronized Optional<String> read(String revision, String path) {
    Snapshot snapshot = last;
    if (snapshot == null || !snapshot.commit().orElse("").equals(revision)) {
      snapshot = git.latest();
    }
    return snapshot.read(path, 1 << 20).map(b -> new String(b, StandardCharsets.UTF_8));
  }
}
