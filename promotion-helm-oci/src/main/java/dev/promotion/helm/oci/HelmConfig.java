package dev.promotion.helm.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promotion.chart.ChartYaml;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.helm.oci.internal.OciJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * The Helm config blob and the manifest annotations of a chart, derived from its {@code Chart.yaml}
 * as Helm's {@code pkg/registry} derives them: the config is {@code chart.Metadata} marshalled by
 * Go (fields in struct order, empty ones left out), the annotations are Helm's {@code
 * generateOCIAnnotations} without {@code org.opencontainers.image.created}, which would make the
 * manifest digest depend on the time of the push.
 */
record HelmConfig(byte[] json, Map<String, String> annotations) {
  static final String TITLE = "org.opencontainers.image.title";
  static final String VERSION = "org.opencontainers.image.version";
  static final String DESCRIPTION = "org.opencontainers.image.description";
  static final String URL = "org.opencontainers.image.url";
  static final String SOURCE = "org.opencontainers.image.source";
  static final String AUTHORS = "org.opencontainers.image.authors";

  private static final Set<String> TRUE = Set.of("true", "yes", "on", "y");
  private static final Set<String> FALSE = Set.of("false", "no", "off", "n");
  private static final String PATH = "Chart.yaml";

  /**
   * Reads a {@code Chart.yaml}. The text is first validated by {@link ChartYaml} (limits on size,
   * aliases, depth and tags), then loaded with the failsafe schema, so that every scalar stays the
   * string the author wrote ({@code appVersion: 1.10} is {@code "1.10"}).
   */
  static HelmConfig of(String chartYamlText) {
    ChartYaml.parse(PATH, chartYamlText);
    Object loaded =
        new Load(LoadSettings.builder().setSchema(new FailsafeSchema()).build())
            .loadFromString(chartYamlText);
    if (!(loaded instanceof Map<?, ?> yaml)) {
      throw new InvalidManifestException(PATH, 0, 0, "is not a mapping");
    }
    ObjectNode config = OciJson.NODES.objectNode();
    putString(config, yaml, "name");
    putString(config, yaml, "home");
    putStrings(config, yaml, "sources");
    putString(config, yaml, "version");
    putString(config, yaml, "description");
    putStrings(config, yaml, "keywords");
    putMaintainers(config, yaml);
    putString(config, yaml, "icon");
    putString(config, yaml, "apiVersion");
    putString(config, yaml, "condition");
    putString(config, yaml, "tags");
    putString(config, yaml, "appVersion");
    if (bool(yaml, "deprecated")) {
      config.put("deprecated", true);
    }
    Map<String, String> chartAnnotations = stringMap(yaml.get("annotations"), "annotations");
    if (!chartAnnotations.isEmpty()) {
      ObjectNode node = config.putObject("annotations");
      chartAnnotations.forEach(node::put);
    }
    putString(config, yaml, "kubeVersion");
    putDependencies(config, yaml);
    putString(config, yaml, "type");
    return new HelmConfig(OciJson.write(config), annotations(config, chartAnnotations));
  }

