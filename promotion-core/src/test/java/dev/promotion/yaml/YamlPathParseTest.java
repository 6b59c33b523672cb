package dev.promotion.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.InvalidPathExpressionException;
import dev.promotion.error.SelectorMatchException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("YamlPath expressions and list selectors")
class YamlPathParseTest {
  @Test
  @DisplayName("parses keys, indexes, one- and two-field selectors, and values with dots")
  void parses() {
    Map<String, String> release = new LinkedHashMap<>();
    release.put("name", "{chart}");
    release.put("releaseName", "{app}");

    assertThat(YamlPath.parse("spec.source.targetRevision"))
        .isEqualTo(YamlPath.of("spec", "source", "targetRevision"));
    assertThat(YamlPath.parse("spec.sources[chart={chart}].targetRevision"))
        .isEqualTo(YamlPath.of("spec", "sources").entry("chart", "{chart}").key("targetRevision"));
    assertThat(YamlPath.parse("helmCharts[name={chart},releaseName={app}].version"))
        .isEqualTo(YamlPath.of("helmCharts").entry(release).key("version"));
    assertThat(YamlPath.parse("spec.source.helm.parameters[name=image.tag].value"))
        .isEqualTo(
            YamlPath.of("spec", "source", "helm", "parameters").named("image.tag").key("value"));
    assertThat(YamlPath.parse("images[0].newTag"))
        .isEqualTo(YamlPath.of("images").index(0).key("newTag"));
    assertThat(YamlPath.parse("metadata.annotations[\"argocd.argoproj.io/sync-wave\"]"))
        .isEqualTo(YamlPath.of("metadata", "annotations", "argocd.argoproj.io/sync-wave"));
  }

  @Test
  @DisplayName("toString writes what parse reads back")
  void roundTrip() {
    for (String expression :
        new String[] {
          "spec.sources[chart=api].targetRevision",
          "helmCharts[name=api,releaseName=api-canary].version",
          "a[\"b.c\"][2].d",
        }) {
      assertThat(YamlPath.parse(expression)).hasToString(expression);
    }
  }

  @ParameterizedTest(name = "{0}: position {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|0|empty",
        "spec..targetRevision|6|a key is missing before '.'",
        "spec.|5|ends with '.'",
        "images[name={image}.newTag|7|never closed",
        "images[name].newTag|12|has no '='",
        "images[=x].newTag|8|field name is missing",
        "images[name=].newTag|13|has no value",
        "images[name=a,name=b].tag|15|twice",
        "images[]|7|selects nothing",
        "images[0]x|10|cannot follow ']'",
        "a[\"b|2|never closed",
      })
  @DisplayName("an expression that does not parse is a typed error naming the position")
  void refuses(String expression, int position, String reason) {
    InvalidPathExpressionException e =
        catchThrowableOfType(
            InvalidPathExpressionException.class, () -> YamlPath.parse(expression));

    assertThat(e).as(expression).isNotNull();
    assertThat(e.position()).as(expression).isEqualTo(Math.max(position, 1));
    assertThat(e.expression()).isEqualTo(expression);
    assertThat(e).hasMessageContaining(reason).hasMessageContaining("position");
  }

  @Test
  @DisplayName("a two-field selector picks the one entry whose fields all match")
  void twoFields() {
    YamlText text =
        YamlText.parse(
            "k.yaml",
            "helmCharts:\n  - {name: api, releaseName: api, version: 1.0.0}\n"
                + "  - {name: api, releaseName: canary, version: 1.0.0}\n");

    YamlText edited =
        text.withScalar(
            0, YamlPath.parse("helmCharts[name=api,releaseName=canary].version"), "2.0.0");

    assertThat(edited.text())
        .isEqualTo(text.text().replace("canary, version: 1.0.0", "canary, version: 2.0.0"));
    assertThat(text.resolve(0, YamlPath.parse("helmCharts[name=api,releaseName=canary].version")))
        .contains(YamlPath.of("helmCharts").index(1).key("version"));
  }

  @Test
  @DisplayName("a selector matching two entries is a typed error with the line of each")
  void ambiguous() {
    YamlText text =
        YamlText.parse(
            "k.yaml", "images:\n  - name: a\n    newTag: 1\n  - name: a\n    newTag: 2\n");

    SelectorMatchException e =
        catchThrowableOfType(
            SelectorMatchException.class,
            () -> text.resolve(0, YamlPath.parse("images[name=a].newTag")));

    assertThat(e.matches()).isEqualTo(2);
    assertThat(e.line()).contains(4);
    assertThat(e.candidates()).containsExactly("[name=a] at line 2", "[name=a] at line 4");
    assertThat(e).hasMessageStartingWith("k.yaml:4:5: has 2 entries that match [name=a]");
  }

  @Test
  @DisplayName("mismatch names the first step that finds nothing and what is there instead")
  void mismatch() {
    YamlText text =
        YamlText.parse(
            "k.yaml", "images:\n  - name: a\n    newTag: 1\n  - name: b\n    digest: x\n");

    SelectorMatchException entry = text.mismatch(0, YamlPath.parse("images[name=c].newTag"));
    SelectorMatchException key = text.mismatch(0, YamlPath.parse("images[name=b].newTag"));

    assertThat(entry.selector()).isEqualTo("images[name=c]");
    assertThat(entry.candidates()).containsExactly("[name=a] at line 2", "[name=b] at line 4");
    assertThat(entry.line()).contains(2);
    assertThat(key.selector()).isEqualTo("images[name=b].newTag");
    assertThat(key.candidates()).containsExactly("'name'", "'digest'");
    assertThat(text.resolve(0, YamlPath.parse("images[name=c].newTag")))
        .isEqualTo(Optional.empty());
  }
}
