package dev.promotion.chart;

import dev.promotion.error.InvalidChartException;
import dev.promotion.pipeline.Names;
import java.util.List;

/**
 * A validated entry name of a chart package: relative, made of non-empty segments with no {@code .}
 * or {@code ..}, no backslashes or control characters, under a top directory that is a valid chart
 * name.
 *
 * @param path the name without a trailing slash
 * @param segments the path split at {@code /}; the first is the top directory
 */
record EntryName(String path, List<String> segments) {

  static EntryName of(String raw, boolean directory) {
    if (raw.isEmpty()) {
      throw new InvalidChartException("an entry has an empty name", raw);
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Character.isISOControl(c)) {
        throw new InvalidChartException("an entry name contains a control character", raw);
      }
      if (c == '\\') {
        throw new InvalidChartException("an entry name contains a backslash", raw);
      }
    }
    if (raw.startsWith("/") || raw.matches("^[A-Za-z]:.*")) {
      throw new InvalidChartException("an entry has an absolute path", raw);
    }
    String path = directory && raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
    List<String> segments = List.of(path.split("/", -1));
    for (String segment : segments) {
      if (segment.equals("..")) {
        throw new InvalidChartException("an entry refers to a parent directory ('..')", raw);
      }
      if (segment.isEmpty() || segment.equals(".")) {
        throw new InvalidChartException("an entry name has an empty or '.' segment", raw);
      }
    }
    if (!Names.isSafe(segments.get(0))) {
      throw new InvalidChartException(
          "an entry is under a top directory that is not a valid chart name", raw);
    }
    if (!directory && segments.size() < 2) {
      throw new InvalidChartException("a file lies outside the chart's top directory", raw);
    }
    return new EntryName(path, segments);
  }

  String top() {
    return segments.get(0);
  }

  /** Whether this is {@code <top>/Chart.yaml}, the chart's own metadata (not a subchart's). */
  boolean isChartYaml() {
    return segments.size() == 2 && segments.get(1).equals("Chart.yaml");
  }
}
