package dev.promotion.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidManifestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("YamlText.withMappingItem appends a mapping to a sequence")
class YamlTextSequenceItemTest {
  private static final YamlPath IMAGES = YamlPath.of("images");
  private static final List<Map.Entry<String, String>> WEB =
      List.of(Map.entry("name", "web"), Map.entry("newTag", "0.2.0"));

  private static String append(String text) {
    return YamlText.parse("k.yaml", text).withMappingItem(0, IMAGES, WEB).text();
  }

  @Test
  @DisplayName("after the last item of a block sequence, at its indentation, keeping the rest")
  void block() {
    String text =
        "resources:\n  - ../../base\nimages:\n  - name: api # the API\n    newTag: 0.1.0\n"
            + "# trailing comment\nnamePrefix: stage-\n";

    assertThat(append(text))
        .isEqualTo(
            "resources:\n  - ../../base\nimages:\n  - name: api # the API\n    newTag: 0.1.0\n"
                + "  - name: web\n    newTag: 0.2.0\n# trailing comment\nnamePrefix: stage-\n");
  }

  @Test
  @DisplayName("an indentless sequence at the end of a CRLF file without a final line break")
  void indentlessCrlfAtEnd() {
    String text = "images:\r\n- name: api\r\n  newTag: 0.1.0";

    assertThat(append(text))
        .isEqualTo("images:\r\n- name: api\r\n  newTag: 0.1.0\r\n- name: web\r\n  newTag: 0.2.0");
  }

  @Test
  @DisplayName("in a flow sequence, empty or not")
  void flow() {
    assertThat(append("images: [{name: api, newTag: 0.1.0}]\n"))
        .isEqualTo("images: [{name: api, newTag: 0.1.0}, {name: web, newTag: 0.2.0}]\n");
    assertThat(append("images: []\n")).isEqualTo("images: [{name: web, newTag: 0.2.0}]\n");
  }

  @Test
  @DisplayName("values that would not read as strings are quoted")
  void quoting() {
    String edited =
        YamlText.parse("k.yaml", "images:\n  - name: api\n")
            .withMappingItem(0, IMAGES, List.of(Map.entry("name", "web"), Map.entry("tag", "1.0")))
            .text();

    assertThat(edited).isEqualTo("images:\n  - name: api\n  - name: web\n    tag: \"1.0\"\n");
  }

  @Test
  @DisplayName("refuses what it cannot do safely")
  void refusals() {
    assertThatThrownBy(() -> append("images: {name: api}\n"))
        .isInstanceOf(InvalidManifestException.class);
    assertThatThrownBy(() -> append("other: 1\n")).isInstanceOf(InvalidManifestException.class);
    assertThatThrownBy(() -> append("base: &b\n  - name: api\nimages: *b\n"))
        .isInstanceOf(InvalidManifestException.class);
    assertThatThrownBy(() -> append("images:\n  - |\n    text\n"))
        .isInstanceOf(InvalidManifestException.class);
  }
}
