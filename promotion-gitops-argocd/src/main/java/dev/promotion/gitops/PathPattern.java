package dev.promotion.gitops;

import dev.promotion.pipeline.Names;
import dev.promotion.pipeline.RepositoryPaths;
import java.util.Objects;
import java.util.Optional;

/**
 * A file path pattern with the placeholders {@code {env}}, {@code {cluster}} and {@code {app}}
 * (only in the file name), for example {@code registry/environments/{env}/{cluster}/{app}.yaml}.
 */
final class PathPattern {
  private final String pattern;
  private final String directory;
  private final String prefix;
  private final String suffix;

  PathPattern(String pattern, boolean requiresApp) {
    this.pattern = Objects.requireNonNull(pattern, "pattern");
    int slash = pattern.lastIndexOf('/');
    this.directory = slash < 0 ? "" : pattern.substring(0, slash);
    String file = pattern.substring(slash + 1);
    if (directory.contains("{app}")) {
      throw new IllegalArgumentException(
          "{app} may appear only in the file name of the pattern: " + pattern);
    }
    if (!pattern.contains("{env}")) {
      throw new IllegalArgumentException("The pattern must contain {env}: " + pattern);
    }
    int app = file.indexOf("{app}");
    if (requiresApp && (app < 0 || file.indexOf("{app}", app + 1) >= 0)) {
      throw new IllegalArgumentException(
          "The file name of the pattern must contain {app} exactly once: " + pattern);
    }
    this.prefix = app < 0 ? file : file.substring(0, app);
    this.suffix = app < 0 ? "" : file.substring(app + "{app}".length());
    RepositoryPaths.requireRelative("path pattern", path("app", "env", "cluster"));
  }

  /** The path for these names (already validated). */
  String path(String app, String environment, String cluster) {
    return pattern
        .replace("{env}", Names.requireSafe("environment", environment))
        .replace("{cluster}", Names.requireSafe("cluster", cluster))
        .replace("{app}", Names.requireSafe("app", app));
  }

  /** The directory of the files of a cluster of an environment. */
  String directory(String environment, String cluster) {
    return directory
        .replace("{env}", Names.requireSafe("environment", environment))
        .replace("{cluster}", Names.requireSafe("cluster", cluster));
  }

  /** The app a file name of that directory stands for, if it matches the pattern. */
  Optional<String> app(String fileName) {
    if (fileName.length() <= prefix.length() + suffix.length()
        || !fileName.startsWith(prefix)
        || !fileName.endsWith(suffix)) {
      return Optional.empty();
    }
    String app = fileName.substring(prefix.length(), fileName.length() - suffix.length());
    return Names.isSafe(app) ? Optional.of(app) : Optional.empty();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
