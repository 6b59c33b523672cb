package dev.promotion.chart;

import dev.promotion.version.ChartVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * What a chart's {@code Chart.yaml} says about it.
 *
 * @param name the chart name, which is also the top directory of its package
 * @param version the chart version
 * @param appVersion the application version (for this project, the image tag), if set
 */
public record ChartMetadata(String name, ChartVersion version, Optional<String> appVersion) {
  public ChartMetadata {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(appVersion, "appVersion");
  }
}
