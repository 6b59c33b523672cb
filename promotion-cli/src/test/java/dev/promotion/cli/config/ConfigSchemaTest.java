package dev.promotion.cli.config;

import static dev.promotion.cli.config.ConfigText.error;
import static dev.promotion.cli.config.ConfigText.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("promotion.yaml's JSON Schema")
class ConfigSchemaTest {
  /** The schema as published in the repository (the loader reads the same file). */
  static final Path PUBLISHED =
      Path.of("src/main/resources/dev/promotion/cli/config/promotion.schema.json");

  static final String EDITOR_LINE =
      "# yaml-language-server: $schema=https://raw.githubusercontent.com/promotion-dev/promotion/"
          + "main/promotion-cli/src/main/resources/dev/promotion/cli/config/promotion.schema.json";

  private static final String BASE =
      """
      pipeline:
        environments:
          - name: dev
          - name: prod
        release: prod
      apps:
        - name: api
      gitops:
        path: gitops
      registry:
        type: oci-layout
        path: charts
      scm:
        type: git
        path: app
      """;

  @Test
  @DisplayName("is itself a valid JSON Schema 2020-12 document")
  void validAgainstTheMetaSchema() {
    List<Error> errors =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"))
            .validate(ConfigSchema.node());

    assertThat(errors).isEmpty();
  }

  @Test
  @DisplayName("documents every key it admits")
  void everyKeyIsDocumented() {
    List<String> undocumented = new ArrayList<>();
    walk(ConfigSchema.node(), "", undocumented);

    assertThat(undocumented).isEmpty();
    assertThat(
            ConfigSchema.node()
                .at("/properties/gitops/properties/retryDeadline/description")
                .asText())
        .contains("60s");
  }

  private static void walk(JsonNode node, String at, List<String> undocumented) {
    if (node.isObject()) {
      JsonNode properties = node.get("properties");
      if (properties != null && properties.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> property = it.next();
          if (!isDocumented(property.getValue()) && !property.getKey().equals("type")) {
            undocumented.add(at + "/" + property.getKey());
          }
        }
      }
      node.fields().forEachRemaining(f -> walk(f.getValue(), at + "/" + f.getKey(), undocumented));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), at + "/" + i, undocumented);
      }
    }
  }

  private static boolean isDocumented(JsonNode property) {
    if (property.has("description")) {
      return true;
    }
    JsonNode ref = property.get("$ref");
    return ref != null && ConfigSchema.node().at(ref.asText().substring(1)).has("description");
  }

  @Test
  @DisplayName("the published file is the one the loader validates against")
  void publishedIsTheLoadersSchema() throws IOException {
    JsonNode published =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(PUBLISHED.toFile());

    assertThat(published).isEqualTo(ConfigSchema.node());
    assertThat(published.get("$id").asText()).isEqualTo(EDITOR_LINE.split("=", 2)[1]);
  }

  @Test
  @DisplayName("the example configuration names it for editors, and loads")
  void examplesNameTheSchema() throws IOException {
    Path example = Path.of("../examples/github-actions/promotion.yaml");
    String text = Files.readString(example, StandardCharsets.UTF_8);

    assertThat(text.lines().findFirst()).contains(EDITOR_LINE);
  }

  @Test
  @DisplayName("offers exactly the layouts the engine has, and custom")
  void layoutsAreTheEnginesPresets() {
    List<String> offered = new ArrayList<>();
    ConfigSchema.node()
        .at("/properties/gitops/properties/layout/enum")
        .forEach(v -> offered.add(v.asText()));

    List<String> expected = new ArrayList<>(dev.promotion.gitops.PathLayout.PRESETS);
    expected.add(PromotionConfig.Layout.CUSTOM);
    assertThat(offered).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  @DisplayName("a small complete file passes")
  void smallFilePasses() {
    assertThat(parse(BASE).applications()).hasSize(1);
  }

  @Test
  @DisplayName("an unknown key deep inside is reported at its line and column, with the keys there")
  void unknownKeyDeepInside() {
    ConfigurationException e =
        error(
            BASE
                + """
                notifications:
                  - type: webhook
                    url: {env: HOOK}
                    colour: red
                """);

    assertThat(e.getMessage())
        .startsWith("promotion.yaml:19:13: unknown key 'colour' in notifications[0].")
        .contains("The keys here are type, name, url, secret, timeout, retries, events.");
  }

  @Test
  @DisplayName("a key spelt in another case is suggested")
  void suggestion() {
    ConfigurationException e = error(BASE.replace("  path: gitops", "  Path: gitops"));

    assertThat(e.getMessage())
        .startsWith("promotion.yaml:9:9: unknown key 'Path' in gitops.")
        .contains("(did you mean path?)");
  }

  @Test
  @DisplayName("the keys of a registry depend on its type")
  void keysByType() {
    ConfigurationException e =
        error(BASE.replace("type: oci-layout\n  path: charts", "type: ecr\n  path: charts"));

    assertThat(e.getMessage())
        .startsWith("promotion.yaml:12:9: unknown key 'path' in registry.")
        .contains("The keys here are type, region, registryId, repositoryPrefix.");
  }

  @Test
  @DisplayName("a value outside its list names the choices")
  void enumValue() {
    ConfigurationException e =
        error(BASE.replace("  path: gitops", "  path: gitops\n  layout: helm"));

    assertThat(e.getMessage())
        .startsWith("promotion.yaml:10:11: gitops.layout names an unknown layout 'helm'.")
        .contains("Use argocd");
  }

  @Test
  @DisplayName("a malformed duration is refused with the forms it takes")
  void duration() {
    ConfigurationException e = error(BASE + "gates:\n  soak:\n    dev: soon\n");

    assertThat(e.getMessage())
        .startsWith("promotion.yaml:18:10: gates.soak.dev is not a duration.")
        .contains("90s, 30m, 24h, 2d");
  }
}
