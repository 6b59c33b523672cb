package dev.promotion.spi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A request to run a workflow (GitHub Actions {@code workflow_dispatch}).
 *
 * @param workflow the workflow file name, for example {@code publish-dev.yaml}
 * @param ref the branch or tag to run it on
 * @param inputs the workflow inputs, sorted by name
 * @param key identifies this request across re-runs, so that a retried operation does not run the
 *     workflow twice, for example {@code release-v0.2.0-next-dev}
 */
public record WorkflowDispatch(
    String workflow, String ref, Map<String, String> inputs, String key) {
  public WorkflowDispatch {
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(ref, "ref");
    inputs = Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(inputs)));
    Objects.requireNonNull(key, "key");
  }
}
