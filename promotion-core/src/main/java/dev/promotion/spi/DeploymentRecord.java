package dev.promotion.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment as the host holds it.
 *
 * @param id the host's id of the deployment
 * @param key the key it was recorded with ({@link DeploymentRequest#key()})
 * @param payload what was deployed, as recorded
 * @param statuses its statuses, newest first; empty right after it was recorded
 * @param created whether the call that returned this record created the deployment (false when it
 *     found one recorded before with the same key, or when it was read)
 */
public record DeploymentRecord(
    String id,
    String key,
    String ref,
    String environment,
    Map<String, String> payload,
    List<DeploymentStatus> statuses,
    boolean created) {
  public DeploymentRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(environment, "environment");
    payload = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(payload)));
    statuses = List.copyOf(statuses);
  }

  /** Its newest status's state, empty when it has none yet. */
  public Optional<DeploymentState> state() {
    return statuses.stream().findFirst().map(DeploymentStatus::state);
  }
}
