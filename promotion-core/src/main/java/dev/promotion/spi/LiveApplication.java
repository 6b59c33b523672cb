package dev.promotion.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A controller's application that runs an app on a cluster: for Argo CD, an {@code Application}
 * resource ({@code metadata.name}, {@code metadata.namespace}).
 *
 * @param cluster the pipeline's cluster it deploys to
 * @param namespace the namespace the Application resource lives in; empty for the controller's own
 *     ({@code argocd}); sent as {@code appNamespace}
 */
public record LiveApplication(String cluster, String name, Optional<String> namespace) {
  public LiveApplication {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    if (name.isBlank()) {
      throw new IllegalArgumentException("An application has a name");
    }
  }

  /** {@code namespace/name}, or the name alone, for messages. */
  public String qualifiedName() {
    return namespace.map(n -> n + "/" + name).orElse(name);
  }
}
