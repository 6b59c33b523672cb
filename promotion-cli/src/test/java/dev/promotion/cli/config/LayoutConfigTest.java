package dev.promotion.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("promotion.yaml: gitops.layout presets and a team's own pattern and versionPath")
class LayoutConfigTest {
  private static String config(String layoutLines) {
    return """
        pipeline:
          environments:
            - name: dev
              clusters: [preprod]
            - name: prod
              clusters: [production]
          release: prod
        apps:
          - name: api
        gitops:
          path: /work/gitops
        """
        + layoutLines
        + """
        registry:
          type: oci-layout
          path: charts
        scm:
          type: git
          path: /work/api
        """;
  }

  @Test
  @DisplayName("a preset is named by layout, and versionPath/digestPath override its paths")
  void presets() {
    PromotionConfig values = ConfigText.parse(config("  layout: helm-values\n"));
    PromotionConfig umbrella =
        ConfigText.parse(
            config(
                "  layout: umbrella-chart\n"
                    + "  versionPath: dependencies[name={chart},alias={app}].version\n"));

    assertThat(values.gitops().layout()).isEqualTo(PromotionConfig.Layout.of("helm-values"));
    assertThat(umbrella.gitops().layout().versionPath())
        .contains("dependencies[name={chart},alias={app}].version");
    assertThat(ConfigText.parse(config("")).gitops().layout())
        .isEqualTo(PromotionConfig.Layout.ARGOCD);
  }

  @Test
  @DisplayName("pattern and versionPath without a layout make a custom layout")
  void custom() {
    PromotionConfig config =
        ConfigText.parse(
            config(
                "  pattern: \"deploy/{env}/{app}.values.yaml\"\n"
                    + "  versionPath: app.image.tag\n"
                    + "  digestPath: app.image.digest\n"));

    assertThat(config.gitops().layout())
        .isEqualTo(
            new PromotionConfig.Layout(
                "custom", Optional.of("app.image.tag"), Optional.of("app.image.digest")));
    assertThat(config.gitops().layout().builder(config.gitops().pattern()).build().pinsDigests())
        .isTrue();
  }

  @Test
  @DisplayName("a versionPath that does not parse is an error at its line with the position")
  void badVersionPath() {
    ConfigurationException e =
        ConfigText.error(
            config("  pattern: \"{app}/values-{env}.yaml\"\n  versionPath: image[name=.tag\n"));

    assertThat(e.line()).contains(13);
    assertThat(e.getMessage())
        .contains("gitops.versionPath is not a path into YAML")
        .contains("position 6")
        .contains("never closed");
  }

  @Test
  @DisplayName(
      "a custom layout without versionPath, an unknown layout, a digest path not next to"
          + " the version: each an error at its place")
  void refused() {
    ConfigurationException noPath =
        ConfigText.error(config("  layout: custom\n  pattern: \"{app}/values-{env}.yaml\"\n"));
    ConfigurationException unknown = ConfigText.error(config("  layout: flux\n"));
    ConfigurationException digest =
        ConfigText.error(config("  layout: helm-values\n  digestPath: digest\n"));

    assertThat(noPath.getMessage()).contains("without versionPath");
    assertThat(unknown.getMessage())
        .contains("gitops.layout names an unknown layout 'flux'")
        .contains("helm-values")
        .contains("umbrella-chart");
    assertThat(digest.getMessage())
        .contains("gitops.digestPath does not fit the helm-values layout")
        .contains("next to the version");
  }
}
