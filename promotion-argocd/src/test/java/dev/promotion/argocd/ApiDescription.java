package dev.promotion.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Argo CD's API description (the definitions reachable from {@code v1alpha1Application}) as a
 * checker: every field of an answer must be one the description defines, with its type.
 */
final class ApiDescription {
  private final JsonNode definitions;

  private ApiDescription(JsonNode definitions) {
    this.definitions = definitions;
  }

  static ApiDescription load() throws IOException {
    try (InputStream in = Files.newInputStream(Reference.file("swagger.json"))) {
      return new ApiDescription(new ObjectMapper().readTree(in).path("definitions"));
    }
  }

  /** What in {@code answer} the definition {@code name} does not allow; empty when all fits. */
  List<String> violations(String name, JsonNode answer) {
    List<String> out = new ArrayList<>();
    check(answer, definitions.path(name), name, out);
    return out;
  }

  private void check(JsonNode node, JsonNode schema, String at, List<String> out) {
    if (schema.has("$ref")) {
      String ref = schema.path("$ref").asText();
      check(node, definitions.path(ref.substring(ref.lastIndexOf('/') + 1)), at, out);
      return;
    }
    String type = schema.path("type").asText("object");
    switch (type) {
      case "object" -> {
        if (!node.isObject()) {
          out.add(at + " is not an object");
          return;
        }
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          String path = at + "." + field.getKey();
          if (properties.has(field.getKey())) {
            check(field.getValue(), properties.path(field.getKey()), path, out);
          } else if (schema.has("additionalProperties")) {
            check(field.getValue(), schema.path("additionalProperties"), path, out);
          } else {
            out.add(path + " is not in the API description");
          }
        }
      }
      case "array" -> {
        if (!node.isArray()) {
          out.add(at + " is not an array");
          return;
        }
        for (int i = 0; i < node.size(); i++) {
          check(node.get(i), schema.path("items"), at + "[" + i + "]", out);
        }
      }
      case "string" -> {
        if (!node.isTextual()) {
          out.add(at + " is not a string");
        } else if (schema.path("format").asText().equals("date-time")) {
          try {
            OffsetDateTime.parse(node.asText());
          } catch (DateTimeParseException e) {
            out.add(at + " is not an RFC 3339 time");
          }
        }
      }
      case "integer" -> {
        if (!node.isIntegralNumber()) {
          out.add(at + " is not an integer");
        }
      }
      case "boolean" -> {
        if (!node.isBoolean()) {
          out.add(at + " is not a boolean");
        }
      }
      default -> out.add(at + " has the unknown type " + type);
    }
  }
}
