package dev.promotion.pipeline;

import dev.promotion.error.InvalidPipelineException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment environment and the clusters it spans (at least one).
 *
 * @param url where people reach the deployed environment, when known; shown with its deployments on
 *     the source-control host ({@code environment_url}). An absolute http(s) URL without
 *     credentials ({@link Links#require})
 */
public record Environment(String name, List<String> clusters, Optional<String> url) {
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
    Objects.requireNonNull(url, "url");
    url.ifPresent(u -> Links.require("URL of environment " + name, u));
  }

  /** An environment without a URL. */
  public Environment(String name, List<String> clusters) {
    this(name, clusters, Optional.empty());
  }

  /** An environment on one cluster named like the environment. */
  public static Environment of(String name) {
    return new Environment(name, List.of(name));
  }

  /** An environment on the given clusters. */
  public static Environment of(String name, String... clusters) {
    return new Environment(name, List.of(clusters));
  }

  /** The same environment, reached at {@code value}. */
  public Environment withUrl(String value) {
    return new Environment(name, clusters, Optional.of(value));
  }
}
