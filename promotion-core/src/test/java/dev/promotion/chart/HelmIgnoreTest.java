package dev.promotion.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidChartException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName(".helmignore as Helm reads it")
class HelmIgnoreTest {

  @Nested
  @DisplayName("glob patterns (Go's filepath.Match)")
  class Globs {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
      "*.yaml, values.yaml, true",
      "*.yaml, templates/a.yaml, false",
      "*, a/b, false",
      "templates/*, templates/a.yaml, true",
      "templates/*, templates/a/b.yaml, false",
      "?.txt, a.txt, true",
      "?.txt, ab.txt, false",
      "?.txt, /.txt, false",
      "[abc].conf, b.conf, true",
      "[abc].conf, d.conf, false",
      "[^abc].conf, d.conf, true",
      "[^abc].conf, a.conf, false",
      "[a-c][0-9], b7, true",
      "[z-a], z, false",
      "[^z-a], z, true",
      "a\\*b, a*b, true",
      "a\\*b, axb, false",
      "[\\]], ], true",
      "\u00e9*, \u00e9t\u00e9, true",
      "??, \uD83D\uDE00x, true",
    })
    @DisplayName("a pattern matches the whole name, and * and ? never cross a /")
    void matches(String pattern, String name, boolean expected) {
      assertThat(GlobPattern.compile(pattern).orElseThrow().matches(name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[", "[a", "[]", "[]a]", "[-a]", "[a-]", "a\\", "[a-\\", "[^"})
    @DisplayName("malformed patterns are recognised, as Go's ErrBadPattern")
    void malformed(String pattern) {
      assertThat(GlobPattern.compile(pattern)).isEmpty();
    }
  }

  @Nested
  @DisplayName("rules")
  class Rules {

    @Test
    @DisplayName("comments and blank lines are skipped and rules are trimmed")
    void commentsAndBlanks() {
      // given
      HelmIgnore rules = HelmIgnore.parse("\uFEFF# comment\n\n   *.bak   \r\n");

      // then
      assertThat(rules.ignores("values.bak", false)).isTrue();
      assertThat(rules.ignores("# comment", false)).isFalse();
    }

    @Test
    @DisplayName("a pattern without a slash matches the base name at any depth")
    void baseName() {
      HelmIgnore rules = HelmIgnore.parse("secret*\n");
      assertThat(rules.ignores("secret.yaml", false)).isTrue();
      assertThat(rules.ignores("templates/deep/secret-x.yaml", false)).isTrue();
      assertThat(rules.ignores("templates/not-secret.yaml", false)).isFalse();
    }

    @Test
    @DisplayName(
        "a pattern with a slash matches the whole path from the root, with or without a leading slash")
    void structural() {
      HelmIgnore rules = HelmIgnore.parse("docs/*.md\n/ci\n");
      assertThat(rules.ignores("docs/a.md", false)).isTrue();
      assertThat(rules.ignores("sub/docs/a.md", false)).isFalse();
      assertThat(rules.ignores("ci", true)).isTrue();
      assertThat(rules.ignores("sub/ci", true)).isFalse();
    }

    @Test
    @DisplayName("a trailing slash matches directories only")
    void directoriesOnly() {
      HelmIgnore rules = HelmIgnore.parse("build/\n");
      assertThat(rules.ignores("build", true)).isTrue();
      assertThat(rules.ignores("sub/build", true)).isTrue();
      assertThat(rules.ignores("build", false)).isFalse();
    }

    @Test
    @DisplayName(
        "a negated rule lets what it matches through and ignores everything else (Helm's rule)")
    void negation() {
      // given
      HelmIgnore rules = HelmIgnore.parse("*.bak\n!keep*\n");

      // then
      assertThat(rules.ignores("x.bak", false)).as("the first rule still wins").isTrue();
      assertThat(rules.ignores("keep.txt", false)).isFalse();
      assertThat(rules.ignores("values.yaml", false))
          .as("not matched by the negation: ignored")
          .isTrue();
      assertThat(HelmIgnore.parse("!dir/\n").ignores("file", false))
          .as("a file against a directory negation")
          .isTrue();
    }

    @Test
    @DisplayName("dotfiles in templates/ are always ignored, but not deeper or elsewhere")
    void defaults() {
      HelmIgnore rules = HelmIgnore.defaults();
      assertThat(rules.ignores("templates/.swp", false)).isTrue();
      assertThat(rules.ignores("templates/.", false)).isFalse();
      assertThat(rules.ignores("templates/sub/.swp", false)).isFalse();
      assertThat(rules.ignores(".helmignore", false)).isFalse();
      assertThat(rules.ignores("", true)).isFalse();
    }

    @Test
    @DisplayName("'**' and malformed patterns are refused with their line")
    void refused() {
      assertThatThrownBy(() -> HelmIgnore.parse("a\nb/**/c\n"))
          .isInstanceOf(InvalidChartException.class)
          .hasMessageContaining(".helmignore line 2: double-star");
      assertThatThrownBy(() -> HelmIgnore.parse("# x\n\n[abc\n"))
          .isInstanceOf(InvalidChartException.class)
          .hasMessageContaining(".helmignore line 3")
          .hasMessageContaining("malformed");
    }
  }
}
