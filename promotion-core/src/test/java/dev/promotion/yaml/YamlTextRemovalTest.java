package dev.promotion.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidManifestException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("YamlText.withoutEntry removes one entry of a mapping")
class YamlTextRemovalTest {
  private static final YamlPath ENTRY = YamlPath.of("images").named("api");

  private static String remove(String text) {
    return YamlText.parse("k.yaml", text).withoutEntry(0, ENTRY, "digest").text();
  }

  @Test
  @DisplayName("in a block mapping: the entry's line and its comment, nothing else")
  void block() {
    assertThat(
            remove(
                "images:\n  - name: api # the API\n    newTag: 0.1.0\n"
                    + "    digest: sha256:abc # pinned\n  - name: web\n    newTag: 0.2.0\n"))
        .isEqualTo(
            "images:\n  - name: api # the API\n    newTag: 0.1.0\n  - name: web\n    newTag: 0.2.0\n");
  }

  @Test
  @DisplayName("keeps CRLF line breaks, also for the last line of a file without a final break")
  void crlf() {
    assertThat(remove("images:\r\n- name: api\r\n  digest: sha256:abc\r\n  newTag: 0.1.0\r\n"))
        .isEqualTo("images:\r\n- name: api\r\n  newTag: 0.1.0\r\n");
    assertThat(remove("images:\r\n- name: api\r\n  newTag: 0.1.0\r\n  digest: sha256:abc"))
        .isEqualTo("images:\r\n- name: api\r\n  newTag: 0.1.0");
  }

  @Test
  @DisplayName("a quoted value over several lines goes with its key")
  void multiLineValue() {
    assertThat(
            remove("images:\n  - name: api\n    digest: \"sha256:\n      abc\"\n    newTag: 1\n"))
        .isEqualTo("images:\n  - name: api\n    newTag: 1\n");
  }

  @Test
  @DisplayName("a block scalar goes with its key, up to the next entry")
  void blockScalar() {
    assertThat(remove("images:\n  - name: api\n    digest: |\n      sha256:abc\n    newTag: 1\n"))
        .isEqualTo("images:\n  - name: api\n    newTag: 1\n");
  }

  @Test
  @DisplayName("in a flow mapping: the entry and one comma, first, middle or last")
  void flow() {
    assertThat(remove("images: [{name: api, digest: sha256:abc, newTag: 1}]\n"))
        .isEqualTo("images: [{name: api, newTag: 1}]\n");
    assertThat(remove("images: [{name: api, newTag: 1, digest: sha256:abc}]\n"))
        .isEqualTo("images: [{name: api, newTag: 1}]\n");
    assertThat(
            YamlText.parse("k.yaml", "m: {a: 1, b: 2}\n")
                .withoutEntry(0, YamlPath.of("m"), "a")
                .text())
        .isEqualTo("m: {b: 2}\n");
  }

  @Test
  @DisplayName("an absent key leaves the text as it is")
  void absent() {
    String text = "images:\n  - name: api\n    newTag: 1\n";

    assertThat(remove(text)).isEqualTo(text);
  }

  @Test
  @DisplayName("refuses an entry that shares its line, the only entry, and an anchor still in use")
  void refusals() {
    assertThatThrownBy(
            () ->
                YamlText.parse("k.yaml", "images:\n  - name: api\n    newTag: 1\n")
                    .withoutEntry(0, YamlPath.of("images").index(0), "name"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("shares with something else");
    assertThatThrownBy(
            () -> YamlText.parse("k.yaml", "m:\n  a: 1\n").withoutEntry(0, YamlPath.of("m"), "a"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("only 'a'");
    assertThatThrownBy(
            () ->
                YamlText.parse("k.yaml", "m:\n  a: &x 1\n  b: 2\nn: *x\n")
                    .withoutEntry(0, YamlPath.of("m"), "a"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("safely");
    assertThatThrownBy(
            () ->
                YamlText.parse("k.yaml", "m: &x\n  a: 1\n  b: 2\nn: *x\n")
                    .withoutEntry(0, YamlPath.of("n"), "a"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("alias");
  }
}
