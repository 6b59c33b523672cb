package dev.promotion.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidManifestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) are line breaks for YAML
 * 1.1 readers (go-yaml, which Kubernetes, Argo CD and kustomize use; libyaml; PyYAML) and ordinary
 * characters for our YAML 1.2 reader, so a file holding one outside a quoted scalar reads
 * differently here and in the cluster.
 */
@DisplayName("YAML 1.1 line breaks (NEL, LS, PS)")
class YamlLineBreaksTest {

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        // code point ; where ; text (\\u escapes are expanded) ; line ; column
        "0085 ; a plain value         ; a: b\\u0085c: d\\n                ; 1 ; 5",
        "2028 ; a comment             ; a: 1\\n# x\\u2028y: z\\nb: 2\\n  ; 2 ; 4",
        "2029 ; a key                 ; a\\u2029b: 1\\n                   ; 1 ; 2",
        "2028 ; a block scalar        ; a: |\\n  x\\u2028y\\nb: 2\\n      ; 2 ; 4",
        "0085 ; a flow collection     ; a: [1,\\u00852]\\n                ; 1 ; 7",
        "2029 ; a multi-line plain    ; a: b\\n  c\\u2029d\\n             ; 2 ; 4"
      })
  @DisplayName("outside a quoted scalar it is refused with its position")
  void refusedOutsideQuotes(String codePoint, String where, String text, int line, int column) {
    assertThatThrownBy(() -> YamlText.parse("app.yaml", unescape(text)))
        .as(where)
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.path()).isEqualTo("app.yaml");
              assertThat(e.line()).contains(line);
              assertThat(e.column()).contains(column);
              assertThat(e)
                  .hasMessageContaining("U+" + codePoint)
                  .hasMessageContaining("outside a quoted scalar");
            });
  }

  @Test
  @DisplayName("inside single- and double-quoted scalars it is accepted and read as itself")
  void acceptedInsideQuotes() {
    YamlText yaml = YamlText.parse("app.yaml", "a: 'x\u2028y'\nb: \"p\u0085q\"\nc: ['\u2029']\n");

    assertThat(yaml.value(YamlPath.of("a"))).contains("x\u2028y");
    assertThat(yaml.value(YamlPath.of("b"))).contains("p\u0085q");
    assertThat(yaml.value(YamlPath.of("c").index(0))).contains("\u2029");
  }

  @Test
  @DisplayName("a file after a BOM and astral characters reports the right column")
  void positionsCountCodePoints() {
    assertThatThrownBy(() -> YamlText.parse("app.yaml", "\uFEFFa: \uD83D\uDE00\u2028\n"))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.line()).contains(1);
              assertThat(e.column()).contains(5);
            });
  }

  @ParameterizedTest(name = "style {0}")
  @ValueSource(strings = {"plain", "'single'", "\"double\""})
  @DisplayName("a value we write never holds one unescaped, whatever the style of the old value")
  void writtenValuesAreEscaped(String old) {
    // given
    YamlText yaml = YamlText.parse("app.yaml", "a: " + old + "\nm: {k: v}\ns:\n  - x: 1\n");

    // when
    YamlText edited =
        yaml.withScalar(YamlPath.of("a"), "1\u0085 2\u2028 3\u2029")
            .withEntry(0, YamlPath.of("m"), "n\u2028", "\u2029")
            .withMappingItem(0, YamlPath.of("s"), List.of(Map.entry("x", "\u0085")));

    // then
    assertThat(edited.text()).doesNotContain("\u0085", "\u2028", "\u2029");
    assertThat(edited.value(YamlPath.of("a"))).contains("1\u0085 2\u2028 3\u2029");
    assertThat(edited.value(YamlPath.of("m", "n\u2028"))).contains("\u2029");
    assertThat(edited.value(YamlPath.of("s").index(1).key("x"))).contains("\u0085");
  }

  private static String unescape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && text.charAt(i + 1) == 'n') {
        out.append('\n');
        i++;
      } else if (c == '\\' && text.charAt(i + 1) == 'u') {
        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
