package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * action.yml and the example workflows against SchemaStore's published schemas for GitHub Actions
 * (copies in src/test/resources/schemastore, with their source commits in its README), validated
 * offline with networknt's json-schema-validator.
 */
@DisplayName("action.yml and the workflows against the GitHub Actions schemas")
class ActionMetadataTest {
  private static final Path ROOT = Path.of("..");
  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_7,
          builder ->
              builder.schemaIdResolvers(
                  ids -> ids.mapPrefix("https://json.schemastore.org/", "classpath:schemastore/")));

  private static List<Error> validate(String schema, Path file) throws Exception {
    Schema actions = SCHEMAS.getSchema(SchemaLocation.of("https://json.schemastore.org/" + schema));
    return actions.validate(Files.readString(file, StandardCharsets.UTF_8), InputFormat.YAML);
  }

  @Test
  @DisplayName("action.yml is valid action metadata")
  void action() throws Exception {
    assertThat(validate("github-action.json", ROOT.resolve("action.yml"))).isEmpty();
  }

  @Test
  @DisplayName("the schema check is real: an action without runs, or with an unknown key, fails")
  void schemaCatchesMistakes() throws Exception {
    Path broken = Files.createTempFile("action", ".yml");
    try {
      Files.writeString(
          broken,
          "name: x\ndescription: y\ninputs:\n  a:\n    required: true\n    typo: 1\n"
              + "runs:\n  using: composite\n  steps:\n    - run: echo\n");
      assertThat(validate("github-action.json", broken))
          .extracting(Error::getMessage)
          .anySatisfy(m -> assertThat(m).contains("typo"))
          .anySatisfy(m -> assertThat(m).contains("description"));
    } finally {
      Files.delete(broken);
    }
  }

  static List<String> workflows() {
    return Workspace.WORKFLOWS;
  }

  @ParameterizedTest
  @MethodSource("workflows")
  @DisplayName("each example workflow is a valid workflow")
  void workflow(String name) throws Exception {
    assertThat(validate("github-workflow.json", ROOT.resolve("examples/github-actions/" + name)))
        .isEmpty();
  }
}
