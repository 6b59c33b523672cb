package dev.promotion.scm.github;

import java.util.List;

/**
 * The notes of a release: GitHub's generated notes (pull requests, contributors, the full changelog
 * link) followed by the subjects of the commits since the previous tag, because GitHub's notes list
 * pull requests only and the release saga's bump commits go straight to the branch.
 */
final class ReleaseNotes {
  static final int MAX_COMMITS = 250;
  static final String COMMITS_HEADING = "## Commits";

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

  /** The notes with {@code text} appended on a line of its own. */
  static String append(String notes, String text) {
    if (notes.isEmpty()) {
      return text;
    }
    return notes.endsWith("\n") ? notes + text : notes + "\n" + text;
  }
}
