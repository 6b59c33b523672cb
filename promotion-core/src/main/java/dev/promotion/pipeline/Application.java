package dev.promotion.pipeline;

import java.util.Objects;

/**
 * An application promoted through the pipeline.
 *
 * @param name the app's name in the GitOps repository (file and entry names)
 * @param chartName the Helm chart's name (the registry repository and the {@code name} in {@code
 *     Chart.yaml})
 * @param chartPath the chart directory in the app repository, for example {@code charts/api}
 * @param imageRepository the container image repository, for example {@code
 *     123456789012.dkr.ecr.us-east-1.amazonaws.com/api}
 */
public record Application(String name, String chartName, String chartPath, String imageRepository) {
  public Application {
    Names.requireSafe("app", name);
    Names.requireSafe("chart", chartName);
    Objects.requireNonNull(chartPath, "chartPath");
    Objects.requireNonNull(imageRepository, "imageRepository");
    chartPath = RepositoryPaths.requireRelative("chart path", chartPath);
  }

  /** An app whose chart is named like the app and lives in {@code charts/{name}}. */
  public static Application named(String name) {
    return new Application(name, name, "charts/" + name, name);
  }

  /** The path of the chart's {@code Chart.yaml} in the app repository. */
  public String chartYamlPath() {
    return chartPath.isEmpty() ? "Chart.yaml" : chartPath + "/Chart.yaml";
  }
}
