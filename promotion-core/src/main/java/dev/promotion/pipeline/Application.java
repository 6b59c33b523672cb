package dev.promotion.pipeline;

import dev.promotion.version.VersionKind;
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
 * @param versionKind what the app's declarations hold: a chart version ({@link VersionKind#CHART},
 *     the default) or an image tag ({@link VersionKind#IMAGE})
 */
public record Application(
    String name,
    String chartName,
    String chartPath,
    String imageRepository,
    VersionKind versionKind) {
  public Application {
    Names.requireSafe("app", name);
    Names.requireSafe("chart", chartName);
    Objects.requireNonNull(chartPath, "chartPath");
    Objects.requireNonNull(imageRepository, "imageRepository");
    Objects.requireNonNull(versionKind, "versionKind");
    chartPath = RepositoryPaths.requireRelative("chart path", chartPath);
  }

  /** An app that promotes chart versions. */
  public Application(String name, String chartName, String chartPath, String imageRepository) {
    this(name, chartName, chartPath, imageRepository, VersionKind.CHART);
  }

  /** An app whose chart is named like the app and lives in {@code charts/{name}}. */
  public static Application named(String name) {
    return new Application(name, name, "charts/" + name, name);
  }

  /** An app that promotes tags of the image {@code imageRepository}, named {@code name}. */
  public static Application image(String name, String imageRepository) {
    return new Application(name, name, "charts/" + name, imageRepository, VersionKind.IMAGE);
  }

  /** The same app, promoting versions of {@code kind}. */
  public Application withVersionKind(VersionKind kind) {
    return new Application(name, chartName, chartPath, imageRepository, kind);
  }

  /** The path of the chart's {@code Chart.yaml} in the app repository. */
  public String chartYamlPath() {
    return chartPath.isEmpty() ? "Chart.yaml" : chartPath + "/Chart.yaml";
  }
}
