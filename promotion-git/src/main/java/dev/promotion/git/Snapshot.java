package dev.promotion.git;

import dev.promotion.error.InvalidManifestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * The files of one commit of the branch, read straight from its trees (no working tree). An empty
 * branch (no commit yet) has no files.
 */
public final class Snapshot {
  private final Repository repository;
  private final ObjectId commit;
  private final ObjectId tree;
  private final Map<String, Map<String, TreeEntry>> directories = new ConcurrentHashMap<>();

  Snapshot(Repository repository, ObjectId commit, ObjectId tree) {
    this.repository = repository;
    this.commit = commit;
    this.tree = tree;
  }

  static Snapshot empty(Repository repository) {
    return new Snapshot(repository, null, null);
  }

  /** The commit, empty when the branch has none yet. */
  public Optional<String> commit() {
    return Optional.ofNullable(commit).map(ObjectId::name);
  }

  Optional<ObjectId> commitId() {
    return Optional.ofNullable(commit);
  }

  Optional<ObjectId> treeId() {
    return Optional.ofNullable(tree);
  }

  /**
   * The bytes of the file at {@code path}; empty if there is no file there.
   *
   * @throws InvalidManifestException if the file is larger than {@code maxBytes}, before reading it
   */
  public Optional<byte[]> read(String path, long maxBytes) {
    int slash = path.lastIndexOf('/');
    Optional<TreeEntry> entry =
        directory(slash < 0 ? "" : path.substring(0, slash))
            .map(entries -> entries.get(path.substring(slash + 1)));
    if (entry.isEmpty() || entry.get().type() != FileMode.TYPE_FILE) {
      return Optional.empty();
    }
    try (ObjectReader reader = repository.newObjectReader()) {
      ObjectLoader loader = reader.open(entry.get().id(), Constants.OBJ_BLOB);
      if (loader.getSize() > maxBytes) {
        throw new InvalidManifestException(
            path,
            0,
            0,
            "is " + loader.getSize() + " bytes, more than the limit of " + maxBytes + " bytes");
      }
      return Optional.of(loader.getCachedBytes((int) maxBytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the files (not directories) directly in {@code directory}, in git order. */
  public List<String> files(String directory) {
    List<String> names = new ArrayList<>();
    directory(directory)
        .ifPresent(
            entries ->
                entries.forEach(
                    (name, entry) -> {
                      if (entry.type() == FileMode.TYPE_FILE) {
                        names.add(name);
                      }
                    }));
    return names;
  }

  private record TreeEntry(ObjectId id, int type) {}

  /**
   * The entries of a directory, read once per snapshot: reading many files of one directory then
   * costs one parse of its tree, not one per file.
   */
  private Optional<Map<String, TreeEntry>> directory(String path) {
    if (tree == null) {
      return Optional.empty();
    }
    Map<String, TreeEntry> cached = directories.get(path);
    if (cached != null) {
      return Optional.of(cached);
    }
    ObjectId id;
    if (path.isEmpty()) {
      id = tree;
    } else {
      int slash = path.lastIndexOf('/');
      Optional<TreeEntry> entry =
          directory(slash < 0 ? "" : path.substring(0, slash))
              .map(entries -> entries.get(path.substring(slash + 1)));
      if (entry.isEmpty() || entry.get().type() != FileMode.TYPE_TREE) {
        return Optional.empty();
      }
      id = entry.get().id();
    }
    Map<String, TreeEntry> entries = new LinkedHashMap<>();
    try (ObjectReader reader = repository.newObjectReader()) {
      CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, id);
      for (; !parser.eof(); parser.next()) {
        entries.put(
            parser.getEntryPathString(),
            new TreeEntry(
                parser.getEntryObjectId(), parser.getEntryRawMode() & FileMode.TYPE_MASK));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, TreeEntry> read = Collections.unmodifiableMap(entries);
    directories.put(path, read);
    return Optional.of(read);
  }

  @Override
  public String toString() {
    return "Snapshot[" + (commit == null ? "empty" : commit.name()) + "]";
  }
}
