package dev.promotion.testkit;

import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.pipeline.Names;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.Trailer;
import dev.promotion.version.ChartVersion;
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
 * <p>Thread-safe; a new instance declares nothing.
 */
public final class InMemoryEnvironmentStore implements EnvironmentStore {
  private final Map<Key, ChartVersion> declared = new HashMap<>();
  private final Map<Key, List<HistoryEntry>> history = new HashMap<>();
  private final List<String> revisions = new ArrayList<>();

  /** An empty store. */
  public InMemoryEnvironmentStore() {}

  /**
   * {@inheritDoc}
   *
   * <p>The location is {@code environments/{environment}/{app}}.
   */
  @Override
  public synchronized Optional<Deployment> current(String app, String environment) {
    Key key = Key.of(app, environment);
    return Optional.ofNullable(declared.get(key)).map(version -> deployment(key, version));
  }

  /** {@inheritDoc} */
  @Override
  public synchronized ApplyResult apply(ChangeSet changes) {
    Objects.requireNonNull(changes, "changes");
    List<Change> toApply = new ArrayList<>();
    for (Change change : changes.changes()) {
      Optional<ChartVersion> current =
          Optional.ofNullable(declared.get(Key.of(change.app(), change.environment())));
      if (current.equals(Optional.of(change.target()))) {
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
      ChartVersion previous = declared.put(key, change.target());
      history
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(
              new HistoryEntry(
                  change.app(),
                  change.environment(),
                  change.target(),
                  Optional.ofNullable(previous),
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
    }
    return id.hex();
  }

  private static Deployment deployment(Key key, ChartVersion version) {
    return new Deployment(
        key.app(),
        key.environment(),
        version,
        List.of("environments/" + key.environment() + "/" + key.app()));
  }

  private static String describe(Optional<ChartVersion> version) {
    return version.map(ChartVersion::toString).orElse("nothing declared");
  }

  private record Key(String app, String environment) {
    static Key of(String app, String environment) {
      return new Key(Names.requireSafe("app", app), Names.requireSafe("environment", environment));
    }
  }

  @Override
  public synchronized String toString() {
    Map<String, String> text = new TreeMap<>();
    declared.forEach((k, v) -> text.put(k.environment() + "/" + k.app(), v.toString()));
    return "InMemoryEnvironmentStore" + text;
  }
}
