package dev.promotion.chart;

import dev.promotion.error.InvalidChartException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of a chart's {@code .helmignore}, evaluated exactly as Helm's {@code pkg/ignore} does,
 * quirks included, so that a package holds the same files as {@code helm package} would put in it.
 *
 * <ul>
 *   <li>Blank lines and lines starting with {@code #} are skipped; lines are trimmed.
 *   <li>{@code **} is refused, as Helm refuses it ("double-star (**) syntax is not supported").
 *   <li>A trailing {@code /} matches only directories; a leading {@code /} anchors at the chart
 *       root; a pattern with a {@code /} matches the whole relative path, one without matches the
 *       base name only.
 *   <li>Rules are tried in order and the first match ignores the path. A negated rule ({@code
 *       !pattern}) lets a path it matches go on to the next rule, and <em>ignores</em> every path
 *       it does not match: Helm's semantics, not git's.
 *   <li>{@code templates/.?*} (dotfiles in {@code templates/}) is always ignored, after the file's
 *       own rules.
 * </ul>
 */
final class HelmIgnore {
  static final String FILE_NAME = ".helmignore";

  private record Rule(
      GlobPattern pattern, boolean negate, boolean directoriesOnly, boolean baseName) {}

  private final List<Rule> rules;

  private HelmIgnore(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Helm's default rules only. */
  static HelmIgnore defaults() {
    return parse("");
  }

  /**
   * Parses a {@code .helmignore} and adds Helm's default rule.
   *
   * @throws InvalidChartException naming the line of a malformed or {@code **} rule
   */
  static HelmIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    String[] lines =
        text.startsWith("\uFEFF") ? text.substring(1).split("\n", -1) : text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      rule(lines[i], i + 1).ifPresent(rules::add);
    }
    rule("templates/.?*", 0).ifPresent(rules::add);
    return new HelmIgnore(rules);
  }

  private static Optional<Rule> rule(String line, int number) {
    String rule = line.strip();
    if (rule.isEmpty() || rule.startsWith("#")) {
      return Optional.empty();
    }
    if (rule.contains("**")) {
      throw invalid(number, "double-star (**) syntax is not supported by Helm");
    }
    if (GlobPattern.compile(rule).isEmpty()) {
      throw invalid(number, "the pattern '" + rule + "' is malformed");
    }
    boolean negate = rule.startsWith("!");
    if (negate) {
      rule = rule.substring(1);
    }
    boolean directoriesOnly = rule.endsWith("/");
    if (directoriesOnly) {
      rule = rule.substring(0, rule.length() - 1);
    }
    boolean baseName = !rule.contains("/");
    if (rule.startsWith("/")) {
      rule = rule.substring(1);
    }
    GlobPattern pattern =
        GlobPattern.compile(rule)
            .orElseThrow(() -> invalid(number, "the pattern '" + line.strip() + "' is malformed"));
    return Optional.of(new Rule(pattern, negate, directoriesOnly, baseName));
  }

  private static InvalidChartException invalid(int line, String reason) {
    return new InvalidChartException(FILE_NAME + " line " + line + ": " + reason, FILE_NAME);
  }

  /**
   * Whether Helm leaves out {@code path} (relative to the chart root, with {@code /} separators, no
   * trailing slash).
   */
  boolean ignores(String path, boolean directory) {
    if (path.isEmpty() || path.equals(".") || path.equals("./")) {
      return false;
    }
    for (Rule rule : rules) {
      boolean matches = rule.pattern().matches(rule.baseName() ? baseName(path) : path);
      if (rule.negate()) {
        if ((rule.directoriesOnly() && !directory) || !matches) {
          return true;
        }
        continue;
      }
      if (rule.directoriesOnly() && !directory) {
        continue;
      }
      if (matches) {
        return true;
      }
    }
    return false;
  }

  private static String baseName(String path) {
    String trimmed = path;
    while (trimmed.length() > 1 && trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    int slash = trimmed.lastIndexOf('/');
    return slash < 0 ? trimmed : trimmed.substring(slash + 1);
  }
}
