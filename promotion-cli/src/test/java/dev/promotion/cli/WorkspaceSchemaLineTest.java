package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WorkspaceSchemaLineTest {
  @Test
  @DisplayName("the walkthrough's promotion.yaml names the published schema for editors")
  void namesTheSchema() {
    assertThat(Workspace.CONFIG.lines().findFirst())
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .startsWith(
                        "# yaml-language-server: $schema=https://raw.githubusercontent.com/")
                    .endsWith(
                        "/promotion-cli/src/main/resources/dev/promotion/cli/config/promotion.schema.json"));
  }
}
