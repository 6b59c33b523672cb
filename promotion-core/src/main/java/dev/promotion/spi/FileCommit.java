package dev.promotion.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A change of one file on a branch, with compare-and-swap on its previous content.
 *
 * @param expectedContent the content the file must have now; empty: the file must not exist
 * @param message the full commit message (subject, blank line, body, trailers)
 * @param actor who makes the change, recorded as the commit's author where the backend can
 */
public record FileCommit(
    String branch,
    String path,
    Optional<String> expectedContent,
    String newContent,
    String message,
    String actor) {
  public FileCommit {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(expectedContent, "expectedContent");
    Objects.requireNonNull(newContent, "newContent");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(actor, "actor");
  }
}
