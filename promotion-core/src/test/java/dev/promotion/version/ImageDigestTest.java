package dev.promotion.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.InvalidDigestException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ImageDigest")
class ImageDigestTest {
  private static final String HEX64 =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  @DisplayName("parses sha256 and sha512 digests and shows them whole or short")
  void parses() {
    ImageDigest sha256 = ImageDigest.parse("sha256:" + HEX64);
    ImageDigest sha512 = ImageDigest.parse("sha512:" + HEX64 + HEX64);

    assertThat(sha256.algorithm()).isEqualTo("sha256");
    assertThat(sha256.hex()).isEqualTo(HEX64);
    assertThat(sha256).hasToString("sha256:" + HEX64);
    assertThat(sha256.shortForm()).isEqualTo("sha256:0123456789ab");
    assertThat(sha512.algorithm()).isEqualTo("sha512");
    assertThat(sha256).isEqualTo(ImageDigest.parse("sha256:" + HEX64)).isNotEqualTo(sha512);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        HEX64,
        "sha256:",
        "sha256:0123",
        "sha256:" + HEX64 + "0",
        "md5:0123456789abcdef0123456789abcdef",
        "SHA256:" + HEX64,
        "sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
        " sha256:" + HEX64,
        "sha256:" + HEX64 + "\n",
        "sha512:" + HEX64,
        "sha256:0123456789abcdeg0123456789abcdef0123456789abcdef0123456789abcdef"
      })
  @DisplayName("refuses anything else with a typed error that quotes the input safely")
  void refuses(String input) {
    InvalidDigestException e =
        catchThrowableOfType(InvalidDigestException.class, () -> ImageDigest.parse(input));

    assertThat(e.input()).isEqualTo(input);
    assertThat(e.getMessage()).contains("is not a valid image digest").doesNotContain("\n");
  }
}