  private static Map<String, String> annotations(
      ObjectNode config, Map<String, String> chartAnnotations) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(DESCRIPTION, config.path("description").asText(""));
    annotations.put(TITLE, config.path("name").asText(""));
    annotations.put(VERSION, config.path("version").asText(""));
    annotations.put(URL, config.path("home").asText(""));
    if (config.has("sources")) {
      annotations.put(SOURCE, config.get("sources").path(0).asText(""));
    }
    if (config.has("maintainers")) {
      StringBuilder authors = new StringBuilder();
      ArrayNode maintainers = (ArrayNode) config.get("maintainers");
      for (int i = 0; i < maintainers.size(); i++) {
        authors.append(maintainers.get(i).path("name").asText(""));
        String email = maintainers.get(i).path("email").asText("");
        if (!email.isEmpty()) {
          authors.append(" (").append(email).append(')');
        }
        if (i < maintainers.size() - 1) {
          authors.append(", ");
        }
      }
      annotations.put(AUTHORS, authors.toString());
    }
    chartAnnotations.forEach(
        (key, value) -> {
          if (!key.equals(TITLE) && !key.equals(VERSION)) {
            annotations.put(key, value);
          }
        });
    annotations.values().removeIf(String::isEmpty);
    return new TreeMap<>(annotations);
  }

  private static void putString(ObjectNode node, Map<?, ?> yaml, String field) {
    String value = string(yaml.get(field), field);
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }

  private static void putStrings(ObjectNode node, Map<?, ?> yaml, String field) {
    List<String> values = strings(yaml.get(field), field);
    if (!values.isEmpty()) {
      ArrayNode array = node.putArray(field);
      values.forEach(array::add);
    }
  }

  private static void putMaintainers(ObjectNode node, Map<?, ?> yaml) {
    List<?> maintainers = list(yaml.get("maintainers"), "maintainers");
    if (maintainers.isEmpty()) {
      return;
    }
    ArrayNode array = node.putArray("maintainers");
    for (Object maintainer : maintainers) {
      Map<?, ?> fields = map(maintainer, "maintainers");
      ObjectNode entry = array.addObject();
      putString(entry, fields, "name");
      putString(entry, fields, "email");
      putString(entry, fields, "url");
    }
  }

  private static void putDependencies(ObjectNode node, Map<?, ?> yaml) {
    List<?> dependencies = list(yaml.get("dependencies"), "dependencies");
    if (dependencies.isEmpty()) {
      return;
    }
    ArrayNode array = node.putArray("dependencies");
    for (Object dependency : dependencies) {
      Map<?, ?> fields = map(dependency, "dependencies");
      ObjectNode entry = array.addObject();
      entry.put("name", string(fields.get("name"), "dependencies.name"));
      putString(entry, fields, "version");
      entry.put("repository", string(fields.get("repository"), "dependencies.repository"));
      putString(entry, fields, "condition");
      putStrings(entry, fields, "tags");
      if (bool(fields, "enabled")) {
        entry.put("enabled", true);
      }
      List<?> importValues = list(fields.get("import-values"), "dependencies.import-values");
      if (!importValues.isEmpty()) {
        ArrayNode values = entry.putArray("import-values");
        for (Object value : importValues) {
          if (value instanceof Map<?, ?> mapping) {
            ObjectNode object = values.addObject();
            stringMap(mapping, "dependencies.import-values").forEach(object::put);
          } else {
            values.add(string(value, "dependencies.import-values"));
          }
        }
      }
      putString(entry, fields, "alias");
    }
  }

  private static boolean bool(Map<?, ?> yaml, String field) {
    String value = string(yaml.get(field), field).toLowerCase(Locale.ROOT);
    if (value.isEmpty() || FALSE.contains(value)) {
      return false;
    }
    if (TRUE.contains(value)) {
      return true;
    }
    throw new InvalidManifestException(PATH, 0, 0, "has '" + field + "' that is not a boolean");
  }

  private static String string(Object value, String field) {
    if (value == null) {
      return "";
    }
    if (value instanceof String text) {
      return text;
    }
    throw new InvalidManifestException(PATH, 0, 0, "has '" + field + "' that is not a string");
  }

  private static List<String> strings(Object value, String field) {
    return list(value, field).stream().map(item -> string(item, field)).toList();
  }

  private static List<?> list(Object value, String field) {
    if (value == null || "".equals(value)) {
      return List.of();
    }
    if (value instanceof List<?> items) {
      return items;
    }
    throw new InvalidManifestException(PATH, 0, 0, "has '" + field + "' that is not a list");
  }

  private static Map<?, ?> map(Object value, String field) {
    if (value instanceof Map<?, ?> fields) {
      return fields;
    }
    throw new InvalidManifestException(PATH, 0, 0, "has '" + field + "' that is not a mapping");
  }

  private static Map<String, String> stringMap(Object value, String field) {
    Map<String, String> result = new TreeMap<>();
    if (value == null || "".equals(value)) {
      return result;
    }
    map(value, field).forEach((k, v) -> result.put(string(k, field), string(v, field)));
    return result;
  }
}
