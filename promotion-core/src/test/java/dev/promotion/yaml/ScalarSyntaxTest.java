package dev.promotion.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.common.ScalarStyle;

@DisplayName("Writing scalars in a style")
class ScalarSyntaxTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "1.0",
        "1",
        "-1",
        "+1",
        "0o17",
        "0x1F",
        "0b101",
        "010",
        "1_000",
        "1e3",
        "1.5E-3",
        ".5",
        ".inf",
        "-.Inf",
        ".NaN",
        "12:30",
        "1:20:30.5",
        "y",
        "Y",
        "n",
        "yes",
        "NO",
        "On",
        "off",
        "true",
        "False",
        "~",
        "null",
        "NULL",
        "2024-01-01",
        "2024-1-2T10:20:30Z",
        "2024-01-01 10:20:30.5 +02:00",
        "<<",
        "="
      })
  @DisplayName("a value a YAML 1.1 or 1.2 reader would not read as a string is not plain")
  void implicitTypesAreNotPlain(String value) {
    assertThat(ScalarSyntax.isPlainSafe(value, false)).isFalse();
    assertThat(ScalarSyntax.render(value, ScalarStyle.PLAIN, false)).startsWith("\"");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "0X1F",
        "0B101",
        "0O17",
        "-0o17",
        "1e_3",
        "+_1",
        "-_1",
        "1__0",
        "0_",
        "08",
        "0999",
        "1_000.5",
        "1.5e_1_0",
        "+.5",
        "-.5e3",
        ".5_0",
        "1.",
        "99999999999999999999999",
        "2001-1-2T3:4:5.5+01:00",
        "2001-12-14t21:59:43.10Z",
        "2001-12-14 21:59:43.10",
        "+.INF",
        "Off"
      })
  @DisplayName(
      "a value Go YAML (sigs.k8s.io/yaml, Kubernetes, Argo CD) reads as a number is quoted")
  void goYamlNumbersAreNotPlain(String value) {
    assertThat(ScalarSyntax.readsAsString(value)).isFalse();
    assertThat(ScalarSyntax.render(value, ScalarStyle.PLAIN, false)).startsWith("\"");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "0.2.0-rc.abc1234",
        "1.2.3",
        "v1",
        "abc1234",
        "1a2b3c4",
        "a b",
        "x#y",
        "a:b",
        "-x-"
      })
  @DisplayName("a string that reads back as itself stays plain in block context")
  void stringsStayPlain(String value) {
    if (value.startsWith("-")) {
      assertThat(ScalarSyntax.isPlainSafe(value, false)).isFalse();
    } else {
      assertThat(ScalarSyntax.isPlainSafe(value, false)).isTrue();
    }
  }

  @Test
  @DisplayName("flow indicators are not plain inside a flow collection")
  void flowIndicators() {
    assertThat(ScalarSyntax.isPlainSafe("a,b", false)).isTrue();
    assertThat(ScalarSyntax.isPlainSafe("a,b", true)).isFalse();
    assertThat(ScalarSyntax.isPlainSafe("a]", true)).isFalse();
    assertThat(ScalarSyntax.isPlainSafe("a:b", true)).isFalse();
  }

  @Test
  @DisplayName(
      "single quotes double an apostrophe and give way to double quotes for control characters")
  void singleQuotes() {
    assertThat(ScalarSyntax.render("it's", ScalarStyle.SINGLE_QUOTED, false)).isEqualTo("'it''s'");
    assertThat(ScalarSyntax.render("a\nb", ScalarStyle.SINGLE_QUOTED, false))
        .isEqualTo("\"a\\nb\"");
  }

  @Test
  @DisplayName("double quotes escape quotes, backslashes, control and non-printable characters")
  void doubleQuotes() {
    assertThat(ScalarSyntax.doubleQuoted("\"\\\u0000\u0007\b\t\n\u000b\f\r\u001b"))
        .isEqualTo("\"\\\"\\\\\\0\\a\\b\\t\\n\\v\\f\\r\\e\"");
    assertThat(ScalarSyntax.doubleQuoted("\u0085\u2028\u2029\ufeff\u007f\ufffe"))
        .isEqualTo("\"\\u0085\\u2028\\u2029\\uFEFF\\u007F\\uFFFE\"");
    assertThat(ScalarSyntax.doubleQuoted("\u00e9\uD83D\uDE00")).isEqualTo("\"\u00e9\uD83D\uDE00\"");
  }

  @Test
  @DisplayName("unpaired surrogates are detected")
  void surrogates() {
    assertThat(ScalarSyntax.isWellFormed("\uD83D\uDE00")).isTrue();
    assertThat(ScalarSyntax.isWellFormed("\uD83D")).isFalse();
    assertThat(ScalarSyntax.isWellFormed("\uDE00x")).isFalse();
  }
}
