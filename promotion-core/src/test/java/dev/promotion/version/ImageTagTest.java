package dev.promotion.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidVersionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ImageTag")
class ImageTagTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "v1.2.3",
        "v0.0.1",
        "v3",
        "abc123f",
        "abc123f-42",
        "master",
        "latest",
        "8.8.0-alpine",
        "pg14-v0.3.0-rootless",
        "_internal",
        "1.0.0-rc.1"
      })
  @DisplayName("keeps the tags real repositories use exactly as written")
  void accepts(String tag) {
    assertThat(ImageTag.parse(tag).text()).isEqualTo(tag);
    assertThat(ImageTag.isValid(tag)).isTrue();
    assertThat(ImageTag.parse(tag).kind()).isEqualTo(VersionKind.IMAGE);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {"", "v1 2", " v1", "v1\n", "-v1", ".v1", "v1..2", "..", "a/b", "v1@sha256:ab"})
  @DisplayName("refuses text outside the OCI tag grammar, and any '..'")
  void refuses(String tag) {
    assertThatThrownBy(() -> ImageTag.parse(tag)).isInstanceOf(InvalidVersionException.class);
    assertThat(ImageTag.isValid(tag)).isFalse();
  }

  @Test
  @DisplayName("is at most 128 characters")
  void length() {
    assertThat(ImageTag.parse("a".repeat(128)).text()).hasSize(128);
    assertThatThrownBy(() -> ImageTag.parse("a".repeat(129)))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("at most 128 characters, this one has 129");
  }

  @Test
  @DisplayName("equals by its text only: v1.2.3 is not 1.2.3")
  void equality() {
    assertThat(ImageTag.parse("v1.2.3")).isEqualTo(ImageTag.parse("v1.2.3"));
    assertThat(ImageTag.parse("v1.2.3")).isNotEqualTo(ImageTag.parse("1.2.3"));
    assertThat(ImageTag.parse("1.2.3")).isNotEqualTo(ChartVersion.parse("1.2.3"));
  }
}
