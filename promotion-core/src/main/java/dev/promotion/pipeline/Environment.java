package dev.promotion.pipeline;

import dev.promotion.error.InvalidPipelineException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** A deployment environment and the clusters it spans (at least one). */
public record Environment(String name, List<String> clusters) {
  public Environment {
    Names.requireSafe("environment", name);
    clusters = List.copyOf(Objects.requireNonNull(clusters, "clusters"));
    if (clusters.isEmpty()) {
      throw new InvalidPipelineException(
          "Environment " + name + " has no cluster. Name at least one cluster it deploys to.");
    }
    for (String cluster : clusters) {
      Names.requireSafe("cluster", cluster);
    }
    if (new HashSet<>(clusters).size() != clusters.size()) {
      throw new InvalidPipelineException(
          "Environment " + name + " lists a cluster twice: " + clusters + ".");
    }
  }

  /** An environment on one cluster named like the environment. */
  public static Environment of(String name) {
    return new Environment(name, List.of(name));
  }

  /** An environment on the given clusters. */
  public static Environment of(String name, String... clusters) {
    return new Environment(name, List.of(clusters));
  }
}
