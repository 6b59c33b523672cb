package dev.promotion.git;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link GitRepository#update}.
 *
 * @param commit the commit now at the tip of the branch, empty when nothing was written
 * @param value the value of the plan that was carried out
 * @param attempts how many times the edit was planned (1 when no push was rejected)
 */
public record Updated<R>(Optional<String> commit, R value, int attempts) {
  public Updated {
    Objects.requireNonNull(commit, "commit");
  }
}
