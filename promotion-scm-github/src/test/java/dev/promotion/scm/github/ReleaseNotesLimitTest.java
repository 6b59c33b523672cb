package dev.promotion.scm.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.scm.github.fake.FakeGitHubServer;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.ReleaseResult;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** GitHub refuses a release body over 125,000 characters; the adapter's notes must fit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Release notes and GitHub's 125,000 character limit")
class ReleaseNotesLimitTest {
  private static final int LIMIT = 125_000;
  private static final Pattern CUT =
      Pattern.compile("…notes cut at (\\d+) of (\\d+) characters; full changes: (\\S+)\n");

  private final FakeGitHubServer server = new FakeGitHubServer();

  @AfterAll
  void stopServer() {
    server.close();
  }

  private static int characters(String text) {
    return text.codePointCount(0, text.length());
  }

  private static Matcher cutNote(String notes) {
    Matcher m = CUT.matcher(notes);
    assertThat(m.find()).as("a cut note in the notes").isTrue();
    return m;
  }

  @Test
  @DisplayName(
      "generated notes over the limit are cut to 125,000 characters with a note that says what was cut and links the compare view")
  void cutOnCreation() {
    Rig rig = new Rig(server);
    rig.github.tag("v0.0.9", rig.initialCommit);
    String head = rig.commit("main", "Bump the chart", Map.of("x", "y"));
    rig.github.generatedNotesSize(200_000);

    ReleaseResult result =
        rig.scm()
            .createRelease(new ReleaseRequest("v0.1.0", head, "v0.1.0", Optional.of("v0.0.9")));

    assertThat(result).isInstanceOf(ReleaseResult.Created.class);
    String notes = rig.github.release("v0.1.0").orElseThrow().body;
    assertThat(characters(notes)).isLessThanOrEqualTo(LIMIT).isGreaterThan(LIMIT - 1_000);
    assertThat(notes).startsWith("## What's Changed\n").endsWith("\n");
    Matcher note = cutNote(notes);
    assertThat(note.group(3)).isEqualTo("https://github.com/acme/api/compare/v0.0.9...v0.1.0");
    assertThat(Integer.parseInt(note.group(2))).isGreaterThan(200_000);
    assertThat(notes.substring(0, note.start()).strip()).hasSize(Integer.parseInt(note.group(1)));
    assertThat(result.release().notes()).isEqualTo(notes);
  }

  @Test
  @DisplayName(
      "on GitHub Enterprise Server the compare link is on the server's host, and without a previous tag it lists the release's commits")
  void enterpriseLink() {
    Rig rig = new Rig(server, "/api/v3");
    rig.github.generatedNotesSize(130_000);

    rig.scm()
        .createRelease(new ReleaseRequest("v0.1.0", rig.initialCommit, "v0.1.0", Optional.empty()));

    String host = server.apiUrl().substring(0, server.apiUrl().length() - "/api/v3".length());
    assertThat(cutNote(rig.github.release("v0.1.0").orElseThrow().body).group(3))
        .isEqualTo(host + "/acme/api/commits/v0.1.0");
  }

  @Test
  @DisplayName(
      "appending to cut notes cuts more of the generated content, keeps every appended line and stays within the limit")
  void appendToCutNotes() {
    Rig rig = new Rig(server);
    rig.github.generatedNotesSize(200_000);
    GitHubSourceControl scm = rig.scm();
    scm.createRelease(new ReleaseRequest("v0.1.0", rig.initialCommit, "v0.1.0", Optional.empty()));
    int keptBefore = Integer.parseInt(cutNote(rig.github.release("v0.1.0").get().body).group(1));
    String first = "\n## Promotions\n- **prod**: api 0.1.0 promoted by @alice " + "x".repeat(300);
    String second = "- **prod**: api 0.1.0 promoted again by @bob " + "y".repeat(300);

    scm.appendToReleaseNotes("v0.1.0", first);
    Release release = scm.appendToReleaseNotes("v0.1.0", second);

    String notes = rig.github.release("v0.1.0").orElseThrow().body;
    assertThat(release.notes()).isEqualTo(notes);
    assertThat(characters(notes)).isLessThanOrEqualTo(LIMIT);
    assertThat(notes).contains(first).endsWith(second).startsWith("## What's Changed\n");
    Matcher note = cutNote(notes);
    assertThat(Integer.parseInt(note.group(1))).isLessThan(keptBefore);
    assertThat(note.find()).as("a second cut note").isFalse();
  }

  @Test
  @DisplayName(
      "appending to notes that fit but would not fit with the text cuts the generated content instead of failing")
  void appendToFullNotes() {
    Rig rig = new Rig(server);
    rig.github.generatedNotesSize(124_500);
    GitHubSourceControl scm = rig.scm();
    scm.createRelease(new ReleaseRequest("v0.1.0", rig.initialCommit, "v0.1.0", Optional.empty()));
    String created = rig.github.release("v0.1.0").get().body;
    assertThat(created).doesNotContain("…notes cut at");
    String line = "\n## Promotions\n- **prod**: api 0.1.0 promoted by @alice " + "z".repeat(2_000);

    scm.appendToReleaseNotes("v0.1.0", line);

    String notes = rig.github.release("v0.1.0").orElseThrow().body;
    assertThat(characters(notes)).isLessThanOrEqualTo(LIMIT);
    assertThat(notes).endsWith(line).startsWith("## What's Changed\n");
    assertThat(cutNote(notes).group(2)).isEqualTo(String.valueOf(characters(created.strip())));
  }
}
