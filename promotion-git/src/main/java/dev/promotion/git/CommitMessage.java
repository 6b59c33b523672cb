package dev.promotion.git;

import dev.promotion.spi.Trailer;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a commit says and who made it when: a one-line subject, the audit trailers, the author and
 * the time (whole seconds are kept, as in git).
 */
public record CommitMessage(String subject, List<Trailer> trailers, Identity author, Instant time) {
  public CommitMessage {
    Objects.requireNonNull(subject, "subject");
    trailers = List.copyOf(trailers);
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(time, "time");
    if (subject.isBlank() || subject.indexOf('\n') >= 0 || subject.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("A commit subject is one non-blank line");
    }
  }

  /** The full message: the subject, a blank line and one trailer per line. */
  public String text() {
    StringBuilder text = new StringBuilder(subject).append('\n');
    if (!trailers.isEmpty()) {
      text.append('\n');
      for (Trailer trailer : trailers) {
        text.append(trailer.key()).append(": ").append(trailer.value()).append('\n');
      }
    }
    return text.toString();
  }
}
