package dev.promotion.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.SelectorMatchException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Reading and editing YAML by path")
class YamlTextEditingTest {

  private static final String APPLICATION =
      """
      kind: Application
      metadata:
        name: api-dev
      spec:
        source:
          targetRevision: 0.1.0
          helm:
            parameters:
              - name: image.tag
                value: abc1234
              - name: replicas
                value: "2"
      """;

  @Nested
  @DisplayName("reading")
  class Reading {

    @Test
    @DisplayName("a path of keys, indexes and named entries finds a scalar and its position")
    void findsScalars() {
      // given
      YamlText yaml = YamlText.parse("app.yaml", APPLICATION);
      YamlPath parameters = YamlPath.of("spec", "source", "helm", "parameters");

      // when / then
      assertThat(yaml.value(YamlPath.of("spec", "source", "targetRevision"))).contains("0.1.0");
      assertThat(yaml.value(parameters.named("replicas").key("value"))).contains("2");
      assertThat(yaml.value(parameters.index(0).key("name"))).contains("image.tag");
      assertThat(yaml.scalar(parameters.named("replicas").key("value")))
          .contains(
              new YamlScalar("2", YamlScalar.STRING_TAG, YamlScalar.Style.DOUBLE_QUOTED, 12, 18));
      assertThat(yaml.locate(0, parameters)).contains(new YamlLocation(YamlKind.SEQUENCE, 9, 9));
      assertThat(yaml.keys(0, YamlPath.of("spec", "source")))
          .containsExactly("targetRevision", "helm");
      assertThat(yaml.size(0, parameters)).isEqualTo(2);
    }

    @Test
    @DisplayName("a missing path, a wrong kind of step or a missing document reads as empty")
    void missingIsEmpty() {
      // given
      YamlText yaml = YamlText.parse("app.yaml", APPLICATION);

      // then
      assertThat(yaml.value(YamlPath.of("spec", "destination"))).isEmpty();
      assertThat(yaml.value(YamlPath.of("spec").index(0))).isEmpty();
      assertThat(yaml.value(YamlPath.of("spec", "source", "helm", "parameters").named("nope")))
          .isEmpty();
      assertThat(yaml.value(3, YamlPath.of("kind"))).isEmpty();
      assertThat(yaml.keys(0, YamlPath.of("kind"))).isEmpty();
      assertThat(yaml.size(0, YamlPath.of("kind"))).isZero();
    }

    @Test
    @DisplayName("null reads as no value but is still a scalar")
    void nullValue() {
      // given
      YamlText yaml = YamlText.parse("n.yaml", "a:\nb: ~\nc: 'null'\n");

      // then
      assertThat(yaml.value(YamlPath.of("a"))).isEmpty();
      assertThat(yaml.value(YamlPath.of("b"))).isEmpty();
      assertThat(yaml.scalar(YamlPath.of("b")))
          .hasValueSatisfying(s -> assertThat(s.isNull()).isTrue());
      assertThat(yaml.value(YamlPath.of("c"))).contains("null");
    }

    @Test
    @DisplayName("reading a mapping as a value is an error that names the path")
    void mappingIsNotAValue() {
      // given
      YamlText yaml = YamlText.parse("app.yaml", APPLICATION);

      // then
      assertThatThrownBy(() -> yaml.value(YamlPath.of("spec")))
          .isInstanceOfSatisfying(
              InvalidManifestException.class,
              e -> {
                assertThat(e.line()).contains(5);
                assertThat(e).hasMessageContaining("spec");
              });
    }

    @Test
    @DisplayName("two sequence entries with the same name are ambiguous and rejected")
    void ambiguousEntry() {
      // given
      YamlText yaml =
          YamlText.parse("k.yaml", "images:\n- name: a\n  newTag: 1\n- name: a\n  newTag: 2\n");

      // then
      assertThatThrownBy(() -> yaml.value(YamlPath.of("images").named("a").key("newTag")))
          .isInstanceOfSatisfying(
              SelectorMatchException.class,
              e -> {
                assertThat(e.line()).contains(4);
                assertThat(e.matches()).isEqualTo(2);
                assertThat(e).hasMessageContaining("has 2 entries that match [name=a]");
              });
    }

