package dev.promotion.gitops;

import dev.promotion.pipeline.Names;
import dev.promotion.pipeline.RepositoryPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file path pattern with the placeholders {@code {env}}, {@code {cluster}}, {@code {app}} and
 * {@code {chart}}, for example {@code registry/environments/{env}/{cluster}/{app}.yaml} or {@code
 * {app}/values-{env}.yaml}. The name placeholders ({@code {app}}, {@code {chart}}) may sit in a
 * directory or in the file name, all in one segment of the path.
 */
final class PathPattern {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
  private static final List<String> KNOWN = List.of("env", "cluster", "app", "chart");

  private final String pattern;
  private final List<String> segments;
  private final int nameSegment;

  PathPattern(String pattern) {
    this.pattern = Objects.requireNonNull(pattern, "pattern");
    Matcher m = PLACEHOLDER.matcher(pattern);
    while (m.find()) {
      if (!KNOWN.contains(m.group(1))) {
        throw new IllegalArgumentException(
            "The pattern "
                + pattern
                + " has the unknown placeholder "
                + m.group()
                + "; use {env}, {cluster}, {app} or {chart}");
      }
    }
    if (!pattern.contains("{env}")) {
      throw new IllegalArgumentException("The pattern must contain {env}: " + pattern);
    }
    this.segments = List.of(pattern.split("/", -1));
    int found = -1;
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).contains("{app}") || segments.get(i).contains("{chart}")) {
        if (found >= 0) {
          throw new IllegalArgumentException(
              "{app} and {chart} may appear in only one segment of the pattern: " + pattern);
        }
        found = i;
      }
    }
    this.nameSegment = found;
    RepositoryPaths.requireRelative("path pattern", path("app", "chart", "env", "cluster"));
  }

  /** Whether each app has its own file (the pattern names the app or its chart). */
  boolean perApp() {
    return nameSegment >= 0;
  }

  /** The path for these names (validated here). */
  String path(String app, String chart, String environment, String cluster) {
    return pattern
        .replace("{env}", Names.requireSafe("environment", environment))
        .replace("{cluster}", Names.requireSafe("cluster", cluster))
        .replace("{app}", Names.requireSafe("app", app))
        .replace("{chart}", Names.requireSafe("chart", chart));
  }

  /**
   * The names the files of a cluster of an environment stand for, by placeholder ({@code app} or
   * {@code chart}), as found in the snapshot: files for a name in the file name, directories (whose
   * file exists, as {@code exists} tells) for a name in a directory.
   */
  List<Map<String, String>> names(
      String environment,
      String cluster,
      Function<String, List<String>> files,
      Function<String, List<String>> directories,
      Function<String, Boolean> exists) {
    if (nameSegment < 0) {
      return List.of();
    }
    String parent =
        String.join("/", segments.subList(0, nameSegment))
            .replace("{env}", Names.requireSafe("environment", environment))
            .replace("{cluster}", Names.requireSafe("cluster", cluster));
    boolean last = nameSegment == segments.size() - 1;
    List<Map<String, String>> names = new ArrayList<>();
    for (String entry : last ? files.apply(parent) : directories.apply(parent)) {
      match(segments.get(nameSegment), environment, cluster, entry)
          .filter(
              named ->
                  last
                      || exists.apply(
                          path(
                              named.getOrDefault("app", "app"),
                              named.getOrDefault("chart", "chart"),
                              environment,
                              cluster)))
          .ifPresent(names::add);
    }
    return names;
  }

  private static Optional<Map<String, String>> match(
      String segment, String environment, String cluster, String entry) {
    StringBuilder regex = new StringBuilder();
    List<String> groups = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(segment);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(segment.substring(last, m.start())));
      switch (m.group(1)) {
        case "env" -> regex.append(Pattern.quote(environment));
        case "cluster" -> regex.append(Pattern.quote(cluster));
        default -> {
          if (groups.contains(m.group(1))) {
            regex.append("\\k<").append(m.group(1)).append('>');
          } else {
            groups.add(m.group(1));
            regex.append("(?<").append(m.group(1)).append(">.+?)");
          }
        }
      }
      last = m.end();
    }
    regex.append(Pattern.quote(segment.substring(last)));
    Matcher found = Pattern.compile(regex.toString()).matcher(entry);
    if (!found.matches()) {
      return Optional.empty();
    }
    Map<String, String> names = new java.util.LinkedHashMap<>();
    for (String group : groups) {
      String name = found.group(group);
      if (!Names.isSafe(name)) {
        return Optional.empty();
      }
      names.put(group, name);
    }
    return Optional.of(names);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
