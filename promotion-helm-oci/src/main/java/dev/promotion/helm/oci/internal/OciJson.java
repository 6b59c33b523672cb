package dev.promotion.helm.oci.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promotion.error.InvalidManifestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the JSON documents of an image layout ({@code index.json}, manifests, the Helm
 * config) byte for byte as Go's {@code encoding/json} would: fields in struct order, map keys
 * sorted, no whitespace, and {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped. Reading is
 * strict and bounded: duplicate keys, deep nesting and long strings are refused.
 *
 * <p>Internal: shared by the promotion registry modules, not a supported API; it may change in any
 * release.
 */
public final class OciJson {
  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper MAPPER = mapper();

  private OciJson() {}

  private static ObjectMapper mapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxStringLength(1024 * 1024)
                    .maxNumberLength(32)
                    .maxNameLength(4096)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    factory.setCharacterEscapes(new GoEscapes());
    factory.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return new ObjectMapper(factory);
  }

  public static byte[] write(JsonNode node) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MAPPER.writeValue(out, node);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode parse(String path, byte[] json) {
    try (JsonParser parser = MAPPER.createParser(json)) {
      JsonNode node = MAPPER.readTree(parser);
      if (node == null || !node.isObject()) {
        throw new InvalidManifestException(path, 0, 0, "is not a JSON object");
      }
      if (parser.nextToken() != null) {
        throw new InvalidManifestException(path, 0, 0, "has content after its JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidManifestException(
          path,
          at == null ? 0 : Math.max(0, at.getLineNr()),
          at == null ? 0 : Math.max(0, at.getColumnNr()),
          "is not valid JSON (" + e.getOriginalMessage() + ")",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- index.json ----

  public static byte[] writeIndex(List<Descriptor> manifests) {
    ObjectNode index = NODES.objectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.IMAGE_INDEX);
    ArrayNode array = index.putArray("manifests");
    manifests.forEach(d -> array.add(descriptor(d)));
    return write(index);
  }

  public static List<Descriptor> readIndex(String path, byte[] json) {
    JsonNode index = parse(path, json);
    requireSchemaVersion2(path, index);
    JsonNode manifests = index.get("manifests");
    if (manifests == null || manifests.isNull()) {
      return List.of();
    }
    if (!manifests.isArray()) {
      throw new InvalidManifestException(path, 0, 0, "has 'manifests' that is not an array");
    }
    List<Descriptor> descriptors = new ArrayList<>();
    for (JsonNode node : manifests) {
      descriptors.add(descriptor(path, node));
    }
    return descriptors;
  }

  // ---- manifests ----

  public static byte[] writeManifest(Manifest manifest) {
    ObjectNode node = NODES.objectNode();
    node.put("schemaVersion", 2);
    node.put("mediaType", MediaTypes.IMAGE_MANIFEST);
    node.set("config", descriptor(manifest.config()));
    ArrayNode layers = node.putArray("layers");
    manifest.layers().forEach(d -> layers.add(descriptor(d)));
    if (!manifest.annotations().isEmpty()) {
      node.set("annotations", stringMap(manifest.annotations()));
    }
    return write(node);
  }

  public static Manifest readManifest(String path, byte[] json) {
    JsonNode node = parse(path, json);
    requireSchemaVersion2(path, node);
    JsonNode mediaType = node.get("mediaType");
    if (mediaType != null && !MediaTypes.IMAGE_MANIFEST.equals(mediaType.asText())) {
      throw new InvalidManifestException(
          path, 0, 0, "is a " + mediaType.asText() + ", not an OCI image manifest");
    }
    JsonNode config = node.get("config");
    if (config == null) {
      throw new InvalidManifestException(path, 0, 0, "has no 'config'");
    }
    JsonNode layers = node.get("layers");
    if (layers == null || !layers.isArray()) {
      throw new InvalidManifestException(path, 0, 0, "has no 'layers' array");
    }
    List<Descriptor> descriptors = new ArrayList<>();
    for (JsonNode layer : layers) {
      descriptors.add(descriptor(path, layer));
    }
    return new Manifest(
        descriptor(path, config), descriptors, stringMap(path, node.get("annotations")));
  }

  // ---- pieces ----

  private static void requireSchemaVersion2(String path, JsonNode node) {
    JsonNode version = node.get("schemaVersion");
    if (version == null || !version.isInt() || version.intValue() != 2) {
      throw new InvalidManifestException(path, 0, 0, "does not have schemaVersion 2");
    }
  }

  private static ObjectNode descriptor(Descriptor d) {
    ObjectNode node = NODES.objectNode();
    node.put("mediaType", d.mediaType());
    node.put("digest", d.digest());
    node.put("size", d.size());
    if (!d.annotations().isEmpty()) {
      node.set("annotations", stringMap(d.annotations()));
    }
    return node;
  }

  private static Descriptor descriptor(String path, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidManifestException(path, 0, 0, "has a descriptor that is not an object");
    }
    JsonNode mediaType = node.get("mediaType");
    JsonNode digest = node.get("digest");
    JsonNode size = node.get("size");
    if (mediaType == null || !mediaType.isTextual()) {
      throw new InvalidManifestException(path, 0, 0, "has a descriptor without a mediaType");
    }
    if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
      throw new InvalidManifestException(path, 0, 0, "has a descriptor without a valid size");
    }
    try {
      return new Descriptor(
          mediaType.asText(),
          digest == null ? null : digest.asText(),
          size.asLong(),
          stringMap(path, node.get("annotations")));
    } catch (IllegalArgumentException e) {
      throw new InvalidManifestException(
          path, 0, 0, "has a descriptor with an invalid digest: " + e.getMessage(), e);
    }
  }

  private static ObjectNode stringMap(Map<String, String> map) {
    ObjectNode node = NODES.objectNode();
    new TreeMap<>(map).forEach(node::put);
    return node;
  }

  private static Map<String, String> stringMap(String path, JsonNode node) {
    Map<String, String> map = new TreeMap<>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      throw new InvalidManifestException(path, 0, 0, "has annotations that are not an object");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isTextual()) {
        throw new InvalidManifestException(
            path, 0, 0, "has the annotation " + entry.getKey() + " that is not a string");
      }
      map.put(entry.getKey(), entry.getValue().asText());
    }
    return map;
  }

  /** The characters Go's {@code encoding/json} escapes by default, beyond JSON's own. */
  private static final class GoEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] escapes;

    GoEscapes() {
      escapes = standardAsciiEscapesForJSON();
      escapes['<'] = ESCAPE_CUSTOM;
      escapes['>'] = ESCAPE_CUSTOM;
      escapes['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return switch (ch) {
        case '<' -> new SerializedString("\\u003c");
        case '>' -> new SerializedString("\\u003e");
        case '&' -> new SerializedString("\\u0026");
        case 0x2028 -> new SerializedString("\\u2028");
        case 0x2029 -> new SerializedString("\\u2029");
        default -> null;
      };
    }
  }
}
