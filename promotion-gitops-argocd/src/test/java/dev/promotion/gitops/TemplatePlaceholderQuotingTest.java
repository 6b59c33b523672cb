package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.pipeline.Application;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlText;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * New manifests are written from templates. A name such as {@code on} (an app) or {@code 01} (a
 * cluster) is a boolean or a number for go-yaml, which Argo CD and kustomize read with, so a
 * placeholder's value is written as a scalar that every reader reads back as that string.
 */
@DisplayName("template placeholders in new manifests")
class TemplatePlaceholderQuotingTest {
  private static final Application ON = new Application("on", "yes", "charts/on", "0X1F");

  @Test
  @DisplayName("the Argo CD template quotes an app named on, a chart named yes, a cluster named 01")
  void argoCdDefaultTemplate() {
    // when
    String text =
        ArgoCdLayout.of("oci://registry.example.com/charts")
            .declare(Optional.empty(), ON, "dev", "01", "0.2.0");

    // then
    assertThat(text)
        .contains("  name: on-dev\n")
        .contains("    chart: \"yes\"\n")
        .contains("    targetRevision: 0.2.0\n")
        .contains("    name: \"01\"\n")
        .contains("    namespace: \"on\"\n");
    YamlText yaml = YamlText.parse("on.yaml", text);
    assertThat(yaml.value(YamlPath.of("spec", "destination", "name"))).contains("01");
    assertThat(yaml.value(YamlPath.of("spec", "destination", "namespace"))).contains("on");
    assertThat(yaml.value(YamlPath.of("spec", "source", "chart"))).contains("yes");
  }

  @Test
  @DisplayName("a custom template keeps its quoting style, and its comments get the plain name")
  void customTemplate() {
    PathLayout layout =
        ArgoCdLayout.builder()
            .chartRepository("oci://r")
            .template(
                "# {app} on {cluster}\n"
                    + "kind: Application\n"
                    + "metadata: {name: {app}, labels: {cluster: '{cluster}'}}\n"
                    + "spec:\n"
                    + "  source: {repoURL: \"{repoURL}\", chart: {chart},"
                    + " targetRevision: {version}}\n"
                    + "  destination:\n"
                    + "    name: '{cluster}-{env}'\n"
                    + "    namespace: \"{app}\"\n")
            .build();

    String text = layout.declare(Optional.empty(), ON, "dev", "0o17", "0.2.0");

    assertThat(text)
        .isEqualTo(
            "# on on 0o17\n"
                + "kind: Application\n"
                + "metadata: {name: \"on\", labels: {cluster: '0o17'}}\n"
                + "spec:\n"
                + "  source: {repoURL: \"oci://r\", chart: \"yes\", targetRevision: 0.2.0}\n"
                + "  destination:\n"
                + "    name: '0o17-dev'\n"
                + "    namespace: \"on\"\n");
  }

  @Test
  @DisplayName("a template that is not YAML once its placeholders are filled is a typed error")
  void invalidTemplate() {
    PathLayout layout =
        ArgoCdLayout.builder().chartRepository("oci://r").template("a: [{app}\n").build();

    assertThatThrownBy(() -> layout.declare(Optional.empty(), ON, "dev", "01", "0.2.0"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("template");
  }

  @Test
  @DisplayName("a new kustomization quotes the image, chart and release names")
  void kustomizeNewFile() {
    String images =
        KustomizeLayout.images().build().declare(Optional.empty(), ON, "dev", "01", "1.0.0");
    String charts =
        KustomizeLayout.helmCharts()
            .chartRepository("https://charts.example.com")
            .build()
            .declare(Optional.empty(), ON, "dev", "01", "1.0.0");

    assertThat(images)
        .isEqualTo(
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
                + "  - ../../base\nimages:\n  - name: \"0X1F\"\n    newTag: 1.0.0\n");
    assertThat(charts)
        .isEqualTo(
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
                + "  - ../../base\nhelmCharts:\n  - name: \"yes\"\n"
                + "    repo: https://charts.example.com\n    version: 1.0.0\n"
                + "    releaseName: \"on\"\n");
  }

  @Test
  @DisplayName("an entry appended to an existing kustomization quotes its values too")
  void kustomizeExistingFile() {
    YamlText existing = YamlText.parse("k.yaml", "images:\n  - name: web\n    newTag: 1.0.0\n");

    String text =
        KustomizeLayout.images().build().declare(Optional.of(existing), ON, "dev", "01", "1.0.0");

    assertThat(text)
        .isEqualTo(
            "images:\n  - name: web\n    newTag: 1.0.0\n  - name: \"0X1F\"\n    newTag: 1.0.0\n");
  }
}
