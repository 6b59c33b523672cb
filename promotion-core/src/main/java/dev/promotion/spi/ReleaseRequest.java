package dev.promotion.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A release to create: tag {@code tag} at {@code commit}, named {@code name}, with notes generated
 * from the commits since {@code previousTag} (all reachable commits when empty).
 */
public record ReleaseRequest(String tag, String commit, String name, Optional<String> previousTag) {
  public ReleaseRequest {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(previousTag, "previousTag");
  }
}
