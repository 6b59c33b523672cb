package dev.promotion.registry.ecr;

import dev.promotion.error.BackendException;
import java.util.Optional;

/**
 * The ECR repository of a chart does not exist. This module does not create repositories: they are
 * infrastructure (one per chart, with its tag mutability, scanning and lifecycle settings). Not
 * retryable: the same call fails until the repository is created or the settings point elsewhere.
 */
public final class EcrRepositoryNotFoundException extends BackendException {
  private static final long serialVersionUID = 1L;
  private final String repository;
  private final String registryId;
  private final String region;

  EcrRepositoryNotFoundException(
      String repository, Optional<String> registryId, Optional<String> region, Throwable cause) {
    super(EcrChartRegistry.BACKEND, false, message(repository, registryId, region), cause);
    this.repository = repository;
    this.registryId = registryId.orElse(null);
    this.region = region.orElse(null);
  }

  private static String message(
      String repository, Optional<String> registryId, Optional<String> region) {
    return "the repository "
        + repository
        + " does not exist in registry "
        + registryId.orElse("(the default registry of the credentials' account)")
        + region.map(r -> " in " + r).orElse("")
        + ". Create it with your infrastructure code or with: aws ecr create-repository"
        + " --repository-name "
        + repository
        + registryId.map(id -> " --registry-id " + id).orElse("")
        + region.map(r -> " --region " + r).orElse("")
        + " --image-tag-mutability IMMUTABLE. If it exists, check the repositoryPrefix, registryId"
        + " and region of the registry settings.";
  }

  /** The repository name, for example {@code charts/api}. */
  public String repository() {
    return repository;
  }

  /** The 12-digit registry (account) id, when it is known. */
  public Optional<String> registryId() {
    return Optional.ofNullable(registryId);
  }

  /** The AWS region, when it is known. */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }
}
