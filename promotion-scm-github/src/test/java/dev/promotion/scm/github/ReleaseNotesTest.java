package dev.promotion.scm.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Release notes within GitHub's limit")
class ReleaseNotesTest {
  private static final String LINK = "https://github.com/acme/api/commits/v1.0.0";

  @Test
  @DisplayName("characters are counted and cut as code points: no surrogate pair is split")
  void codePoints() {
    String line = "- \uD83D\uDE80 shipped ".repeat(40) + "\n";
    String notes = line.repeat(ReleaseNotes.MAX_CHARACTERS / 400 + 50);

    String fitted = ReleaseNotes.fit(notes, LINK);

    assertThat(fitted.codePointCount(0, fitted.length()))
        .isLessThanOrEqualTo(ReleaseNotes.MAX_CHARACTERS);
    assertThat(fitted.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF)).isTrue();
    assertThat(fitted).contains("full changes: " + LINK);
  }

  @Test
  @DisplayName("notes that fit are left as they are")
  void fits() {
    assertThat(ReleaseNotes.fit("## Commits\n\n- One (abc1234)\n", LINK))
        .isEqualTo("## Commits\n\n- One (abc1234)\n");
    assertThat(ReleaseNotes.append("## Commits\n\n- One (abc1234)\n", "done", LINK))
        .contains("## Commits\n\n- One (abc1234)\ndone");
  }

  @Test
  @DisplayName("appended text that alone exceeds the limit cannot be appended")
  void appendedTextTooLong() {
    assertThat(ReleaseNotes.append("notes", "x".repeat(ReleaseNotes.MAX_CHARACTERS), LINK))
        .isEmpty();
  }

  @Test
  @DisplayName("notes written by someone else are cut from their end, and the text is kept")
  void foreignNotes() {
    String foreign = "Hand-written line\n".repeat(8_000);

    String appended = ReleaseNotes.append(foreign, "the appended line", LINK).orElseThrow();

    assertThat(appended.length()).isLessThanOrEqualTo(ReleaseNotes.MAX_CHARACTERS);
    assertThat(appended)
        .startsWith("Hand-written line\n")
        .contains("…notes cut at ")
        .endsWith("\nthe appended line");
  }
}
