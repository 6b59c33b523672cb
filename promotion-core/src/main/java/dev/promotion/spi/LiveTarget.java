package dev.promotion.spi;

import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LiveState#observe} looks at: an app in an environment, what git declares for it, and
 * the controller applications the declaration names.
 *
 * @param declared what the GitOps repository declares there, when anything
 * @param applications the controller applications the declaration names ({@link
 *     EnvironmentStore#liveApplications}); empty when the store cannot tell, and the implementation
 *     then names them by its own rule (such as {@code {app}-{env}})
 */
public record LiveTarget(
    Application app,
    Environment environment,
    Optional<Deployment> declared,
    List<LiveApplication> applications) {
  public LiveTarget {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(declared, "declared");
    applications = List.copyOf(applications);
  }
}
