package dev.promotion.chart;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidVersionException;
import dev.promotion.pipeline.Names;
import dev.promotion.version.ChartVersion;
import dev.promotion.yaml.YamlKind;
import dev.promotion.yaml.YamlLocation;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlScalar;
import dev.promotion.yaml.YamlText;
import java.util.Objects;
import java.util.Optional;

/**
 * A chart's {@code Chart.yaml}: its exact text and the fields this project reads and changes.
 *
 * <p>Changes are surgical: {@link #withVersion} and {@link #withAppVersion} change only that value
 * in the text, keeping comments, quoting, key order, line endings and a byte order mark, so the
 * file stays the author's file. Instances are immutable.
 */
public final class ChartYaml {
  private static final YamlPath NAME = YamlPath.of("name");
  private static final YamlPath VERSION = YamlPath.of("version");
  private static final String APP_VERSION = "appVersion";

  private final YamlText yaml;
  private final String name;
  private final ChartVersion version;
  private final Optional<String> appVersion;

  private ChartYaml(YamlText yaml, String name, ChartVersion version, Optional<String> appVersion) {
    this.yaml = yaml;
    this.name = name;
    this.version = version;
    this.appVersion = appVersion;
  }

  /**
   * Reads a {@code Chart.yaml}.
   *
   * @param path how to name the file in messages
   * @throws InvalidManifestException if the text is not valid YAML, exceeds the YAML limits, is not
   *     a single mapping, or lacks a valid {@code name} or {@code version}
   */
  public static ChartYaml parse(String path, String text) {
    return of(
        YamlText.parse(Objects.requireNonNull(path, "path"), Objects.requireNonNull(text, "text")));
  }

  private static ChartYaml of(YamlText yaml) {
    if (yaml.documentCount() != 1) {
      throw new InvalidManifestException(
          yaml.path(), 0, 0, "must hold exactly one YAML document, found " + yaml.documentCount());
    }
    YamlLocation root = yaml.locate(0, YamlPath.root()).orElseThrow();
    if (root.kind() != YamlKind.MAPPING) {
      throw new InvalidManifestException(
          yaml.path(),
          root.line(),
          root.column(),
          "must be a mapping of fields such as name and version");
    }
    YamlScalar name = required(yaml, NAME, root);
    if (!Names.isSafe(name.value())) {
      throw new InvalidManifestException(
          yaml.path(),
          name.line(),
          name.column(),
          "has the chart name '"
              + name.value()
              + "', which is not a valid name (letters, digits, '.', '_' and '-', starting with a"
              + " letter or digit)");
    }
    YamlScalar version = required(yaml, VERSION, root);
    return new ChartYaml(
        yaml,
        name.value(),
        versionOf(yaml, version),
        yaml.value(YamlPath.of(APP_VERSION)).filter(value -> !value.isEmpty()));
  }

  private static YamlScalar required(YamlText yaml, YamlPath field, YamlLocation root) {
    YamlScalar scalar =
        yaml.scalar(field)
            .orElseThrow(
                () ->
                    new InvalidManifestException(
                        yaml.path(), root.line(), root.column(), "has no '" + field + "' field"));
    if (scalar.isNull() || scalar.value().isEmpty()) {
      throw new InvalidManifestException(
          yaml.path(), scalar.line(), scalar.column(), "has an empty '" + field + "' field");
    }
    return scalar;
  }

  private static ChartVersion versionOf(YamlText yaml, YamlScalar version) {
    try {
      return ChartVersion.parse(version.value());
    } catch (InvalidVersionException e) {
      throw new InvalidManifestException(
          yaml.path(),
          version.line(),
          version.column(),
          "has an invalid version: " + e.getMessage(),
          e);
    }
  }

  /** The chart name. */
  public String name() {
    return name;
  }

  /** The chart version. */
  public ChartVersion version() {
    return version;
  }

  /** The application version, if set and not empty. */
  public Optional<String> appVersion() {
    return appVersion;
  }

  /** The exact current text. */
  public String text() {
    return yaml.text();
  }

  /** The file name used in messages. */
  public String path() {
    return yaml.path();
  }

  /** This file with {@code version} changed and every other byte kept. */
  public ChartYaml withVersion(ChartVersion version) {
    Objects.requireNonNull(version, "version");
    return of(yaml.withScalar(VERSION, version.toString()));
  }

  /**
   * This file with {@code appVersion} changed, or inserted right after {@code version} (at the same
   * indentation) when it is missing; every other byte is kept. The value is quoted when it would
   * otherwise read as a number or boolean ({@code 1.0}).
   */
  public ChartYaml withAppVersion(String appVersion) {
    Objects.requireNonNull(appVersion, "appVersion");
    return of(yaml.withEntryAfter(0, YamlPath.root(), VERSION.toString(), APP_VERSION, appVersion));
  }

  /** Name, version and application version. */
  public ChartMetadata metadata() {
    return new ChartMetadata(name, version, appVersion);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChartYaml other && yaml.equals(other.yaml);
  }

  @Override
  public int hashCode() {
    return yaml.hashCode();
  }

  @Override
  public String toString() {
    return "ChartYaml["
        + name
        + " "
        + version
        + appVersion.map(a -> ", appVersion " + a).orElse("")
        + "]";
  }
}
