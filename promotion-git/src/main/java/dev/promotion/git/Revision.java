package dev.promotion.git;

import dev.promotion.spi.Trailer;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One commit of the branch as {@link GitRepository#log} reads it.
 *
 * @param commit the commit id
 * @param author who made it (the actor)
 * @param time the author time
 * @param subject the first line of the message
 * @param trailers the trailers of the message, in order
 * @param files the files at this commit
 * @param before the files at the commit before it that touched the same paths (empty for the first)
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
