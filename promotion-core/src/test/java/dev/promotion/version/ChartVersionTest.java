package dev.promotion.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidReferenceException;
import dev.promotion.error.InvalidVersionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChartVersionTest {
  static final ChartVersion BASE = ChartVersion.parse("0.2.0");

  @Nested
  @DisplayName("release candidates")
  class ReleaseCandidates {
    @Test
    @DisplayName("use the 7-character prefix of the SHA when it contains a letter")
    void sevenCharactersWithALetter() {
      assertThat(BASE.rc("abc1234def5678901234567890123456789abcde"))
          .hasToString("0.2.0-rc.abc1234");
    }

    @Test
    @DisplayName("lengthen an all-digit 7-character prefix until it contains a letter")
    void lengthenAllDigitPrefix() {
      assertThat(BASE.rc("12345678a0123456789012345678901234567890"))
          .hasToString("0.2.0-rc.12345678a");
    }

    @Test
    @DisplayName("keep a leading zero valid by making the identifier alphanumeric")
    void leadingZero() {
      ChartVersion rc = BASE.rc("0123456b890123456789012345678901234567890".substring(0, 40));

      assertThat(rc).hasToString("0.2.0-rc.0123456b");
      assertThat(ChartVersion.isValid(rc.toString())).isTrue();
    }

    @Test
    @DisplayName("use g and 7 digits for an all-digit SHA")
    void allDigitSha() {
      ChartVersion rc = BASE.rc("0123456789012345678901234567890123456789");

      assertThat(rc).hasToString("0.2.0-rc.g0123456");
      assertThat(rc.sourceCommit()).contains("0123456");
    }

    @Test
    @DisplayName("are built on the base of a pre-release version")
    void onTheBase() {
      assertThat(
              ChartVersion.parse("0.2.0-rc.abc1234").rc("def5678def5678def5678def5678def5678def5"))
          .hasToString("0.2.0-rc.def5678");
    }

    @Test
    @DisplayName("parse in all three shapes and name their commit")
    void parseAllShapes() {
      assertThat(ChartVersion.parse("1.2.3-rc.abc1234").sourceCommit()).contains("abc1234");
      assertThat(ChartVersion.parse("1.2.3-rc.0123456789a").sourceCommit()).contains("0123456789a");
      assertThat(ChartVersion.parse("1.2.3-rc.g1234567").sourceCommit()).contains("1234567");
    }

    @Test
    @DisplayName("are told apart from other pre-releases and from releases")
    void toldApart() {
      assertThat(ChartVersion.parse("1.2.3-rc.1").isReleaseCandidate()).isFalse();
      assertThat(ChartVersion.parse("1.2.3-beta.abc1234").isReleaseCandidate()).isFalse();
      assertThat(ChartVersion.parse("1.2.3").isReleaseCandidate()).isFalse();
      assertThat(ChartVersion.parse("1.2.3").isRelease()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc123", "ABC1234", "xyz1234", "abc1234-", "abc 1234"})
    @DisplayName("refuse a commit id that is not 7 to 64 lowercase hex characters")
    void refuseBadSha(String sha) {
      assertThatThrownBy(() -> BASE.rc(sha)).isInstanceOf(InvalidVersionException.class);
    }
  }

  @Nested
  @DisplayName("parsing")
  class Parsing {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "1.2",
          "1.2.3.4",
          "01.2.3",
          "1.02.3",
          "1.2.03",
          "v1.2.3",
          "1.2.3-",
          "1.2.3-01",
          "1.2.3-rc..1",
          "1.2.3+build.1",
          "1.2.3-rc.1+build",
          "-1.2.3",
          " 1.2.3",
          "1.2.3 ",
          "1.2.3\n",
          "99999999999999999999.0.0",
          "latest"
        })
    @DisplayName("reject malformed and out-of-range versions with a typed error")
    void rejectMalformed(String text) {
      assertThatThrownBy(() -> ChartVersion.parse(text))
          .isInstanceOf(InvalidVersionException.class)
          .satisfies(e -> assertThat(((InvalidVersionException) e).input()).isEqualTo(text));
    }

    @Test
    @DisplayName("reject null and overlong input")
    void rejectNullAndLong() {
      assertThatThrownBy(() -> ChartVersion.parse(null))
          .isInstanceOf(InvalidVersionException.class);
      assertThatThrownBy(() -> ChartVersion.parse("1.2.3-" + "a".repeat(200)))
          .isInstanceOf(InvalidVersionException.class);
    }

    @Test
    @DisplayName("escape control characters in the message")
    void escapeControlCharacters() {
      assertThatThrownBy(() -> ChartVersion.parse("1.2.3\u001b[31m"))
          .hasMessageContaining("\\u001b")
          .hasMessageNotContaining("\u001b");
    }
  }

  @Nested
  @DisplayName("bumps")
  class Bumps {
    @Test
    @DisplayName("raise patch, minor and major like the seed's bump-version workflow")
    void seedBumps() {
      ChartVersion v = ChartVersion.parse("0.1.1");

      assertThat(v.bump(Bump.PATCH)).hasToString("0.1.2");
      assertThat(v.bump(Bump.MINOR)).hasToString("0.2.0");
      assertThat(v.bump(Bump.MAJOR)).hasToString("1.0.0");
    }

    @Test
    @DisplayName("parse levels case-insensitively and reject others")
    void levels() {
      assertThat(Bump.parse("Minor")).isEqualTo(Bump.MINOR);
      assertThatThrownBy(() -> Bump.parse("huge")).isInstanceOf(InvalidVersionException.class);
    }
  }

  @Nested
  @DisplayName("release tags and hotfix branches")
  class TagsAndBranches {
    @Test
    @DisplayName("a release tag is v and a release version")
    void releaseTag() {
      assertThat(ReleaseTag.parse("v0.1.0").version()).isEqualTo(ChartVersion.parse("0.1.0"));
      assertThat(ReleaseTag.of(ChartVersion.parse("0.1.0"))).hasToString("v0.1.0");
      assertThat(ReleaseTag.parse("release-1.2.3", "release-").name()).isEqualTo("release-1.2.3");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"0.1.0", "v0.1", "v0.1.0-rc.abc1234", "V0.1.0", "v", "vv0.1.0", "v01.0.0"})
    @DisplayName("a tag that is not vX.Y.Z is a typed error")
    void badTag(String tag) {
      assertThatThrownBy(() -> ReleaseTag.parse(tag)).isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    @DisplayName("the hotfix of v0.1.0 is hotfix-0-1-1 for version 0.1.1")
    void hotfixOfTag() {
      HotfixBranch hotfix = HotfixBranch.from(ReleaseTag.parse("v0.1.0"));

      assertThat(hotfix.name()).isEqualTo("hotfix-0-1-1");
      assertThat(hotfix.version()).isEqualTo(ChartVersion.parse("0.1.1"));
      assertThat(HotfixBranch.parse("hotfix-4-3-4").version()).hasToString("4.3.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hotfix-1-2", "hotfix-01-2-3", "hotfix/1.2.3", "feature-1-2-3", ""})
    @DisplayName("a branch that is not hotfix-X-Y-Z is a typed error")
    void badHotfix(String name) {
      assertThatThrownBy(() -> HotfixBranch.parse(name))
          .isInstanceOf(InvalidReferenceException.class);
      assertThat(HotfixBranch.matches(name)).isFalse();
    }
  }
}
