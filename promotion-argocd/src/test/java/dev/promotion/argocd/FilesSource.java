package dev.promotion.argocd;

import dev.promotion.argocd.simulator.GitOpsSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A repository of files whose every {@link #commit} is a new tip, for the protocol tests that do
 * not need git (the contract test follows a real repository over git daemon).
 */
final class FilesSource implements GitOpsSource {
  private final Map<String, Map<String, String>> revisions = new HashMap<>();
  private Map<String, String> files = new HashMap<>();
  private String tip = "0000000000000000000000000000000000000000";
  private int commits;

  synchronized String commit(String path, String content) {
    files = new HashMap<>(files);
    files.put(path, content);
    tip = String.format("%040x", ++commits);
    revisions.put(tip, files);
    return tip;
  }

  @Override
  public synchronized String tip() {
    return tip;
  }

  @Override
  public synchronized Optional<String> read(String revision, String path) {
    return Optional.ofNullable(revisions.getOrDefault(revision, Map.of()).get(path));
  }

  static String application(String name, String version) {
    return """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: %s
          namespace: argocd
        spec:
          project: apps
          source:
            repoURL: oci://registry.example.com/charts
            chart: api
            targetRevision: %s
          destination:
            name: pre
            namespace: api
        """
        .formatted(name, version);
  }
}
