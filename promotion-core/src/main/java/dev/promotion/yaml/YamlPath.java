package dev.promotion.yaml;

import dev.promotion.error.InvalidPathExpressionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The way from a document's root to one of its nodes: a list of steps, each a mapping key, a
 * sequence index, or "the sequence entry whose field {@code name} is {@code api}".
 *
 * <pre>{@code
 * YamlPath.of("spec", "source", "targetRevision")
 * YamlPath.of("spec", "source", "helm", "parameters").named("image.tag").key("value")
 * YamlPath.of("images").entry("name", "ghcr.io/acme/api").key("newTag")
 * }</pre>
 *
 * <p>Instances are immutable values.
 */
public final class YamlPath {
  private static final YamlPath ROOT = new YamlPath(List.of());

  /** One step of a path. */
  public sealed interface Step permits Key, Index, Entry {}

  /** The value of {@code key} in a mapping. */
  public record Key(String key) implements Step {
    public Key {
      Objects.requireNonNull(key, "key");
    }
  }

  /** The item at {@code index} (0-based) of a sequence. */
  public record Index(int index) implements Step {
    public Index {
      if (index < 0) {
        throw new IllegalArgumentException("a sequence index cannot be negative: " + index);
      }
    }
  }

  /**
   * The item of a sequence that is a mapping whose every field (a key of {@code fields}) is the
   * scalar given as its value, such as {@code [name=api,releaseName=api]}.
   */
  public record Entry(Map<String, String> fields) implements Step {
    public Entry {
      if (fields.isEmpty()) {
        throw new IllegalArgumentException("a selector has at least one field");
      }
      Map<String, String> copy = new LinkedHashMap<>();
      fields.forEach(
          (field, value) ->
              copy.put(
                  Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value")));
      fields = Collections.unmodifiableMap(copy);
    }

    /** The entry whose {@code field} is {@code value}. */
    public Entry(String field, String value) {
      this(Map.of(Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value")));
    }

    /** {@code [field=value,...]}, in the order the fields were given. */
    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("[");
      fields.forEach(
          (field, value) ->
              out.append(out.length() == 1 ? "" : ",").append(field).append('=').append(value));
      return out.append(']').toString();
    }
  }

  private final List<Step> steps;

  private YamlPath(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** The document's root node itself. */
  public static YamlPath root() {
    return ROOT;
  }

  /** A path of mapping keys, from the root down. */
  public static YamlPath of(String... keys) {
    YamlPath path = ROOT;
    for (String key : keys) {
      path = path.key(key);
    }
    return path;
  }

  /** This path followed by the value of {@code key}. */
  public YamlPath key(String key) {
    return then0(new Key(key));
  }

  /** This path followed by the sequence item at {@code index}. */
  public YamlPath index(int index) {
    return then0(new Index(index));
  }

  /** This path followed by the sequence entry whose {@code field} is {@code value}. */
  public YamlPath entry(String field, String value) {
    return then0(new Entry(field, value));
  }

  /** This path followed by the sequence entry whose every field has the given value. */
  public YamlPath entry(Map<String, String> fields) {
    return then0(new Entry(fields));
  }

  /** This path followed by {@code step}. */
  public YamlPath then(Step step) {
    return then0(Objects.requireNonNull(step, "step"));
  }

  /**
   * Parses an expression such as {@code spec.sources[chart=api].targetRevision}, {@code
   * helmCharts[name=api,releaseName=api-canary].version} or {@code images[0].newTag}: keys
   * separated by {@code .}, each followed by any number of selectors, {@code [N]} (an index) or
   * {@code [field=value,...]} (the entry whose fields have these values; a value runs to the next
   * {@code ,} or {@code ]}, so {@code [name=image.tag]} selects the parameter named {@code
   * image.tag}). A key that contains {@code .}, {@code [}, {@code ]} or {@code "} is written {@code
   * ["a.b"]}, with {@code \\} and {@code \"} escapes, as {@link #toString()} writes it.
   *
   * @throws InvalidPathExpressionException naming the 1-based position of the first wrong character
   */
  public static YamlPath parse(String expression) {
    return new PathParser(Objects.requireNonNull(expression, "expression")).parse();
  }

  /** This path followed by the sequence entry whose {@code name} is {@code name}. */
  public YamlPath named(String name) {
    return entry("name", name);
  }

  private YamlPath then0(Step step) {
    List<Step> longer = new ArrayList<>(steps.size() + 1);
    longer.addAll(steps);
    longer.add(step);
    return new YamlPath(longer);
  }

  /** The first {@code count} steps of this path. */
  public YamlPath prefix(int count) {
    return new YamlPath(steps.subList(0, count));
  }

  /** The steps, from the root down. */
  public List<Step> steps() {
    return steps;
  }

  /** Whether this is the root path, with no steps. */
  public boolean isRoot() {
    return steps.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof YamlPath other && steps.equals(other.steps);
  }

  @Override
  public int hashCode() {
    return steps.hashCode();
  }

  /** A readable form such as {@code spec.source.helm.parameters[name=image.tag].value}. */
  @Override
  public String toString() {
    if (steps.isEmpty()) {
      return "(root)";
    }
    StringBuilder out = new StringBuilder();
    for (Step step : steps) {
      if (step instanceof Key k) {
        appendKey(out, k.key());
      } else if (step instanceof Index i) {
        out.append('[').append(i.index()).append(']');
      } else if (step instanceof Entry e) {
        out.append(e);
      }
    }
    return out.toString();
  }

  private static void appendKey(StringBuilder out, String key) {
    boolean simple = !key.isEmpty() && key.chars().noneMatch(c -> ".[]\"".indexOf(c) >= 0);
    if (simple) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(key);
    } else {
      out.append("[\"").append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
    }
  }
}
