package dev.promotion.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A status of a recorded deployment.
 *
 * @param description one line for people, for example {@code declared in git, not observed}
 * @param logUrl where the run that deployed it can be seen (a CI run), when known
 * @param environmentUrl where the deployed environment can be reached, when known
 */
public record DeploymentStatus(
    DeploymentState state,
    String description,
    Optional<String> logUrl,
    Optional<String> environmentUrl) {
  public DeploymentStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(logUrl, "logUrl");
    Objects.requireNonNull(environmentUrl, "environmentUrl");
  }

  /** A status without links. */
  public DeploymentStatus(DeploymentState state, String description) {
    this(state, description, Optional.empty(), Optional.empty());
  }
}
