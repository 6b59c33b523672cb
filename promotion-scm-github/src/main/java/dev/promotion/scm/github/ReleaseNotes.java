package dev.promotion.scm.github;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notes of a release: GitHub's generated notes (pull requests, contributors, the full changelog
 * link) followed by the subjects of the commits since the previous tag, because GitHub's notes list
 * pull requests only and the release saga's bump commits go straight to the branch.
 */
final class ReleaseNotes {
  static final int MAX_COMMITS = 250;
  static final String COMMITS_HEADING = "## Commits";

  /**
   * GitHub refuses a release body over 125,000 characters (422 Validation Failed, code {@code
   * custom}: "body is too long (maximum is 125000 characters)"), on create and on update.
   * Characters are counted as code points, as GitHub counts them.
   */
  static final int MAX_CHARACTERS = 125_000;

  private static final Pattern CUT_NOTE =
      Pattern.compile("(?m)^…notes cut at (\\d+) of (\\d+) characters; full changes: (\\S+)$");
  private static final int LINE_SEARCH = 10_000;

  private ReleaseNotes() {}

  /** One commit: its full id and its message. */
  record Entry(String sha, String message) {
    String subject() {
      return message.lines().findFirst().orElse("").trim();
    }
  }

  /**
   * @param generated GitHub's generated notes, may be empty
   * @param commits newest first
   * @param truncated whether older commits were left out
   */
  static String compose(String generated, List<Entry> commits, boolean truncated) {
    StringBuilder notes = new StringBuilder();
    if (!generated.isBlank()) {
      notes.append(generated.strip()).append("\n\n");
    }
    notes.append(COMMITS_HEADING).append('\n');
    if (commits.isEmpty()) {
      notes.append("\nNo commits since the previous release.\n");
      return notes.toString();
    }
    notes.append('\n');
    for (Entry commit : commits) {
      notes
          .append("- ")
          .append(commit.subject())
          .append(" (")
          .append(commit.sha(), 0, Math.min(7, commit.sha().length()))
          .append(")\n");
    }
    if (truncated) {
      notes.append("- ... older commits are left out; see the full changelog\n");
    }
    return notes.toString();
  }

  /**
   * The notes as they are when they fit GitHub's limit; otherwise cut at the end of a line, with a
   * closing line that says how much was kept and links the full changes. The result has at most
   * {@link #MAX_CHARACTERS} characters.
   */
  static String fit(String notes, String fullChanges) {
    if (characters(notes) <= MAX_CHARACTERS) {
      return notes;
    }
    String generated = notes.stripTrailing();
    return cut(generated, characters(generated), fullChanges, "")
        .orElseThrow(() -> new IllegalStateException("a cut note alone fits the limit"));
  }

  /**
   * The notes with {@code text} appended on a line of its own, within GitHub's limit: when they
   * would not fit, more of the generated notes (GitHub's and the commit list, before the cut note
   * or the end of the commit list) is cut, never text appended earlier. Empty when the appended
   * texts alone do not fit.
   *
   * @param fullChanges the link for a new cut note, when the notes have none yet
   */
  static Optional<String> append(String notes, String text, String fullChanges) {
    String joined = join(notes, text);
    if (characters(joined) <= MAX_CHARACTERS) {
      return Optional.of(joined);
    }
    Matcher note = CUT_NOTE.matcher(notes);
    if (note.find()) {
      String after = notes.substring(note.end());
      String appended = after.startsWith("\n") ? after.substring(1) : after;
      return cut(
          notes.substring(0, note.start()).stripTrailing(),
          Integer.parseInt(note.group(2)),
          note.group(3),
          appended.isEmpty() ? text : join(appended, text));
    }
    int end = endOfGenerated(notes);
    String generated = notes.substring(0, end).stripTrailing();
    String appended = notes.substring(end);
    return cut(
        generated,
        characters(generated),
        fullChanges,
        appended.isEmpty() ? text : join(appended, text));
  }

  /**
   * {@code generated} cut so that it, a note saying what was kept of {@code total} characters, and
   * {@code tail} fit the limit together.
   */
  private static Optional<String> cut(
      String generated, int total, String fullChanges, String tail) {
    // The kept count is never longer than the total, so a note written with the total is the
    // longest it can be.
    int reserved = characters("\n\n" + note(total, total, fullChanges) + "\n" + tail);
    int budget = MAX_CHARACTERS - reserved;
    if (budget < 0) {
      return Optional.empty();
    }
    String kept = cutAtLineEnd(generated, budget).stripTrailing();
    String note = note(characters(kept), total, fullChanges);
    return Optional.of((kept.isEmpty() ? "" : kept + "\n\n") + note + "\n" + tail);
  }

  private static String note(int kept, int total, String fullChanges) {
    return "…notes cut at " + kept + " of " + total + " characters; full changes: " + fullChanges;
  }

  /** At most {@code max} characters of {@code text}, ending at a line end when one is near. */
  private static String cutAtLineEnd(String text, int max) {
    if (characters(text) <= max) {
      return text;
    }
    int end = text.offsetByCodePoints(0, max);
    int lineEnd = text.lastIndexOf('\n', end);
    return lineEnd >= 0 && end - lineEnd <= LINE_SEARCH
        ? text.substring(0, lineEnd)
        : text.substring(0, end);
  }

  /**
   * Where the notes this adapter composed end and appended text begins: after the last line of the
   * commit list; the whole text when there is no commit list (notes written by someone else).
   */
  private static int endOfGenerated(String notes) {
    int found = notes.lastIndexOf("\n" + COMMITS_HEADING + "\n");
    int heading = found >= 0 ? found + 1 : notes.startsWith(COMMITS_HEADING + "\n") ? 0 : -1;
    if (heading < 0) {
      return notes.length();
    }
    int position = heading + COMMITS_HEADING.length() + 1;
    boolean listStarted = false;
    while (position < notes.length()) {
      int next = notes.indexOf('\n', position);
      int lineEnd = next < 0 ? notes.length() : next + 1;
      String line = notes.substring(position, next < 0 ? notes.length() : next);
      boolean entry = line.startsWith("- ") || line.startsWith("No commits since");
      if (entry) {
        listStarted = true;
      } else if (listStarted || !line.isBlank()) {
        break;
      }
      position = lineEnd;
    }
    return position;
  }

  private static int characters(String text) {
    return text.codePointCount(0, text.length());
  }

  /** The notes with {@code text} appended on a line of its own. */
  static String join(String notes, String text) {
    if (notes.isEmpty()) {
      return text;
    }
    return notes.endsWith("\n") ? notes + text : notes + "\n" + text;
  }
}
