package dev.promotion.gitops;

import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Names;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Helm chart repository written into new declarations: one for every app, and per-app overrides
 * for apps whose charts live elsewhere.
 */
final class ChartRepositories {
  private String fallback = "";
  private final Map<String, String> perApp = new LinkedHashMap<>();

  void all(String repository) {
    fallback = Objects.requireNonNull(repository, "chartRepository");
  }

  void app(String app, String repository) {
    Names.requireSafe("app", app);
    perApp.put(app, Objects.requireNonNull(repository, "chartRepository"));
  }

  /** A frozen copy, for a built layout. */
  ChartRepositories copy() {
    ChartRepositories copy = new ChartRepositories();
    copy.fallback = fallback;
    copy.perApp.putAll(perApp);
    return copy;
  }

  /** The repository of {@code app}'s chart; empty when none is configured. */
  String of(Application app) {
    return perApp.getOrDefault(app.name(), fallback);
  }
}
