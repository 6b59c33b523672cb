package dev.promotion.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidManifestException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Loading YAML safely")
class YamlTextLoadingTest {

  @Test
  @DisplayName("a billion-laughs alias bomb fails fast with the path, line and column")
  @Timeout(10)
  void aliasBomb() {
    // given nine levels of ten aliases each (10^9 nodes if anything expanded them); the 51st
    // alias is the first one on line 7
    StringBuilder bomb =
        new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level <= 9; level++) {
      bomb.append("a").append(level).append(": &a").append(level).append(" [");
      for (int i = 0; i < 10; i++) {
        bomb.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
      }
      bomb.append("]\n");
    }

    // when / then
    assertThatThrownBy(() -> YamlText.parse("bomb.yaml", bomb.toString()))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.path()).isEqualTo("bomb.yaml");
              assertThat(e.line()).contains(7);
              assertThat(e.column()).contains(10);
              assertThat(e).hasMessageContaining("more than 50 aliases");
            });
  }

  @Test
  @DisplayName("aliases within the limit are accepted and not expanded")
  void aliasesWithinLimit() {
    // given
    String text = "base: &b {cpu: 1}\none: *b\ntwo: *b\n";

    // when
    YamlText yaml = YamlText.parse("ok.yaml", text);

    // then
    assertThat(yaml.value(YamlPath.of("two", "cpu"))).contains("1");
  }

  @Test
  @DisplayName("deep flow nesting fails fast instead of overflowing the stack")
  @Timeout(10)
  void deepFlowNesting() {
    // given
    String deep = "[".repeat(100_000) + "]".repeat(100_000);

    // when / then
    assertThatThrownBy(() -> YamlText.parse("deep.yaml", deep))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.line()).contains(1);
              assertThat(e.column()).contains(65);
              assertThat(e).hasMessageContaining("deeper than 64 levels");
            });
  }

  @Test
  @DisplayName("deep block nesting fails with the line of the first level too deep")
  void deepBlockNesting() {
    // given
    StringBuilder deep = new StringBuilder();
    for (int level = 0; level < 70; level++) {
      deep.append(" ".repeat(level)).append("k").append(level).append(":\n");
    }
    deep.append(" ".repeat(70)).append("leaf: 1\n");

    // when / then
    assertThatThrownBy(() -> YamlText.parse("deep.yaml", deep.toString()))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.line()).contains(65);
              assertThat(e.column()).contains(65);
            });
  }

  @Test
  @DisplayName("nesting up to the limit is accepted")
  void nestingAtTheLimit() {
    // given
    String text = "[".repeat(64) + "x" + "]".repeat(64);

    // when
    YamlText yaml = YamlText.parse("ok.yaml", text);

    // then
    assertThat(yaml.documentCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a text larger than the limit is rejected before parsing, with where it overflows")
  void tooLarge() {
    // given
    YamlLimits limits = new YamlLimits(100, 50, 64, 10);
    String text = "a: 1\n" + "b: " + "x".repeat(200) + "\n";

    // when / then
    assertThatThrownBy(() -> YamlText.parse("big.yaml", text, limits))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.line()).contains(2);
              assertThat(e.column()).contains(96);
              assertThat(e).hasMessageContaining("larger than 100 characters");
            });
  }

  @Test
  @DisplayName("the size limit counts code points, not UTF-16 units")
  void sizeInCodePoints() {
    // given 60 emoji: 120 UTF-16 units but 60 code points
    YamlLimits limits = new YamlLimits(70, 50, 64, 10);
    String text = "a: " + "\uD83D\uDE00".repeat(60);

    // when
    YamlText yaml = YamlText.parse("emoji.yaml", text, limits);

    // then
    assertThat(yaml.value(YamlPath.of("a"))).contains("\uD83D\uDE00".repeat(60));
  }

  @Test
  @DisplayName("too many documents are rejected at the first one over the limit")
  void tooManyDocuments() {
    // given
    YamlLimits limits = new YamlLimits(1000, 50, 64, 3);
    String text = "a: 1\n---\nb: 2\n---\nc: 3\n---\nd: 4\n";

    // when / then
    assertThatThrownBy(() -> YamlText.parse("multi.yaml", text, limits))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.line()).contains(6);
              assertThat(e).hasMessageContaining("more than 3 documents");
            });
  }

  @Test
  @DisplayName("custom and language-specific tags are rejected")
  void customTags() {
    assertThatThrownBy(() -> YamlText.parse("t.yaml", "a: 1\nb: !!binary aGVsbG8=\n"))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.line()).contains(2);
              assertThat(e.column()).contains(4);
              assertThat(e).hasMessageContaining("tag:yaml.org,2002:binary");
            });
    assertThatThrownBy(() -> YamlText.parse("t.yaml", "a: !Ref x\n"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("!Ref");
    assertThatThrownBy(() -> YamlText.parse("t.yaml", "a: !!python/object:os.system {}\n"))
        .isInstanceOf(InvalidManifestException.class);
    assertThatThrownBy(() -> YamlText.parse("t.yaml", "a: !!set {x, y}\n"))
        .isInstanceOf(InvalidManifestException.class);
  }

  @Test
  @DisplayName("the standard core-schema tags are accepted")
  void standardTags() {
    // given
    String text =
        "a: !!str 1.0\nb: !!int 3\nc: !!map {x: !!seq [!!bool true, !!null ~, !!float 1]}\n";

    // when
    YamlText yaml = YamlText.parse("t.yaml", text);

    // then
    assertThat(yaml.scalar(YamlPath.of("a")))
        .hasValueSatisfying(s -> assertThat(s.isString()).isTrue());
    assertThat(yaml.value(YamlPath.of("a"))).contains("1.0");
  }

  @Test
  @DisplayName("a duplicate key is rejected at the second occurrence")
  void duplicateKeys() {
    assertThatThrownBy(() -> YamlText.parse("dup.yaml", "name: a\nversion: 1\nname: b\n"))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.line()).contains(3);
              assertThat(e.column()).contains(1);
              assertThat(e).hasMessageContaining("'name' twice");
            });
  }

  @Test
  @DisplayName("the same text as a different type is not a duplicate key")
  void keysOfDifferentTypes() {
    // given
    YamlText yaml = YamlText.parse("k.yaml", "1: int\n'1': string\n");

    // then
    assertThat(yaml.keys(0, YamlPath.root())).containsExactly("1", "1");
  }

  @Test
  @DisplayName("a recursive alias is rejected")
  void recursiveAlias() {
    assertThatThrownBy(() -> YamlText.parse("r.yaml", "a: &x [1, *x]\n"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("recursive");
  }

  @Test
  @DisplayName("malformed YAML names the line and column of the problem")
  void malformed() {
    assertThatThrownBy(() -> YamlText.parse("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n"))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.path()).isEqualTo("bad.yaml");
              assertThat(e.line()).isPresent();
              assertThat(e.column()).isPresent();
              assertThat(e).hasMessageStartingWith("bad.yaml:");
            });
    assertThatThrownBy(() -> YamlText.parse("bad.yaml", "a: 1\n  b: 2\n"))
        .isInstanceOfSatisfying(
            InvalidManifestException.class, e -> assertThat(e.line()).contains(2));
  }

  @Test
  @DisplayName("an undefined alias is rejected with its position")
  void undefinedAlias() {
    assertThatThrownBy(() -> YamlText.parse("u.yaml", "a: 1\nb: *nope\n"))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.line()).contains(2);
              assertThat(e.column()).contains(4);
            });
  }

  @Test
  @DisplayName("an empty text has no documents")
  void emptyText() {
    assertThat(YamlText.parse("e.yaml", "").documentCount()).isZero();
    assertThat(YamlText.parse("e.yaml", "# only a comment\n").documentCount()).isZero();
  }

  @Test
  @DisplayName(
      "a large but valid text (20,000 keys) loads, and an edit of its last key changes that line"
          + " only")
  void largeText() {
    // given
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("key").append(i).append(": value ").append(i).append('\n');
    }

    // when
    YamlText yaml = YamlText.parse("large.yaml", text.toString());
    YamlText edited = yaml.withScalar(YamlPath.of("key19999"), "changed");

    // then
    assertThat(edited.value(YamlPath.of("key19999"))).contains("changed");
    assertThat(edited.text().lines().filter(line -> !line.startsWith("key19999:")))
        .containsExactlyElementsOf(
            text.toString().lines().filter(line -> !line.startsWith("key19999:")).toList());
  }
}
