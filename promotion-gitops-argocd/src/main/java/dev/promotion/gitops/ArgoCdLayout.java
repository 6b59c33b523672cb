package dev.promotion.gitops;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.git.Snapshot;
import dev.promotion.pipeline.Application;
import dev.promotion.yaml.YamlKind;
import dev.promotion.yaml.YamlLocation;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlScalar;
import dev.promotion.yaml.YamlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Argo CD {@code Application} manifests, one file per app, environment and cluster ({@code
 * registry/environments/{env}/{cluster}/{app}.yaml} by default). The version is the {@code
 * targetRevision} of {@code spec.source}, or of the {@code spec.sources[]} entry whose {@code
 * chart} is the app's chart in a multi-source Application.
 *
 * <p>A first declaration writes a new manifest from a template with the placeholders {@code {app}},
 * {@code {env}}, {@code {cluster}}, {@code {chart}}, {@code {repoURL}} and {@code {version}}
 * ({@link #DEFAULT_TEMPLATE} by default). A placeholder is filled in the style of the scalar it is
 * in, and a plain scalar that a YAML 1.1 or Go YAML reader would not read as the filled string (an
 * app named {@code on}, a cluster named {@code 01}) is double-quoted ({@link
 * YamlText#fromTemplate}).
 */
public final class ArgoCdLayout implements Layout {
  /** The layout of the seed: {@code registry/environments/{env}/{cluster}/{app}.yaml}. */
  public static final String DEFAULT_PATTERN = "registry/environments/{env}/{cluster}/{app}.yaml";

  /** A Helm-chart Application synced automatically into the namespace named like the app. */
  public static final String DEFAULT_TEMPLATE =
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Application
      metadata:
        name: {app}-{env}
        namespace: argocd
      spec:
        project: default
        source:
          repoURL: {repoURL}
          chart: {chart}
          targetRevision: {version}
        destination:
          name: {cluster}
          namespace: {app}
        syncPolicy:
          automated:
            prune: true
            selfHeal: true
      """;

  private static final YamlPath SOURCE_REVISION = YamlPath.of("spec", "source", "targetRevision");
  private static final YamlPath SOURCES = YamlPath.of("spec", "sources");

  private final PathPattern pattern;
  private final String template;
  private final ChartRepositories chartRepositories;

  private ArgoCdLayout(Builder builder) {
    this.pattern = new PathPattern(builder.pattern, true);
    this.template = builder.template;
    this.chartRepositories = builder.chartRepositories.copy();
  }

  /** The default layout, with the chart repository used in new manifests. */
  public static ArgoCdLayout of(String chartRepository) {
    return builder().chartRepository(chartRepository).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String path(Application app, String environment, String cluster) {
    return pattern.path(app.name(), environment, cluster);
  }

  @Override
  public List<String> candidates(
      Snapshot snapshot,
      String environment,
      String cluster,
      Apps apps,
      Function<String, Optional<YamlText>> load) {
    List<String> names = new ArrayList<>();
    for (String file : snapshot.files(pattern.directory(environment, cluster))) {
      pattern.app(file).ifPresent(names::add);
    }
    return names;
  }

  @Override
  public Optional<String> read(YamlText text, Application app) {
    Located located = locate(text, app);
    YamlScalar scalar =
        text.scalar(located.document, located.path).orElseThrow(() -> missing(text, located));
    if (scalar.isNull() || scalar.value().isBlank()) {
      throw new InvalidManifestException(
          text.path(), scalar.line(), scalar.column(), "has an empty " + located.path);
    }
    return Optional.of(scalar.value());
  }

  @Override
  public YamlText write(YamlText text, Application app, String version) {
    Located located = locate(text, app);
    if (text.scalar(located.document, located.path).isEmpty()) {
      throw missing(text, located);
    }
    return text.withScalar(located.document, located.path, version);
  }

  @Override
  public String declare(
      Optional<YamlText> existing,
      Application app,
      String environment,
      String cluster,
      String version) {
    if (existing.isPresent()) {
      throw new InvalidManifestException(
          existing.get().path(),
          0,
          0,
          "already exists but declares no version of " + app.name() + "; fix it by hand");
    }
    String chartRepository = chartRepositories.of(app);
    if (template.contains("{repoURL}") && chartRepository.isEmpty()) {
      throw new IllegalStateException(
          "Cannot declare "
              + app.name()
              + " in "
              + environment
              + ": set ArgoCdLayout.builder().chartRepository(...) for new Application manifests,"
              + " for every app or for this one");
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("app", app.name());
    values.put("env", environment);
    values.put("cluster", cluster);
    values.put("chart", app.chartName());
    values.put("repoURL", chartRepository);
    values.put("version", version);
    return YamlText.fromTemplate(path(app, environment, cluster), template, values).text();
  }

  /** The Application document's {@code metadata.name} and {@code metadata.namespace}. */
  @Override
  public Optional<Map.Entry<String, Optional<String>>> controllerApplication(YamlText text) {
    if (text.documentCount() == 0) {
      return Optional.empty();
    }
    int document = applicationDocument(text);
    return text.value(document, YamlPath.of("metadata", "name"))
        .map(String::strip)
        .filter(name -> !name.isEmpty())
        .map(
            name ->
                Map.entry(
                    name,
                    text.value(document, YamlPath.of("metadata", "namespace"))
                        .map(String::strip)
                        .filter(ns -> !ns.isEmpty())));
  }

  private record Located(int document, YamlPath path) {}

  private Located locate(YamlText text, Application app) {
    if (text.documentCount() == 0) {
      throw new InvalidManifestException(text.path(), 0, 0, "is empty");
    }
    int document = applicationDocument(text);
    Optional<YamlLocation> sources = text.locate(document, SOURCES);
    if (sources.isPresent() && sources.get().kind() == YamlKind.SEQUENCE) {
      YamlPath entry = SOURCES.entry("chart", app.chartName());
      if (text.locate(document, entry).isEmpty()) {
        throw new InvalidManifestException(
            text.path(),
            sources.get().line(),
            sources.get().column(),
            "has no entry of spec.sources whose chart is " + app.chartName());
      }
      return new Located(document, entry.key("targetRevision"));
    }
    return new Located(document, SOURCE_REVISION);
  }

  private static int applicationDocument(YamlText text) {
    for (int i = 0; i < text.documentCount(); i++) {
      Optional<YamlLocation> kind = text.locate(i, YamlPath.of("kind"));
      if (kind.isPresent()
          && kind.get().kind() == YamlKind.SCALAR
          && text.value(i, YamlPath.of("kind")).filter("Application"::equals).isPresent()) {
        return i;
      }
    }
    return 0;
  }

  private static InvalidManifestException missing(YamlText text, Located located) {
    return new InvalidManifestException(text.path(), 0, 0, "has no " + located.path);
  }

  @Override
  public String toString() {
    return "ArgoCdLayout[" + pattern + "]";
  }

  /** Builds an {@link ArgoCdLayout}. */
  public static final class Builder {
    private String pattern = DEFAULT_PATTERN;
    private String template = DEFAULT_TEMPLATE;
    private final ChartRepositories chartRepositories = new ChartRepositories();

    private Builder() {}

    /** The path of the manifests; {@link #DEFAULT_PATTERN} by default. */
    public Builder pattern(String pattern) {
      this.pattern = Objects.requireNonNull(pattern, "pattern");
      return this;
    }

    /** The text of new manifests; {@link #DEFAULT_TEMPLATE} by default. */
    public Builder template(String template) {
      this.template = Objects.requireNonNull(template, "template");
      return this;
    }

    /** The Helm chart repository ({@code repoURL}) of new manifests. */
    public Builder chartRepository(String chartRepository) {
      chartRepositories.all(chartRepository);
      return this;
    }

    /**
     * The Helm chart repository ({@code repoURL}) of new manifests of one app, overriding {@link
     * #chartRepository(String)} for it.
     *
     * @throws dev.promotion.error.InvalidNameException if {@code app} is not a safe name
     */
    public Builder chartRepository(String app, String chartRepository) {
      chartRepositories.app(app, chartRepository);
      return this;
    }

    /**
     * The layout.
     *
     * @throws IllegalArgumentException if the pattern lacks {@code {env}}, has {@code {app}}
     *     outside the file name or not exactly once, or is not a safe relative path
     */
    public ArgoCdLayout build() {
      return new ArgoCdLayout(this);
    }
  }
}
