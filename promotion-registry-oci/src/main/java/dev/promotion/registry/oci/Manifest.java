package dev.promotion.registry.oci;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** An OCI image manifest holding a Helm chart: a config blob and the chart package as a layer. */
record Manifest(Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
  Manifest {
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
  }
}
