package dev.promotion.git;

import dev.promotion.spi.Trailer;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One commit of the branch's first-parent history as {@link GitRepository#log} reads it: a direct
 * commit, a squashed or rebased one, or the merge commit that brought a pull request in.
 *
 * @param commit the commit id on the branch (for a merged pull request, the merge)
 * @param author who made the change (the actor): the author of the commit that carries it (for a
 *     merge, the newest commit of the merged side that changed the paths)
 * @param time when the change reached the branch: the committer time of the commit on the branch,
 *     never the author time (which for a pull request is when it was written, not merged)
 * @param subject the first line of the message of the commit that carries the change
 * @param trailers the trailers of that message, in order
 * @param files the files at this commit
 * @param before the files at its first parent (empty for the first commit)
 */
public record Revision(
    String commit,
    Identity author,
    Instant time,
    String subject,
    List<Trailer> trailers,
    Snapshot files,
    Optional<Snapshot> before) {
  public Revision {
    Objects.requireNonNull(commit, "commit");
    trailers = List.copyOf(trailers);
  }
}