    @Test
    @DisplayName("paths read as dotted text with brackets for indexes, entries and odd keys")
    void pathText() {
      assertThat(YamlPath.of("spec", "source").named("image.tag").key("value").index(2))
          .hasToString("spec.source[name=image.tag].value[2]");
      assertThat(YamlPath.of("metadata", "annotations", "argocd.argoproj.io/sync-wave"))
          .hasToString("metadata.annotations[\"argocd.argoproj.io/sync-wave\"]");
      assertThat(YamlPath.root()).hasToString("(root)");
      assertThat(YamlPath.of("a", "b")).isEqualTo(YamlPath.root().key("a").key("b"));
    }
  }

  @Nested
  @DisplayName("editing")
  class Editing {

    @Test
    @DisplayName("an edit returns a new text and leaves the original unchanged")
    void immutable() {
      // given
      YamlText yaml = YamlText.parse("app.yaml", APPLICATION);

      // when
      YamlText edited = yaml.withScalar(YamlPath.of("spec", "source", "targetRevision"), "0.2.0");

      // then
      assertThat(yaml.text()).isEqualTo(APPLICATION);
      assertThat(edited.text()).isEqualTo(APPLICATION.replace("0.1.0", "0.2.0"));
      assertThat(edited.value(YamlPath.of("spec", "source", "targetRevision"))).contains("0.2.0");
    }

    @Test
    @DisplayName("a value that would read as another type or break the line is quoted")
    void quotesWhenNeeded() {
      // given
      YamlText yaml = YamlText.parse("v.yaml", "a: x\n");

      // then
      for (String value :
          new String[] {
            "1.0",
            "010",
            "yes",
            "off",
            "~",
            "null",
            "",
            " lead",
            "trail ",
            "a: b",
            "a #b",
            "- x",
            "*alias",
            "&anchor",
            "!tag",
            "[x]",
            "{x}",
            "'q'",
            "\"q\"",
            "%x",
            "@x",
            "`x",
            "line\nbreak",
            "tab\there",
            "2024-01-01",
            "0x1F",
            "1e3",
            ".inf",
            "12:30",
            "<<",
            "=",
            "...",
            "---",
            "a:"
          }) {
        YamlText edited = yaml.withScalar(YamlPath.of("a"), value);
        assertThat(edited.value(YamlPath.of("a"))).as(value).contains(value);
        assertThat(edited.scalar(YamlPath.of("a")).orElseThrow().isString()).as(value).isTrue();
        assertThat(edited.text()).as(value).startsWith("a: \"");
      }
    }

    @Test
    @DisplayName("a plain value stays plain when it reads back as the same string")
    void staysPlain() {
      // given
      YamlText yaml = YamlText.parse("v.yaml", "a: x\n");

      // then
      for (String value :
          new String[] {
            "0.2.0-rc.abc1234",
            "1.2.3",
            "abc1234",
            "v1",
            "a b",
            "a#b",
            "a:b",
            "\u00e9t\u00e9",
            "\uD83D\uDE00"
          }) {
        assertThat(yaml.withScalar(YamlPath.of("a"), value).text()).isEqualTo("a: " + value + "\n");
      }
    }

    @Test
    @DisplayName("a block scalar is refused with a clear error instead of being rewritten")
    void blockScalarRefused() {
      // given
      YamlText yaml = YamlText.parse("b.yaml", "notes: |\n  text\nname: x\n");

      // then
      assertThatThrownBy(() -> yaml.withScalar(YamlPath.of("notes"), "new"))
          .isInstanceOfSatisfying(
              InvalidManifestException.class,
              e -> {
                assertThat(e.line()).contains(1);
                assertThat(e).hasMessageContaining("block scalar");
              });
    }

    @Test
    @DisplayName("a value reached through an alias is refused: the anchor must be edited")
    void aliasRefused() {
      // given
      YamlText yaml = YamlText.parse("a.yaml", "base: &v 0.1.0\nother: *v\n");

      // then
      assertThatThrownBy(() -> yaml.withScalar(YamlPath.of("other"), "0.2.0"))
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining("through an alias");
    }

