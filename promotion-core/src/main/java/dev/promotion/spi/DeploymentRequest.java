package dev.promotion.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request to record, on the application repository's host, that an environment is being deployed
 * (GitHub's Deployments API behind the "Environments" panel).
 *
 * @param key identifies this deployment across re-runs, so that a re-run finds the deployment it
 *     made instead of recording a second one; kept in the payload
 * @param ref the full id of the commit the deployed version was built from
 * @param environment the environment's name
 * @param production whether it is the release environment (prod)
 * @param payload what was deployed, in insertion order: {@code app}, {@code version}, {@code
 *     digest} when pinned, {@code gitops_revision}, {@code actor}
 * @param description one line for people
 */
public record DeploymentRequest(
    String key,
    String ref,
    String environment,
    boolean production,
    Map<String, String> payload,
    String description) {
  public DeploymentRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(environment, "environment");
    payload = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(payload)));
    payload.values().forEach(v -> Objects.requireNonNull(v, "payload value"));
    Objects.requireNonNull(description, "description");
  }
}
