package dev.promotion.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import dev.promotion.yaml.YamlKind;
import dev.promotion.yaml.YamlLocation;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The JSON Schema of {@code promotion.yaml} ({@code promotion.schema.json}, next to this class),
 * and the check of a file against it, reported in the loader's terms: {@code file:line:column},
 * what is wrong where, and a hint.
 *
 * <p>The schema is the one list of the keys, their shapes and their allowed values: the loader
 * validates every file against it before it reads the values, and editors use the same file through
 * a {@code # yaml-language-server: $schema=...} line. The loader then checks what a schema cannot
 * say (names of environments that exist, URLs, paths, durations in range, keys that only go with a
 * write mode).
 */
final class ConfigSchema {
  /** Where the schema is, on the class path and in the repository. */
  static final String RESOURCE = "promotion.schema.json";

  private static final JsonNode SCHEMA_NODE = readSchema();

  /** JSON Schema 2020-12, knowing {@code x-hint}: the hint shown with a problem at that key. */
  private static final Schema SCHEMA =
      SchemaRegistry.withDialect(
              Dialect.builder(Dialects.getDraft202012())
                  .keyword(new NonValidationKeyword("x-hint"))
                  .build())
          .getSchema(SCHEMA_NODE);

  private ConfigSchema() {}

  /** The schema itself, as JSON. */
  static JsonNode node() {
    return SCHEMA_NODE;
  }

  /**
   * Checks {@code text} (one document) against the schema.
   *
   * @throws ConfigurationException for the first problem in the file's order
   */
  static void validate(String file, YamlText text) {
    List<Error> errors = new ArrayList<>(SCHEMA.validate(tree(text, YamlPath.root())));
    if (errors.isEmpty()) {
      return;
    }
    // The first problem in the file's order, by the node it is about; within one node the most
    // telling, then the first key.
    errors.sort(
        Comparator.comparingInt((Error e) -> position(text, path(e.getInstanceLocation()))[0])
            .thenComparingInt(e -> position(text, path(e.getInstanceLocation()))[1])
            .thenComparingInt(ConfigSchema::priority)
            .thenComparingInt(e -> position(text, where(e))[0])
            .thenComparingInt(e -> position(text, where(e))[1]));
    throw problem(file, text, errors.get(0));
  }

  /** The YAML document as a JSON tree: mappings, lists, and every scalar as its text. */
  private static JsonNode tree(YamlText text, YamlPath at) {
    YamlKind kind = text.locate(0, at).map(YamlLocation::kind).orElse(YamlKind.SCALAR);
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    switch (kind) {
      case MAPPING -> {
        ObjectNode object = nodes.objectNode();
        for (String key : text.keys(0, at)) {
          object.set(key, tree(text, at.key(key)));
        }
        return object;
      }
      case SEQUENCE -> {
        ArrayNode array = nodes.arrayNode();
        for (int i = 0; i < text.size(0, at); i++) {
          array.add(tree(text, at.index(i)));
        }
        return array;
      }
      default -> {
        return nodes.textNode(text.value(0, at).orElse(""));
      }
    }
  }

  private static int priority(Error e) {
    // When one place has several problems, the most telling first: an unknown key, then a missing
    // one, then a value of the wrong shape.
    return switch (e.getKeyword()) {
      case "additionalProperties" -> 0;
      case "required" -> 1;
      case "type" -> 2;
      default -> 3;
    };
  }

  private static int[] position(YamlText text, YamlPath at) {
    Optional<YamlLocation> location = text.locate(0, at);
    return new int[] {
      location.map(YamlLocation::line).orElse(0), location.map(YamlLocation::column).orElse(0)
    };
  }

  /** The YAML node an error is about: for an unknown key, the key itself. */
  private static YamlPath where(Error e) {
    YamlPath path = path(e.getInstanceLocation());
    if (e.getKeyword().equals("additionalProperties") && e.getProperty() != null) {
      return path.key(e.getProperty());
    }
    return path;
  }

  private static YamlPath path(NodePath location) {
    YamlPath path = YamlPath.root();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      path = element instanceof Integer index ? path.index(index) : path.key(element.toString());
    }
    return path;
  }

  private static ConfigurationException problem(String file, YamlText text, Error e) {
    YamlPath at = path(e.getInstanceLocation());
    JsonNode rule = ruleOf(e);
    String here = at.isRoot() ? "the file" : at.toString();
    return switch (e.getKeyword()) {
      case "additionalProperties" -> {
        List<String> known = names(rule.path("properties"));
        String key = e.getProperty();
        yield ConfigurationException.at(
            file,
            text,
            at.key(key),
            "unknown key '" + key + "'" + (at.isRoot() ? "" : " in " + at),
            "The keys here are " + String.join(", ", known) + suggestion(key, known) + ".");
      }
      case "required" ->
          ConfigurationException.at(
              file,
              text,
              at,
              here + " lacks '" + e.getProperty() + "'",
              rule.path("properties")
                  .path(e.getProperty())
                  .path("x-hint")
                  .asText("Add it; see promotion-cli/README.md."));
      case "type", "minProperties", "maxProperties" -> {
        if (isSecret(rule)) {
          yield ConfigurationException.at(
              file,
              text,
              at,
              here + " holds a literal secret, which is refused",
              ConfigLoader.SECRET_HINT);
        }
        yield ConfigurationException.at(
            file,
            text,
            at,
            here + " should be " + shape(rule),
            "Check the indentation; see promotion-cli/README.md.");
      }
      case "enum", "const" -> {
        String value = text.value(0, at).orElse("");
        String what = rule.path("title").asText("value");
        yield ConfigurationException.at(
            file,
            text,
            at,
            here + " names an unknown " + what + " '" + value + "'",
            rule.has("x-hint")
                ? rule.get("x-hint").asText()
                : "Use " + or(names(rule.path("enum"))) + ".");
      }
      case "minItems" ->
          ConfigurationException.at(
              file,
              text,
              at,
              here + " is empty",
              rule.path("x-hint").asText("Add at least one entry; see promotion-cli/README.md."));
      case "pattern", "minLength" ->
          ConfigurationException.at(
              file,
              text,
              at,
              here + " is not " + rule.path("title").asText("in the expected form"),
              rule.path("x-hint").asText("See promotion-cli/README.md."));
      default ->
          ConfigurationException.at(
              file,
              text,
              at,
              here + " is refused: " + e.getMessage(),
              "See promotion-cli/README.md.");
    };
  }

  /** The schema object that holds the failing keyword. */
  private static JsonNode ruleOf(Error e) {
    NodePath fragment = e.getSchemaLocation().getFragment();
    JsonNode node = SCHEMA_NODE;
    // The fragment ends with the keyword itself (and, for enum/required, no more): walk to its
    // parent object, following $ref where the evaluation went through one.
    for (int i = 0; i < fragment.getNameCount() - 1; i++) {
      Object element = fragment.getElement(i);
      node = element instanceof Integer index ? node.path(index) : node.path(element.toString());
    }
    return node;
  }

  private static boolean isSecret(JsonNode rule) {
    return rule.equals(SCHEMA_NODE.path("$defs").path("secret"));
  }

  private static String shape(JsonNode rule) {
    return switch (rule.path("type").asText("")) {
      case "object" -> "a mapping of keys";
      case "array" -> "a list" + (rule.has("title") ? " of " + rule.get("title").asText() : "");
      default -> "a single value";
    };
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(names::add);
    } else if (node.isArray()) {
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        names.add(it.next().asText());
      }
    }
    return names;
  }

  private static String or(List<String> values) {
    if (values.size() <= 1) {
      return String.join("", values);
    }
    return String.join(", ", values.subList(0, values.size() - 1))
        + " or "
        + values.get(values.size() - 1);
  }

  static String suggestion(String key, List<String> known) {
    for (String candidate : known) {
      if (candidate.equalsIgnoreCase(key)
          || candidate.replace("-", "").equalsIgnoreCase(key.replace("-", "").replace("_", ""))) {
        return " (did you mean " + candidate + "?)";
      }
    }
    return "";
  }

  private static JsonNode readSchema() {
    try (InputStream in = ConfigSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
