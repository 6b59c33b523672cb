package dev.promotion.gitops;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.git.Snapshot;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Names;
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
 * Kustomize overlays, one {@code kustomization.yaml} per environment ({@code
 * overlays/{env}/kustomization.yaml} by default; {@code {cluster}} and {@code {app}} may appear in
 * the pattern too) holding the versions of many apps, either as:
 *
 * <ul>
 *   <li>{@link #images()}: the {@code images[]} entry whose {@code name} is the app's image
 *       repository, value {@code newTag}, and, when the version is pinned to an image digest,
 *       {@code digest} right after it (Kustomize then renders {@code image:newTag@digest}, so the
 *       tag stays readable and the digest decides which image runs); or
 *   <li>{@link #helmCharts()}: the {@code helmCharts[]} entry whose {@code name} is the app's
 *       chart, value {@code version}.
 * </ul>
 *
 * <p>A first declaration appends an entry to the list (surgically, at the list's indentation), or
 * writes a new kustomization from a template when the file does not exist.
 */
public final class KustomizeLayout implements Layout {
  /** One kustomization per environment: {@code overlays/{env}/kustomization.yaml}. */
  public static final String DEFAULT_PATTERN = "overlays/{env}/kustomization.yaml";

  private final PathPattern pattern;
  private final String list;
  private final String field;
  private final boolean byChart;
  private final String baseResource;
  private final ChartRepositories chartRepositories;

  private KustomizeLayout(Builder builder) {
    this.pattern = new PathPattern(builder.pattern, false);
    this.list = builder.list;
    this.field = builder.field;
    this.byChart = builder.byChart;
    this.baseResource = builder.baseResource;
    this.chartRepositories = builder.chartRepositories.copy();
  }

  /** Versions as image tags: {@code images[name=<image repository>].newTag}. */
  public static Builder images() {
    return new Builder("images", "newTag", false);
  }

  /** Versions as Helm chart versions: {@code helmCharts[name=<chart>].version}. */
  public static Builder helmCharts() {
    return new Builder("helmCharts", "version", true);
  }

  private String entryName(Application app) {
    return byChart ? app.chartName() : app.imageRepository();
  }

  private YamlPath listPath() {
    return YamlPath.of(list);
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
    if (pattern.toString().contains("{app}")) {
      for (String file : snapshot.files(pattern.directory(environment, cluster))) {
        pattern.app(file).ifPresent(names::add);
      }
      return names;
    }
    Optional<YamlText> text = load.apply(pattern.path("app", environment, cluster));
    if (text.isEmpty() || text.get().documentCount() == 0) {
      return names;
    }
    int items = text.get().size(0, listPath());
    for (int i = 0; i < items; i++) {
      text.get()
          .value(0, listPath().index(i).key("name"))
          .flatMap(name -> appFor(name, apps))
          .ifPresent(names::add);
    }
    return names;
  }

  private Optional<String> appFor(String entryName, Apps apps) {
    for (Application app : apps.configured()) {
      if (entryName(app).equals(entryName)) {
        return Optional.of(app.name());
      }
    }
    return Names.isSafe(entryName) && entryName(apps.named(entryName)).equals(entryName)
        ? Optional.of(entryName)
        : Optional.empty();
  }

  @Override
  public Optional<String> read(YamlText text, Application app) {
    if (text.documentCount() == 0) {
      return Optional.empty();
    }
    YamlPath entry = listPath().named(entryName(app));
    if (text.locate(0, entry).isEmpty()) {
      return Optional.empty();
    }
    YamlPath value = entry.key(field);
    Optional<YamlScalar> scalar = text.scalar(0, value);
    if (scalar.isEmpty() || scalar.get().isNull() || scalar.get().value().isBlank()) {
      Optional<YamlLocation> at = text.locate(0, entry);
      throw new InvalidManifestException(
          text.path(),
          at.map(YamlLocation::line).orElse(0),
          at.map(YamlLocation::column).orElse(0),
          "has no "
              + value
              + (text.locate(0, entry.key("digest")).isPresent()
                  ? " (it pins a digest, which is not a chart version)"
                  : ""));
    }
    return Optional.of(scalar.get().value());
  }

  @Override
  public boolean pinsDigests() {
    return !byChart;
  }

  @Override
  public Optional<String> digest(YamlText text, Application app) {
    if (byChart || text.documentCount() == 0) {
      return Optional.empty();
    }
    return text.scalar(0, listPath().named(entryName(app)).key("digest"))
        .filter(scalar -> !scalar.isNull())
        .map(YamlScalar::value);
  }

  @Override
  public YamlText pin(YamlText text, Application app, Optional<String> digest) {
    if (byChart) {
      return Layout.super.pin(text, app, digest);
    }
    YamlPath entry = listPath().named(entryName(app));
    if (digest.isEmpty()) {
      return text.withoutEntry(0, entry, "digest");
    }
    if (digest.equals(digest(text, app))) {
      return text;
    }
    return text.withEntryAfter(0, entry, field, "digest", digest.get());
  }

  @Override
  public YamlText write(YamlText text, Application app, String version) {
    return text.withScalar(0, listPath().named(entryName(app)).key(field), version);
  }

  @Override
  public String declare(
      Optional<YamlText> existing,
      Application app,
      String environment,
      String cluster,
      String version) {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    fields.add(Map.entry("name", entryName(app)));
    if (byChart) {
      String chartRepository = chartRepositories.of(app);
      if (chartRepository.isEmpty()) {
        throw new IllegalStateException(
            "Cannot declare "
                + app.name()
                + " in "
                + environment
                + ": set KustomizeLayout.helmCharts().chartRepository(...) for new entries, for"
                + " every app or for this one");
      }
      fields.add(Map.entry("repo", chartRepository));
      fields.add(Map.entry(field, version));
      fields.add(Map.entry("releaseName", app.name()));
    } else {
      fields.add(Map.entry(field, version));
    }
    if (existing.isPresent() && existing.get().documentCount() > 0) {
      YamlText text = existing.get();
      Optional<YamlLocation> at = text.locate(0, listPath());
      if (at.isEmpty() || at.get().kind() != YamlKind.SEQUENCE) {
        throw new InvalidManifestException(
            text.path(),
            0,
            0,
            "has no " + list + " list to declare " + app.name() + " in; add one");
      }
      return text.withMappingItem(0, listPath(), fields).text();
    }
    StringBuilder template =
        new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
    Map<String, String> values = new LinkedHashMap<>();
    if (!baseResource.isEmpty()) {
      template.append("resources:\n  - {base}\n");
      values.put("base", baseResource);
    }
    template.append(list).append(":\n");
    String prefix = "  - ";
    for (Map.Entry<String, String> f : fields) {
      template.append(prefix).append(f.getKey()).append(": {").append(f.getKey()).append("}\n");
      values.put(f.getKey(), f.getValue());
      prefix = "    ";
    }
    return YamlText.fromTemplate(path(app, environment, cluster), template.toString(), values)
        .text();
  }

  @Override
  public String toString() {
    return "KustomizeLayout[" + pattern + ", " + list + "[name]." + field + "]";
  }

  /** Builds a {@link KustomizeLayout}. */
  public static final class Builder {
    private final String list;
    private final String field;
    private final boolean byChart;
    private String pattern = DEFAULT_PATTERN;
    private String baseResource = "../../base";
    private final ChartRepositories chartRepositories = new ChartRepositories();

    private Builder(String list, String field, boolean byChart) {
      this.list = list;
      this.field = field;
      this.byChart = byChart;
    }

    /** The path of the kustomizations; {@link #DEFAULT_PATTERN} by default. */
    public Builder pattern(String pattern) {
      this.pattern = Objects.requireNonNull(pattern, "pattern");
      return this;
    }

    /** The resource new kustomizations build on; {@code ../../base} by default, empty for none. */
    public Builder baseResource(String baseResource) {
      this.baseResource = Objects.requireNonNull(baseResource, "baseResource");
      return this;
    }

    /** The Helm repository ({@code repo}) of new {@code helmCharts[]} entries. */
    public Builder chartRepository(String chartRepository) {
      chartRepositories.all(chartRepository);
      return this;
    }

    /**
     * The Helm repository ({@code repo}) of new {@code helmCharts[]} entries of one app, overriding
     * {@link #chartRepository(String)} for it.
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
     *     outside the file name, or is not a safe relative path
     */
    public KustomizeLayout build() {
      return new KustomizeLayout(this);
    }
  }
}
