package dev.promotion.gitops;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidPathExpressionException;
import dev.promotion.git.Snapshot;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Names;
import dev.promotion.spi.LiveApplication;
import dev.promotion.yaml.YamlKind;
import dev.promotion.yaml.YamlLocation;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlScalar;
import dev.promotion.yaml.YamlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one layout engine: a file pattern ({@code {env}}, {@code {cluster}}, {@code {app}}, {@code
 * {chart}}) and a path into the YAML with list selectors ({@code images[name={image}].newTag},
 * {@code helmCharts[name={chart},releaseName={app}].version}, {@code
 * spec.source.helm.parameters[name=image.tag].value}; placeholders {@code {app}}, {@code {chart}}
 * and {@code {image}}), optionally with a digest path next to the version ({@code
 * images[name={image}].digest}, {@code image.digest}). The Argo CD, Kustomize, Helm values and
 * umbrella chart layouts are presets of it ({@link #argoCd()}, {@link #kustomizeImages()}, {@link
 * #kustomizeHelmCharts()}, {@link #helmValues()}, {@link #umbrellaChart()}, {@link
 * #argoCdHelmParameters()}); a team with an unusual repository builds its own:
 *
 * <pre>{@code
 * Layout layout = PathLayout.builder()
 *     .pattern("deploy/{app}/values-{env}.yaml")
 *     .version("image.tag")
 *     .digest("image.digest")
 *     .build();
 * }</pre>
 *
 * <p>Reading never guesses: a path step that finds nothing in a file that must declare the app, or
 * a selector that matches several entries, is a {@link dev.promotion.error.SelectorMatchException}
 * naming the file, the line and what is there instead. In a file shared by several apps (the
 * pattern names neither {@code {app}} nor {@code {chart}}), a list entry that does not exist means
 * the app is not declared there yet; a first declaration appends it.
 *
 * <p>An image tag written together with its digest in one field ({@code newTag: 1.2.3@sha256:...})
 * reads as both and is written back in the same shape. Edits are surgical ({@link YamlText}): only
 * the value changes, byte for byte.
 */
public final class PathLayout implements Layout {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
  private static final Set<String> PATH_PLACEHOLDERS = Set.of("app", "chart", "image");

  private final String name;
  private final PathPattern pattern;
  private final List<YamlPath> versions;
  private final Optional<YamlPath> digest;
  private final boolean inlineDigest;
  private final Optional<String> documentKind;
  private final Optional<String> template;
  private final boolean newFiles;
  private final String header;
  private final Map<String, String> newEntry;
  private final Map<String, String> extraValues;
  private final ChartRepositories chartRepositories;

  private PathLayout(Builder builder) {
    this.name = builder.name;
    this.pattern = new PathPattern(builder.pattern);
    if (builder.requirePerApp && !pattern.perApp()) {
      throw new IllegalArgumentException(
          "The " + name + " layout needs one file per app: put {app} in the pattern " + pattern);
    }
    if (builder.versions.isEmpty()) {
      throw new IllegalArgumentException("Set the path of the version: version(\"image.tag\")");
    }
    this.versions = builder.versions.stream().map(PathLayout::checked).toList();
    this.digest = builder.digest.map(PathLayout::checked);
    digest.ifPresent(this::requireSibling);
    this.inlineDigest = builder.inlineDigest;
    this.documentKind = builder.documentKind;
    this.template = builder.template;
    this.newFiles = builder.newFiles;
    this.header = builder.header;
    this.newEntry = copy(builder.newEntry);
    this.extraValues = copy(builder.extraValues);
    this.chartRepositories = builder.chartRepositories.copy();
  }

  private static Map<String, String> copy(Map<String, String> fields) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** A layout with no preset: set the pattern and the version path. */
  public static Builder builder() {
    return new Builder("custom");
  }

  /**
   * A preset by its name in {@code promotion.yaml}: {@code argocd}, {@code argocd-helm-parameters},
   * {@code kustomize-images}, {@code kustomize-helmcharts}, {@code helm-values}, {@code
   * umbrella-chart}.
   *
   * @throws IllegalArgumentException for any other name, listing the presets
   */
  public static Builder preset(String name) {
    return switch (name) {
      case "argocd" -> argoCd();
      case "argocd-helm-parameters" -> argoCdHelmParameters();
      case "kustomize-images" -> kustomizeImages();
      case "kustomize-helmcharts" -> kustomizeHelmCharts();
      case "helm-values" -> helmValues();
      case "umbrella-chart" -> umbrellaChart();
      default ->
          throw new IllegalArgumentException(
              "There is no layout preset '"
                  + name
                  + "'; use one of "
                  + String.join(", ", PRESETS)
                  + ", or set pattern and version for your own");
    };
  }

  /** The names {@link #preset} knows. */
  public static final List<String> PRESETS =
      List.of(
          "argocd",
          "argocd-helm-parameters",
          "kustomize-images",
          "kustomize-helmcharts",
          "helm-values",
          "umbrella-chart");

  /**
   * Argo CD {@code Application} manifests, {@code
   * registry/environments/{env}/{cluster}/{app}.yaml}: {@code spec.source.targetRevision}, or in a
   * multi-source Application {@code spec.sources[chart={chart}].targetRevision}. New manifests from
   * {@link ArgoCdLayout#DEFAULT_TEMPLATE}.
   */
  public static Builder argoCd() {
    return new Builder("argocd")
        .pattern(ArgoCdLayout.DEFAULT_PATTERN)
        .versions("spec.sources[chart={chart}].targetRevision", "spec.source.targetRevision")
        .documentKind("Application")
        .template(ArgoCdLayout.DEFAULT_TEMPLATE)
        .requirePerApp();
  }

  /**
   * Argo CD {@code Application} manifests that pin the image tag as a Helm parameter: {@code
   * spec.source.helm.parameters[name=image.tag].value}. A tag with its digest ({@code
   * 1.2.3@sha256:...}) is kept in that shape. The manifest must exist (it names the chart).
   */
  public static Builder argoCdHelmParameters() {
    return new Builder("argocd-helm-parameters")
        .pattern(ArgoCdLayout.DEFAULT_PATTERN)
        .version("spec.source.helm.parameters[name=image.tag].value")
        .documentKind("Application")
        .inlineDigest(true)
        .newFiles(false)
        .requirePerApp();
  }

  /**
   * Kustomize overlays, {@code overlays/{env}/kustomization.yaml}: {@code
   * images[name={image}].newTag}, with the digest in {@code images[name={image}].digest} (Kustomize
   * renders {@code image:newTag@digest}) or in the tag itself ({@code newTag: 1.2.3@sha256:...}).
   */
  public static Builder kustomizeImages() {
    return new Builder("kustomize-images")
        .pattern(KustomizeLayout.DEFAULT_PATTERN)
        .version("images[name={image}].newTag")
        .digest("images[name={image}].digest")
        .inlineDigest(true)
        .baseResource("../../base");
  }

  /**
   * Kustomize overlays, {@code overlays/{env}/kustomization.yaml}: {@code
   * helmCharts[name={chart}].version}; new entries name the chart repository ({@code repo}) and the
   * release ({@code releaseName: {app}}). Two entries of one chart are told apart with {@code
   * version("helmCharts[name={chart},releaseName={app}].version")}.
   */
  public static Builder kustomizeHelmCharts() {
    LinkedHashMap<String, String> entry = new LinkedHashMap<>();
    entry.put("name", "{chart}");
    entry.put("repo", "{repoURL}");
    entry.put("version", "{version}");
    entry.put("releaseName", "{app}");
    return new Builder("kustomize-helmcharts")
        .pattern(KustomizeLayout.DEFAULT_PATTERN)
        .version("helmCharts[name={chart}].version")
        .newEntry(entry)
        .baseResource("../../base");
  }

  /**
   * Helm values files, {@code {app}/values-{env}.yaml}: {@code image.tag}, with an optional {@code
   * image.digest}; a tag with its digest in one field is kept in that shape.
   */
  public static Builder helmValues() {
    return new Builder("helm-values")
        .pattern("{app}/values-{env}.yaml")
        .version("image.tag")
        .digest("image.digest")
        .inlineDigest(true)
        .requirePerApp();
  }

  /**
   * A per-environment umbrella chart that depends on the app's chart (the layout of Konstruct's
   * GitOps template), {@code registry/environments/{env}/{app}/Chart.yaml}: {@code
   * dependencies[name={chart}].version}. New files are an umbrella chart named like the app.
   */
  public static Builder umbrellaChart() {
    return new Builder("umbrella-chart")
        .pattern("registry/environments/{env}/{app}/Chart.yaml")
        .version("dependencies[name={chart}].version")
        .template(
            """
            apiVersion: v2
            name: {app}
            description: {app} in {env}
            type: application
            version: 0.1.0
            dependencies:
              - name: {chart}
                repository: {repoURL}
                version: {version}
            """)
        .requirePerApp();
  }

  private static YamlPath checked(YamlPath path) {
    for (YamlPath.Step step : path.steps()) {
      List<String> texts = new ArrayList<>();
      if (step instanceof YamlPath.Key key) {
        texts.add(key.key());
      } else if (step instanceof YamlPath.Entry entry) {
        texts.addAll(entry.fields().keySet());
        texts.addAll(entry.fields().values());
      }
      for (String text : texts) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
          if (!PATH_PLACEHOLDERS.contains(m.group(1))) {
            throw new InvalidPathExpressionException(
                path.toString(),
                Math.max(1, path.toString().indexOf(m.group()) + 1),
                "the placeholder " + m.group() + " is unknown; use {app}, {chart} or {image}");
          }
        }
      }
    }
    if (path.isRoot()) {
      throw new InvalidPathExpressionException("", 1, "it is empty");
    }
    return path;
  }

  private void requireSibling(YamlPath digestPath) {
    YamlPath version = versions.get(0);
    int n = version.steps().size();
    if (versions.size() != 1
        || digestPath.steps().size() != n
        || !(digestPath.steps().get(n - 1) instanceof YamlPath.Key)
        || !(version.steps().get(n - 1) instanceof YamlPath.Key)
        || !digestPath.prefix(n - 1).equals(version.prefix(n - 1))) {
      throw new IllegalArgumentException(
          "The digest path "
              + digestPath
              + " must be a key next to the version "
              + version
              + ", like images[name={image}].digest next to images[name={image}].newTag");
    }
  }

  // ----- reading -----------------------------------------------------------------------------

  /** Where a declaration sits in a file: the document and the path with selectors resolved. */
  public record Declaration(int document, YamlPath path) {
    public Declaration {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Where {@code text} declares {@code app}: the document, and the version's path with each
   * selector resolved to the index it matches (in a multi-source Argo CD Application, {@code
   * spec.sources[1].targetRevision} says the app's chart is source 1); empty when a shared file
   * does not declare the app.
   *
   * @throws dev.promotion.error.SelectorMatchException when a file that must declare the app does
   *     not, or a selector matches several entries
   */
  public Optional<Declaration> locate(YamlText text, Application app) {
    if (text.documentCount() == 0) {
      if (pattern.perApp()) {
        throw new InvalidManifestException(text.path(), 0, 0, "is empty");
      }
      return Optional.empty();
    }
    int document = document(text);
    YamlPath path = versionPath(text, document, app);
    Optional<YamlPath> resolved = text.resolve(document, path);
    if (resolved.isPresent()) {
      return Optional.of(new Declaration(document, resolved.get()));
    }
    int entry = lastEntry(path);
    if (!pattern.perApp()
        && entry >= 0
        && text.resolve(document, path.prefix(entry + 1)).isEmpty()) {
      return Optional.empty();
    }
    throw text.mismatch(document, path);
  }

  @Override
  public Optional<String> read(YamlText text, Application app) {
    Optional<Declaration> at = locate(text, app);
    if (at.isEmpty()) {
      return Optional.empty();
    }
    YamlScalar scalar = text.scalar(at.get().document(), at.get().path()).orElseThrow();
    if (scalar.isNull() || scalar.value().isBlank()) {
      throw new InvalidManifestException(
          text.path(), scalar.line(), scalar.column(), "has an empty " + at.get().path());
    }
    return Optional.of(split(scalar.value())[0]);
  }

  @Override
  public boolean pinsDigests() {
    return digest.isPresent() || inlineDigest;
  }

  @Override
  public Optional<String> digest(YamlText text, Application app) {
    if (!pinsDigests()) {
      return Optional.empty();
    }
    Optional<Declaration> at = locate(text, app);
    if (at.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> inline =
        Optional.ofNullable(split(text.value(at.get().document(), at.get().path()).orElse(""))[1]);
    Optional<YamlScalar> separate =
        digest
            .flatMap(d -> text.scalar(at.get().document(), digestPath(at.get())))
            .filter(s -> !s.isNull());
    if (inline.isPresent() && separate.isPresent()) {
      throw new InvalidManifestException(
          text.path(),
          separate.get().line(),
          separate.get().column(),
          "pins a digest twice, in "
              + at.get().path()
              + " and in "
              + digestPath(at.get())
              + "; keep one");
    }
    return inline.or(() -> separate.map(YamlScalar::value));
  }

  /** {@code [tag, digest]}, the digest null when the value carries none. */
  private String[] split(String value) {
    int at = value.indexOf('@');
    if (!inlineDigest || at < 0) {
      return new String[] {value, null};
    }
    return new String[] {value.substring(0, at), value.substring(at + 1)};
  }

  private YamlPath digestPath(Declaration at) {
    List<YamlPath.Step> steps = digest.orElseThrow().steps();
    return at.path().prefix(steps.size() - 1).then(steps.get(steps.size() - 1));
  }

  private int document(YamlText text) {
    if (documentKind.isEmpty()) {
      return 0;
    }
    YamlPath kind = YamlPath.of("kind");
    for (int i = 0; i < text.documentCount(); i++) {
      Optional<YamlLocation> at = text.locate(i, kind);
      if (at.isPresent()
          && at.get().kind() == YamlKind.SCALAR
          && text.value(i, kind).filter(documentKind.get()::equals).isPresent()) {
        return i;
      }
    }
    return 0;
  }

  /**
   * The first version path that applies to the document: the one whose list (the path before its
   * first selector) or parent exists; the last one otherwise.
   */
  private YamlPath versionPath(YamlText text, int document, Application app) {
    Map<String, String> values = values(app);
    for (int i = 0; i < versions.size() - 1; i++) {
      YamlPath path = fill(versions.get(i), values);
      int entry = firstEntry(path);
      YamlPath container = path.prefix(entry >= 0 ? entry : path.steps().size() - 1);
      Optional<YamlLocation> found = text.locate(document, container);
      if (found.isPresent()
          && (entry < 0
              ? found.get().kind() == YamlKind.MAPPING
              : found.get().kind() == YamlKind.SEQUENCE)) {
        return path;
      }
    }
    return fill(versions.get(versions.size() - 1), values);
  }

  private static int firstEntry(YamlPath path) {
    List<YamlPath.Step> steps = path.steps();
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) instanceof YamlPath.Entry) {
        return i;
      }
    }
    return -1;
  }

  private static int lastEntry(YamlPath path) {
    List<YamlPath.Step> steps = path.steps();
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (steps.get(i) instanceof YamlPath.Entry) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, String> values(Application app) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("app", app.name());
    values.put("chart", app.chartName());
    values.put("image", app.imageRepository());
    return values;
  }

  private static YamlPath fill(YamlPath path, Map<String, String> values) {
    YamlPath filled = YamlPath.root();
    for (YamlPath.Step step : path.steps()) {
      if (step instanceof YamlPath.Key key) {
        filled = filled.key(fill(key.key(), values));
      } else if (step instanceof YamlPath.Entry entry) {
        Map<String, String> fields = new LinkedHashMap<>();
        entry.fields().forEach((f, v) -> fields.put(fill(f, values), fill(v, values)));
        filled = filled.entry(fields);
      } else {
        filled = filled.then(step);
      }
    }
    return filled;
  }

  private static String fill(String text, Map<String, String> values) {
    return fillAll(text, values);
  }

  private static String fillAll(String text, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start());
      out.append(values.getOrDefault(m.group(1), m.group()));
      last = m.end();
    }
    return out.append(text.substring(last)).toString();
  }

  // ----- writing -----------------------------------------------------------------------------

  @Override
  public YamlText write(YamlText text, Application app, String version) {
    Declaration at =
        locate(text, app)
            .orElseThrow(() -> text.mismatch(document(text), fill(versions.get(0), values(app))));
    String current = text.value(at.document(), at.path()).orElse("");
    String digestNow = split(current)[1];
    String value = digestNow == null ? version : version + "@" + digestNow;
    if (value.equals(current)) {
      return text;
    }
    return text.withScalar(at.document(), at.path(), value);
  }

  @Override
  public YamlText pin(YamlText text, Application app, Optional<String> pin) {
    if (!pinsDigests()) {
      return Layout.super.pin(text, app, pin);
    }
    Declaration at =
        locate(text, app)
            .orElseThrow(() -> text.mismatch(document(text), fill(versions.get(0), values(app))));
    String current = text.value(at.document(), at.path()).orElse("");
    String[] parts = split(current);
    if (parts[1] != null || (digest.isEmpty() && pin.isPresent())) {
      String value = parts[0] + pin.map(d -> "@" + d).orElse("");
      return value.equals(current) ? text : text.withScalar(at.document(), at.path(), value);
    }
    if (digest.isEmpty()) {
      return text;
    }
    YamlPath digestAt = digestPath(at);
    YamlPath parent = digestAt.prefix(digestAt.steps().size() - 1);
    String digestKey = ((YamlPath.Key) digestAt.steps().get(digestAt.steps().size() - 1)).key();
    if (pin.isEmpty()) {
      return text.withoutEntry(at.document(), parent, digestKey);
    }
    if (pin.equals(digest(text, app))) {
      return text;
    }
    String versionKey = ((YamlPath.Key) at.path().steps().get(at.path().steps().size() - 1)).key();
    return text.withEntryAfter(at.document(), parent, versionKey, digestKey, pin.get());
  }

  @Override
  public String declare(
      Optional<YamlText> existing,
      Application app,
      String environment,
      String cluster,
      String version) {
    String path = path(app, environment, cluster);
    Map<String, String> values = values(app);
    values.put("env", environment);
    values.put("cluster", cluster);
    values.put("version", version);
    YamlPath versionPath = fill(versions.get(versions.size() - 1), values);
    if (existing.isPresent() && existing.get().documentCount() > 0) {
      return appended(existing.get(), app, environment, versionPath, values);
    }
    if (!newFiles) {
      throw new InvalidManifestException(
          path,
          0,
          0,
          "does not exist, and the "
              + name
              + " layout does not create it; write it by hand with "
              + versionPath
              + " for the first declaration of "
              + app.name());
    }
    String text = template.orElseGet(() -> generated(versionPath));
    extraValues.forEach(values::putIfAbsent);
    if (text.contains("{repoURL}")) {
      values.put("repoURL", requireChartRepository(app, environment));
    }
    return YamlText.fromTemplate(path, text, values).text();
  }

  private String appended(
      YamlText text,
      Application app,
      String environment,
      YamlPath versionPath,
      Map<String, String> values) {
    int entry = lastEntry(versionPath);
    if (pattern.perApp() || entry < 0 || entry != versionPath.steps().size() - 2) {
      throw new InvalidManifestException(
          text.path(),
          0,
          0,
          "already exists but declares no version of " + app.name() + "; fix it by hand");
    }
    int document = document(text);
    YamlPath list = versionPath.prefix(entry);
    Optional<YamlLocation> at = text.locate(document, list);
    if (at.isEmpty() || at.get().kind() != YamlKind.SEQUENCE) {
      throw new InvalidManifestException(
          text.path(),
          at.map(YamlLocation::line).orElse(0),
          at.map(YamlLocation::column).orElse(0),
          "has no " + list + " list to declare " + app.name() + " in; add one");
    }
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (Map.Entry<String, String> field : entryFields(versionPath).entrySet()) {
      String value = field.getValue();
      if (value.contains("{repoURL}")) {
        values.put("repoURL", requireChartRepository(app, environment));
      }
      fields.add(Map.entry(field.getKey(), fillAll(value, values)));
    }
    return text.withMappingItem(document, list, fields).text();
  }

  /** The fields of a new list entry: the configured ones, or the selector's and the version. */
  private Map<String, String> entryFields(YamlPath versionPath) {
    if (!newEntry.isEmpty()) {
      return newEntry;
    }
    int entry = lastEntry(versionPath);
    YamlPath template = versions.get(versions.size() - 1);
    Map<String, String> fields =
        new LinkedHashMap<>(((YamlPath.Entry) template.steps().get(entry)).fields());
    fields.put(((YamlPath.Key) template.steps().get(entry + 1)).key(), "{version}");
    return fields;
  }

  /** A new file with nothing but the path to the version: nested keys and one list entry. */
  private String generated(YamlPath versionPath) {
    StringBuilder out = new StringBuilder(header);
    YamlPath template = versions.get(versions.size() - 1);
    List<YamlPath.Step> steps = template.steps();
    String indent = "";
    for (int i = 0; i < steps.size(); i++) {
      YamlPath.Step step = steps.get(i);
      if (step instanceof YamlPath.Key key) {
        boolean last = i == steps.size() - 1;
        out.append(indent).append(key.key()).append(last ? ": {version}\n" : ":\n");
        indent += "  ";
      } else if (step instanceof YamlPath.Entry && i == steps.size() - 2) {
        String prefix = indent + "- ";
        for (Map.Entry<String, String> field : entryFields(versionPath).entrySet()) {
          out.append(prefix)
              .append(field.getKey())
              .append(": ")
              .append(field.getValue())
              .append('\n');
          prefix = indent + "  ";
        }
        return out.toString();
      } else {
        throw new InvalidManifestException(
            "(new file)",
            0,
            0,
            "cannot be created for the path " + template + "; write the first declaration by hand");
      }
    }
    return out.toString();
  }

  private String requireChartRepository(Application app, String environment) {
    String repository = chartRepositories.of(app);
    if (repository.isEmpty()) {
      throw new IllegalStateException(
          "Cannot declare "
              + app.name()
              + " in "
              + environment
              + ": set the chart repository of new declarations of the "
              + name
              + " layout (chartRepository(...) on its builder, gitops.chartRepository in"
              + " promotion.yaml), for every app or for this one");
    }
    return repository;
  }

  // ----- files -------------------------------------------------------------------------------

  @Override
  public String path(Application app, String environment, String cluster) {
    return pattern.path(app.name(), app.chartName(), environment, cluster);
  }

  @Override
  public List<String> candidates(
      Snapshot snapshot,
      String environment,
      String cluster,
      Apps apps,
      Function<String, Optional<YamlText>> load) {
    if (pattern.perApp()) {
      Set<String> names = new LinkedHashSet<>();
      for (Map<String, String> found :
          pattern.names(
              environment,
              cluster,
              snapshot::files,
              snapshot::directories,
              path -> snapshot.files(parentOf(path)).contains(fileOf(path)))) {
        if (found.containsKey("app")) {
          names.add(found.get("app"));
        } else {
          names.add(appWith("chart", found.get("chart"), apps).orElse(found.get("chart")));
        }
      }
      return List.copyOf(names);
    }
    Optional<YamlText> text = load.apply(pattern.path("app", "chart", environment, cluster));
    if (text.isEmpty() || text.get().documentCount() == 0) {
      return List.of();
    }
    return shared(text.get(), apps);
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static String fileOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The apps a shared file's list entries name, through the selector's placeholders. */
  private List<String> shared(YamlText text, Apps apps) {
    YamlPath template = versions.get(versions.size() - 1);
    int entry = lastEntry(template);
    if (entry < 0) {
      return List.of();
    }
    int document = document(text);
    YamlPath list = template.prefix(entry);
    Map<String, String> fields = ((YamlPath.Entry) template.steps().get(entry)).fields();
    Set<String> names = new LinkedHashSet<>();
    int items = text.size(document, list);
    for (int i = 0; i < items; i++) {
      for (Map.Entry<String, String> field : fields.entrySet()) {
        Matcher m = PLACEHOLDER.matcher(field.getValue());
        if (!m.matches()) {
          continue;
        }
        Optional<String> value = text.value(document, list.index(i).key(field.getKey()));
        if (value.isEmpty()) {
          continue;
        }
        appWith(m.group(1), value.get(), apps).ifPresent(names::add);
        break;
      }
    }
    return List.copyOf(names);
  }

  /** The configured app whose {@code placeholder} is {@code value}, or the app named like it. */
  private static Optional<String> appWith(String placeholder, String value, Apps apps) {
    for (Application app : apps.configured()) {
      if (value.equals(values(app).get(placeholder))) {
        return Optional.of(app.name());
      }
    }
    return Names.isSafe(value) && value.equals(values(apps.named(value)).get(placeholder))
        ? Optional.of(value)
        : Optional.empty();
  }

  @Override
  public Optional<LiveApplication> liveApplication(YamlText text, Application app, String cluster) {
    if (!documentKind.filter("Application"::equals).isPresent() || text.documentCount() == 0) {
      return Optional.empty();
    }
    int document = document(text);
    Optional<String> name = text.value(document, YamlPath.of("metadata", "name"));
    if (name.isEmpty() || name.get().isBlank()) {
      throw text.mismatch(document, YamlPath.of("metadata", "name"));
    }
    return Optional.of(
        new LiveApplication(
            cluster,
            name.get(),
            text.value(document, YamlPath.of("metadata", "namespace")).filter(n -> !n.isBlank())));
  }

  @Override
  public String toString() {
    return name + " layout [" + pattern + ", " + versions.get(versions.size() - 1) + "]";
  }

  /** Builds a {@link PathLayout}; the presets are builders with their settings filled in. */
  public static final class Builder {
    private final String name;
    private String pattern;
    private List<YamlPath> versions = List.of();
    private Optional<YamlPath> digest = Optional.empty();
    private boolean inlineDigest;
    private Optional<String> documentKind = Optional.empty();
    private Optional<String> template = Optional.empty();
    private boolean newFiles = true;
    private String header = "";
    private Map<String, String> newEntry = new LinkedHashMap<>();
    private final Map<String, String> extraValues = new LinkedHashMap<>();
    private boolean requirePerApp;
    private final ChartRepositories chartRepositories = new ChartRepositories();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * The path of the files: {@code {env}} required, {@code {cluster}}, {@code {app}} and {@code
     * {chart}} optional (a pattern without {@code {app}} or {@code {chart}} is a file shared by
     * several apps, such as a kustomization).
     */
    public Builder pattern(String pattern) {
      this.pattern = Objects.requireNonNull(pattern, "pattern");
      return this;
    }

    /**
     * The path of the version in the file ({@link YamlPath#parse} syntax with the placeholders
     * {@code {app}}, {@code {chart}} and {@code {image}}).
     *
     * @throws InvalidPathExpressionException if it does not parse, naming the position
     */
    public Builder version(String expression) {
      return versions(expression);
    }

    /**
     * Several version paths, tried in order: the first whose list (or parent mapping) exists in the
     * file is used, the last one otherwise (Argo CD: {@code spec.sources[chart={chart}]
     * .targetRevision}, then {@code spec.source.targetRevision}).
     *
     * @throws InvalidPathExpressionException if one does not parse, naming the position
     */
    public Builder versions(String... expressions) {
      List<YamlPath> parsed = new ArrayList<>();
      for (String expression : expressions) {
        parsed.add(checked(YamlPath.parse(expression)));
      }
      this.versions = List.copyOf(parsed);
      return this;
    }

    /**
     * The path of the image digest, a key next to the version ({@code image.digest}); without it a
     * digest is written into the version's own field only when {@link #inlineDigest} is on.
     *
     * @throws InvalidPathExpressionException if it does not parse, naming the position
     */
    public Builder digest(String expression) {
      this.digest = Optional.of(checked(YamlPath.parse(expression)));
      return this;
    }

    /** No digest path: digests are not recorded next to the version. */
    public Builder noDigest() {
      this.digest = Optional.empty();
      return this;
    }

    /**
     * Whether the version's field may carry the digest too ({@code 1.2.3@sha256:...}): read as
     * both, and written back in that shape. Off by default (chart versions).
     */
    public Builder inlineDigest(boolean inlineDigest) {
      this.inlineDigest = inlineDigest;
      return this;
    }

    /**
     * The {@code kind} of the document that declares the version in a multi-document file ({@code
     * Application}); the first document when none has it or when unset.
     */
    public Builder documentKind(String kind) {
      this.documentKind = Optional.of(Objects.requireNonNull(kind, "kind"));
      return this;
    }

    /**
     * The text of new files, with the placeholders {@code {app}}, {@code {env}}, {@code {cluster}},
     * {@code {chart}}, {@code {image}}, {@code {repoURL}} and {@code {version}}, filled in the
     * style of the scalar each is in ({@link YamlText#fromTemplate}). Unset: a file with the
     * version's path and nothing else.
     */
    public Builder template(String template) {
      this.template = Optional.of(Objects.requireNonNull(template, "template"));
      return this;
    }

    /** Whether a first declaration may create a new file; true by default. */
    public Builder newFiles(boolean newFiles) {
      this.newFiles = newFiles;
      return this;
    }

    /**
     * The fields of a list entry a first declaration appends to a shared file, in order, with the
     * placeholders of {@link #template}; by default the selector's fields and the version.
     */
    public Builder newEntry(Map<String, String> fields) {
      this.newEntry = new LinkedHashMap<>(fields);
      return this;
    }

    /**
     * For Kustomize presets: the resource new kustomizations build on ({@code ../../base}), empty
     * for none.
     */
    public Builder baseResource(String baseResource) {
      Objects.requireNonNull(baseResource, "baseResource");
      this.header =
          "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
              + (baseResource.isEmpty() ? "" : "resources:\n  - {base}\n");
      extraValues.put("base", baseResource);
      return this;
    }

    /** The Helm chart repository ({@code {repoURL}}) of new declarations. */
    public Builder chartRepository(String chartRepository) {
      chartRepositories.all(chartRepository);
      return this;
    }

    /**
     * The Helm chart repository of new declarations of one app, overriding {@link
     * #chartRepository(String)} for it.
     *
     * @throws dev.promotion.error.InvalidNameException if {@code app} is not a safe name
     */
    public Builder chartRepository(String app, String chartRepository) {
      chartRepositories.app(app, chartRepository);
      return this;
    }

    Builder requirePerApp() {
      this.requirePerApp = true;
      return this;
    }

    /**
     * The layout.
     *
     * @throws IllegalArgumentException if the pattern is missing, lacks {@code {env}}, has an
     *     unknown placeholder, puts {@code {app}} or {@code {chart}} in two segments, or is not a
     *     safe relative path; if the version path is missing; if the digest is not a key next to
     *     the version
     * @throws dev.promotion.error.InvalidNameException if the pattern is not a safe relative path
     */
    public PathLayout build() {
      if (pattern == null) {
        throw new IllegalArgumentException(
            "Set the file pattern, like {app}/values-{env}.yaml: pattern(...)");
      }
      return new PathLayout(this);
    }
  }
}
