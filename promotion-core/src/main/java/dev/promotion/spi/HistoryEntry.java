package dev.promotion.spi;

import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One revision that changed an app's version in an environment.
 *
 * @param digest the image digest the declaration pinned at this revision (read from the manifest,
 *     not from the commit message), empty when it pinned none or the store does not pin digests
 * @param previous the version declared before this revision, empty for the first declaration
 * @param revision the store's revision id (a commit id in git)
 * @param trailers all trailers of the revision, in order
 */
public record HistoryEntry(
    String app,
    String environment,
    Version version,
    Optional<ImageDigest> digest,
    Optional<Version> previous,
    String revision,
    Instant time,
    String actor,
    String subject,
    List<Trailer> trailers) {
  public HistoryEntry {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(subject, "subject");
    trailers = List.copyOf(trailers);
  }

  /** An entry of a revision that pinned no image digest. */
  public HistoryEntry(
      String app,
      String environment,
      Version version,
      Optional<Version> previous,
      String revision,
      Instant time,
      String actor,
      String subject,
      List<Trailer> trailers) {
    this(
        app,
        environment,
        version,
        Optional.empty(),
        previous,
        revision,
        time,
        actor,
        subject,
        trailers);
  }

  /** The first value of a trailer, if present. */
  public Optional<String> trailer(String key) {
    return trailers.stream()
        .filter(t -> t.key().equalsIgnoreCase(key))
        .map(Trailer::value)
        .findFirst();
  }
}
