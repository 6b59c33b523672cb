package dev.promotion.argocd.simulator;

import java.util.Optional;

/**
 * The GitOps repository the simulator follows, as Argo CD's repo server sees it: the tip of the
 * tracked branch and the files at a revision. Kept abstract so this module needs no git library;
 * wire it to a real repository (promotion-git's {@code GitRepository.latest()}).
 */
public interface GitOpsSource {
  /** The commit id at the tip of the tracked branch now. */
  String tip();

  /** The file at {@code path} in {@code revision}, as UTF-8 text; empty when there is none. */
  Optional<String> read(String revision, String path);
}
