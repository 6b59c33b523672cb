package dev.promotion.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidManifestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Removing from flow mappings and refusing edits say what is actually there")
class YamlTextRefusalMessagesTest {
  private static final YamlPath SOURCE = YamlPath.of("spec", "source");
  private static final YamlPath ENTRY = YamlPath.of("images").index(0);

  @Test
  @DisplayName("removing an entry of a flow mapping keeps the comment of the entry before it")
  void flowRemovalKeepsPreviousComment() {
    assertThat(
            YamlText.parse(
                    "k.yaml",
                    "images:\n  - {name: api,  # the API\n     digest: sha256:abc,\n     newTag: 1}\n")
                .withoutEntry(0, ENTRY, "digest")
                .text())
        .isEqualTo("images:\n  - {name: api,  # the API\n     newTag: 1}\n");
    assertThat(
            YamlText.parse(
                    "k.yaml",
                    "images:\n  - {name: api, newTag: 1,  # the tag\n     digest: sha256:abc}\n")
                .withoutEntry(0, ENTRY, "digest")
                .text())
        .isEqualTo("images:\n  - {name: api, newTag: 1  # the tag\n     }\n");
  }

  @Test
  @DisplayName("a key without ':' in a flow mapping is named as such, not as an anchor problem")
  void flowKeyWithoutValue() {
    YamlText yaml = YamlText.parse("a.yaml", "spec:\n  source: {repoURL: x, targetRevision}\n");

    assertThatThrownBy(() -> yaml.withScalar(0, SOURCE.key("targetRevision"), "0.2.0"))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.line()).contains(2);
              assertThat(e.column()).contains(24);
              assertThat(e)
                  .hasMessageContaining("'targetRevision'")
                  .hasMessageContaining("no ':'")
                  .hasMessageNotContaining("anchor");
            });
  }

  @Test
  @DisplayName("an explicit key ('? key') without a value is named as such, not as invalid YAML")
  void explicitKeyWithoutValue() {
    YamlText yaml =
        YamlText.parse("a.yaml", "spec:\n  source:\n    repoURL: x\n    ? targetRevision\n");

    assertThatThrownBy(() -> yaml.withEntry(0, SOURCE, "targetRevision", "0.2.0"))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.line()).contains(4);
              assertThat(e.column()).contains(7);
              assertThat(e)
                  .hasMessageContaining("'targetRevision'")
                  .hasMessageContaining("no ':'")
                  .hasMessageNotContaining("not be valid YAML");
            });
  }

  @Test
  @DisplayName("a root sequence after a BOM gets its item: its items do start their own lines")
  void rootSequenceAfterBom() {
    YamlText yaml = YamlText.parse("k.yaml", "\uFEFF- name: a\n  newTag: 1\n");

    YamlText edited = yaml.withMappingItem(0, YamlPath.root(), List.of(Map.entry("name", "b")));

    assertThat(edited.text()).isEqualTo("\uFEFF- name: a\n  newTag: 1\n- name: b\n");
  }

  @Test
  @DisplayName("the first entry of a root mapping after a BOM is on a line of its own")
  void rootMappingAfterBom() {
    YamlText yaml = YamlText.parse("k.yaml", "\uFEFFa: 1\nb: 2\n");

    assertThat(yaml.withoutEntry(0, YamlPath.root(), "a").text()).isEqualTo("\uFEFFb: 2\n");
    assertThat(yaml.withEntryAfter(0, YamlPath.root(), "a", "c", "x").text())
        .isEqualTo("\uFEFFa: 1\nc: x\nb: 2\n");
  }
}
