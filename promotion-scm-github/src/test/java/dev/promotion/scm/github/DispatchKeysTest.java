package dev.promotion.scm.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Finding a dispatch key in a run title")
class DispatchKeysTest {
  @Test
  @DisplayName("the key is found when it stands alone, wherever the run-name puts it")
  void standsAlone() {
    assertThat(
            DispatchKeys.appearsIn(
                "publish-dev release-v0.2.0-next-dev", "release-v0.2.0-next-dev"))
        .isTrue();
    assertThat(DispatchKeys.appearsIn("[release-v0.2.0] publish", "release-v0.2.0")).isTrue();
    assertThat(DispatchKeys.appearsIn("release-v0.2.0", "release-v0.2.0")).isTrue();
    assertThat(DispatchKeys.appearsIn("publish (key: k1)", "k1")).isTrue();
  }

  @Test
  @DisplayName("a key inside a longer key, or a missing title, is not a match")
  void partOfAnother() {
    assertThat(DispatchKeys.appearsIn("publish-dev release-v0.2.0-next", "release-v0.2.0"))
        .isFalse();
    assertThat(DispatchKeys.appearsIn("publish-dev xk1", "k1")).isFalse();
    assertThat(DispatchKeys.appearsIn(null, "k1")).isFalse();
    assertThat(DispatchKeys.appearsIn("Publish Dev", "k1")).isFalse();
  }

  @Test
  @DisplayName(
      "a key with spaces or over 100 characters is refused, since it could not be found again")
  void validKeys() {
    assertThatThrownBy(() -> Names.dispatchKey("two words"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Names.dispatchKey("k".repeat(101)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Names.dispatchKey("release-v0.2.0-next-dev")).isEqualTo("release-v0.2.0-next-dev");
  }
}
