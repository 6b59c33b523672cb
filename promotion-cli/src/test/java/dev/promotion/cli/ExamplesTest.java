package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.cli.config.ConfigLoader;
import dev.promotion.cli.config.PromotionConfig;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("examples/github-actions")
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "github-actions");

  @Test
  @DisplayName("its promotion.yaml loads: GitHub, ECR and a GitOps URL, secrets from variables")
  void configuration() {
    PromotionConfig config = ConfigLoader.load(EXAMPLES.resolve("promotion.yaml"));

    assertThat(config.scm()).isInstanceOf(PromotionConfig.Scm.GitHub.class);
    assertThat(config.registry()).isInstanceOf(PromotionConfig.Registry.Ecr.class);
    assertThat(config.gitops().location()).isInstanceOf(PromotionConfig.Location.Remote.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "publish-dev.yaml",
        "promote-test.yaml",
        "promote-staging.yaml",
        "release-prod.yaml",
        "hotfix.yaml",
        "bump-version.yaml"
      })
  @DisplayName("each of the six workflows is YAML with OIDC permission and calls the command line")
  void workflow(String name) throws Exception {
    String text = Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8);
    YamlText yaml = YamlText.parse(name, text);

    assertThat(yaml.value(YamlPath.of("permissions", "id-token"))).contains("write");
    assertThat(yaml.keys(0, YamlPath.of("on"))).contains("workflow_dispatch");
    assertThat(text)
        .containsPattern("(?m)^\\s+(run: |)promotion (publish-dev|promote|release|hotfix|bump)");
  }
}