    @Test
    @DisplayName("editing an anchored value that an alias shares is refused, it would change both")
    void sharedAnchorRefused() {
      // given
      YamlText yaml = YamlText.parse("a.yaml", "base: &v 0.1.0\nother: *v\n");

      // then
      assertThatThrownBy(() -> yaml.withScalar(YamlPath.of("base"), "0.2.0"))
          .isInstanceOfSatisfying(
              InvalidManifestException.class,
              e -> {
                assertThat(e.line()).contains(1);
                assertThat(e).hasMessageContaining("more than that value");
              });
    }

    @Test
    @DisplayName("a value inside an aliased mapping is refused when reached through the alias")
    void insideAliasedMappingRefused() {
      // given
      YamlText yaml = YamlText.parse("a.yaml", "base: &b\n  tag: x\nother: *b\n");

      // then
      assertThatThrownBy(() -> yaml.withScalar(YamlPath.of("other", "tag"), "y"))
          .isInstanceOf(InvalidManifestException.class);
      assertThatThrownBy(() -> yaml.withScalar(YamlPath.of("base", "tag"), "y"))
          .isInstanceOf(InvalidManifestException.class);
    }

    @Test
    @DisplayName("a key inserted after an aliased value lands after the alias")
    void insertAfterAlias() {
      // given
      YamlText yaml =
          YamlText.parse("a.yaml", "base: &b {x: 1}\nspec:\n  from: *b   # alias\nnext: 1\n");

      // when
      YamlText edited = yaml.withEntry(0, YamlPath.of("spec"), "extra", "e");

      // then
      assertThat(edited.text())
          .isEqualTo("base: &b {x: 1}\nspec:\n  from: *b   # alias\n  extra: e\nnext: 1\n");
    }

    @Test
    @DisplayName("setting an existing key through withEntry replaces its value in place")
    void withEntryReplaces() {
      // given
      YamlText yaml = YamlText.parse("c.yaml", "name: api\nappVersion: old # c\nversion: 1.0.0\n");

      // when
      YamlText edited = yaml.withEntryAfter(0, YamlPath.root(), "version", "appVersion", "new");

      // then
      assertThat(edited.text()).isEqualTo("name: api\nappVersion: new # c\nversion: 1.0.0\n");
    }

    @Test
    @DisplayName("inserting into an empty flow mapping writes the first entry")
    void insertIntoEmptyFlowMapping() {
      // given
      YamlText yaml = YamlText.parse("f.yaml", "labels: {}\n");

      // when
      YamlText edited = yaml.withEntry(0, YamlPath.of("labels"), "app", "api");

      // then
      assertThat(edited.text()).isEqualTo("labels: {app: api}\n");
    }

    @Test
    @DisplayName("inserting a key that needs quoting quotes the key too")
    void insertQuotedKey() {
      // given
      YamlText yaml = YamlText.parse("f.yaml", "annotations:\n  a: b\n");

      // when
      YamlText edited = yaml.withEntry(0, YamlPath.of("annotations"), "on", "true");

      // then
      assertThat(edited.text()).isEqualTo("annotations:\n  a: b\n  \"on\": \"true\"\n");
    }

    @Test
    @DisplayName("editing something that is not there names the path")
    void missingPath() {
      // given
      YamlText yaml = YamlText.parse("app.yaml", APPLICATION);

      // then
      assertThatThrownBy(() -> yaml.withScalar(YamlPath.of("spec", "nope"), "x"))
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining("spec.nope");
      assertThatThrownBy(() -> yaml.withScalar(YamlPath.of("spec"), "x"))
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining("mapping or sequence");
      assertThatThrownBy(() -> yaml.withEntry(0, YamlPath.of("kind"), "x", "y"))
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining("no mapping");
      assertThatThrownBy(() -> yaml.withScalar(2, YamlPath.of("kind"), "x"))
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining("document number 3");
    }

    @Test
    @DisplayName("a value with an unpaired surrogate is refused before touching the text")
    void unpairedSurrogate() {
      // given
      YamlText yaml = YamlText.parse("app.yaml", APPLICATION);

      // then
      assertThatThrownBy(() -> yaml.withScalar(YamlPath.of("kind"), "bad\uD800"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("an explicit non-string tag cannot carry a string, so the edit is refused")
    void explicitTagRefused() {
      // given
      YamlText yaml = YamlText.parse("t.yaml", "replicas: !!int 2\n");

      // then
      assertThatThrownBy(() -> yaml.withScalar(YamlPath.of("replicas"), "3"))
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining("replicas");
    }
  }
}
