package dev.promotion.testkit;

import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.pipeline.Names;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.Trailer;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An {@link EnvironmentStore} held in memory: a map from (app, environment) to a version, a
 * revision log and the history of every declaration.
 *
 * <p>Each app is declared in one location, {@code environments/{environment}/{app}}. {@link #apply}
 * is an atomic compare-and-swap over the whole change set, exactly as the SPI states; every applied
 * change set becomes a revision whose id is the SHA-1 of the previous revision and the change set
 * (40 hex characters, like a git commit), so the same sequence of change sets always yields the
 * same ids. Times, actors, subjects and trailers come from the change sets.
 *
 * <p>A store made with {@link #InMemoryEnvironmentStore()} {@linkplain #pinsDigests() pins image
 * digests} along with versions, as a Kustomize images overlay does; one made with {@link
 * #versionsOnly()} refuses digests, as an Argo CD layout does.
 *
 * <p>Thread-safe; a new instance declares nothing.
 */
public final class InMemoryEnvironmentStore implements EnvironmentStore {
  private final Map<Key, Declared> declared = new HashMap<>();
  private final Map<Key, List<HistoryEntry>> history = new HashMap<>();
  private final List<String> revisions = new ArrayList<>();
  private final boolean pinsDigests;

  /** An empty store that pins digests. */
  public InMemoryEnvironmentStore() {
    this(true);
  }

  private InMemoryEnvironmentStore(boolean pinsDigests) {
    this.pinsDigests = pinsDigests;
  }

  /** An empty store that declares versions only and refuses changes that pin a digest. */
  public static InMemoryEnvironmentStore versionsOnly() {
    return new InMemoryEnvironmentStore(false);
  }

  @Override
  public boolean pinsDigests() {
    return pinsDigests;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The location is {@code environments/{environment}/{app}}.
   */
  @Override
  public synchronized Optional<Deployment> current(String app, String environment) {
    Key key = Key.of(app, environment);
    return Optional.ofNullable(declared.get(key)).map(d -> deployment(key, d));
  }

  /** {@inheritDoc} */
  @Override
  public synchronized ApplyResult apply(ChangeSet changes) {
    Objects.requireNonNull(changes, "changes");
    List<Change> toApply = new ArrayList<>();
    for (Change change : changes.changes()) {
      if (change.digest().isPresent() && !pinsDigests) {
        throw new InvalidRequestException(
            "This store declares versions only; it cannot pin "
                + change.target(" in ")
                + " to an image digest.");
      }
    }
    for (Change change : changes.changes()) {
      Key key = Key.of(change.app(), change.environment());
      if (change.isInPlace(current(change.app(), change.environment()))) {
        continue;
      }
      Optional<Version> current = Optional.ofNullable(declared.get(key)).map(Declared::version);
      if (current.equals(Optional.of(change.target()))) {
        toApply.add(change);
        continue;
      }
      if (!current.equals(change.expected())) {
        throw new ConcurrentModificationException(
            change.target(" in "), describe(change.expected()), describe(current));
      }
      toApply.add(change);
    }
    if (toApply.isEmpty()) {
      return new ApplyResult.Unchanged();
    }
    String revision = revisionId(changes, toApply);
    for (Change change : toApply) {
      Key key = Key.of(change.app(), change.environment());
      Declared previous = declared.put(key, new Declared(change.target(), change.digest()));
      if (previous != null && previous.version().equals(change.target())) {
        continue;
      }
      history
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(
              new HistoryEntry(
                  change.app(),
                  change.environment(),
                  change.target(),
                  change.digest(),
                  Optional.ofNullable(previous).map(Declared::version),
                  revision,
                  changes.time(),
                  changes.actor(),
                  changes.subject(),
                  changes.trailers()));
    }
    revisions.add(revision);
    return new ApplyResult.Applied(revision, toApply);
  }

  /** {@inheritDoc} */
  @Override
  public synchronized List<Deployment> list(String environment) {
    Names.requireSafe("environment", environment);
    return declared.entrySet().stream()
        .filter(e -> e.getKey().environment().equals(environment))
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(Key::app)))
        .map(e -> deployment(e.getKey(), e.getValue()))
        .toList();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code limit} is less than 1
   */
  @Override
  public synchronized List<HistoryEntry> history(String app, String environment, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("A history limit is at least 1: " + limit);
    }
    List<HistoryEntry> entries = history.getOrDefault(Key.of(app, environment), List.of());
    List<HistoryEntry> newestFirst = new ArrayList<>(entries.size());
    for (int i = entries.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
      newestFirst.add(entries.get(i));
    }
    return List.copyOf(newestFirst);
  }

  /** The ids of every revision applied so far, oldest first. */
  public synchronized List<String> revisions() {
    return List.copyOf(revisions);
  }

  private String revisionId(ChangeSet changes, List<Change> applied) {
    ContentId id =
        ContentId.start()
            .add(revisions.isEmpty() ? "" : revisions.get(revisions.size() - 1))
            .add(changes.subject())
            .add(changes.actor())
            .add(changes.time().toString());
    for (Trailer trailer : changes.trailers()) {
      id.add(trailer.toString());
    }
    for (Change change : applied) {
      id.add(change.app()).add(change.environment()).add(change.target().toString());
      change.digest().ifPresent(d -> id.add(d.toString()));
    }
    return id.hex();
  }

  private static Deployment deployment(Key key, Declared declared) {
    return new Deployment(
        key.app(),
        key.environment(),
        declared.version(),
        declared.digest(),
        List.of("environments/" + key.environment() + "/" + key.app()));
  }

  private record Declared(Version version, Optional<ImageDigest> digest) {
    @Override
    public String toString() {
      return version + digest.map(d -> "@" + d).orElse("");
    }
  }

  private static String describe(Optional<Version> version) {
    return version.map(Version::toString).orElse("nothing declared");
  }

  private record Key(String app, String environment) {
    static Key of(String app, String environment) {
      return new Key(Names.requireSafe("app", app), Names.requireSafe("environment", environment));
    }
  }

  @Override
  public synchronized String toString() {
    Map<String, String> text = new TreeMap<>();
    declared.forEach((k, d) -> text.put(k.environment() + "/" + k.app(), d.toString()));
    return "InMemoryEnvironmentStore" + text;
  }
}
