package dev.promotion.helm.oci.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An OCI image manifest holding a Helm chart: a config blob and the chart package as a layer. *
 *
 * <p>Internal: shared by the promotion registry modules, not a supported API; it may change in any
 * release.
 */
public record Manifest(
    Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
  public Manifest {
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
  }
}
