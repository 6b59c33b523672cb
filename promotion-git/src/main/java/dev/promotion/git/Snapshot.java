package dev.promotion.git;

import dev.promotion.error.InvalidManifestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

/**
 * The files of one commit of the branch, read straight from its trees (no working tree). An empty
 * branch (no commit yet) has no files.
 */
public final class Snapshot {
  private final Repository repository;
  private final ObjectId commit;
  private final ObjectId tree;
  private final Map<String, TreeEntries> directories = new ConcurrentHashMap<>();

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
    Optional<ObjectId> blob = entry(path, FileMode.REGULAR_FILE, FileMode.TYPE_FILE);
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    try (ObjectReader reader = repository.newObjectReader()) {
      ObjectLoader loader = reader.open(blob.get(), Constants.OBJ_BLOB);
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
            entries -> {
              for (int i = 0; i < entries.count(); i++) {
                if (entries.type(i) == FileMode.TYPE_FILE) {
                  names.add(entries.name(i));
                }
              }
            });
    return names;
  }

  /** The id of the entry at {@code path} if it is there and of {@code type}. */
  private Optional<ObjectId> entry(String path, FileMode sortsAs, int type) {
    int slash = path.lastIndexOf('/');
    byte[] name = path.substring(slash + 1).getBytes(StandardCharsets.UTF_8);
    return directory(slash < 0 ? "" : path.substring(0, slash))
        .flatMap(
            entries -> {
              int found = entries.find(name, sortsAs);
              return found >= 0 && entries.type(found) == type
                  ? Optional.of(entries.id(found))
                  : Optional.empty();
            });
  }

  /**
   * The entries of a directory, read once per snapshot: reading many files of one directory then
   * costs one pass over its tree, not one per file.
   */
  private Optional<TreeEntries> directory(String path) {
    if (tree == null) {
      return Optional.empty();
    }
    TreeEntries cached = directories.get(path);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<ObjectId> id =
        path.isEmpty() ? Optional.of(tree) : entry(path, FileMode.TREE, FileMode.TYPE_TREE);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    try (ObjectReader reader = repository.newObjectReader()) {
      TreeEntries entries = TreeEntries.read(reader, id.get());
      directories.put(path, entries);
      return Optional.of(entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "Snapshot[" + (commit == null ? "empty" : commit.name()) + "]";
  }
}
