package dev.promotion.git;

import dev.promotion.error.InvalidManifestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
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
  private final MissingObjects objects;

  /** Every entry that is not a tree sorts as a file does. */
  private static final FileMode FILE = FileMode.REGULAR_FILE;

  private final Map<String, TreeEntries> directories = new ConcurrentHashMap<>();

  Snapshot(Repository repository, ObjectId commit, ObjectId tree) {
    this(repository, commit, tree, MissingObjects.NONE);
  }

  Snapshot(Repository repository, ObjectId commit, ObjectId tree, MissingObjects objects) {
    this.repository = repository;
    this.commit = commit;
    this.tree = tree;
    this.objects = objects;
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
   * The bytes of the file at {@code path}; empty if there is nothing there (or a directory).
   *
   * @throws InvalidManifestException if the file is larger than {@code maxBytes}, before reading
   *     it; or if the entry at {@code path} is not a regular (or executable) file, or a directory
   *     on its path is not a directory (a symbolic link, a submodule): such an entry is refused,
   *     never taken for a missing file
   */
  public Optional<byte[]> read(String path, long maxBytes) {
    Optional<ObjectId> blob = file(path);
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    try (ObjectReader reader = repository.newObjectReader()) {
      objects.ensure(blob.get(), Constants.OBJ_BLOB);
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

  /**
   * The names of the regular files (not directories, links or submodules) directly in {@code
   * directory}, in git order.
   *
   * @throws InvalidManifestException if a directory on the path is not a directory
   */
  public List<String> files(String directory) {
    return names(directory, FileMode.TYPE_FILE);
  }

  /**
   * The names of the directories directly in {@code directory}, in git order.
   *
   * @throws InvalidManifestException if a directory on the path is not a directory
   */
  public List<String> directories(String directory) {
    return names(directory, FileMode.TYPE_TREE);
  }

  private List<String> names(String directory, int type) {
    List<String> names = new ArrayList<>();
    directory(directory, directory)
        .ifPresent(
            entries -> {
              for (int i = 0; i < entries.count(); i++) {
                if (entries.type(i) == type) {
                  names.add(entries.name(i));
                }
              }
            });
    return names;
  }

  /**
   * Brings the files at {@code paths} into a partial clone in one request, for a caller that knows
   * which files it is about to read (a promotion reads an application's manifests in the source and
   * the target): each {@link #read} of them is then served from the clone, instead of costing a
   * request each. Paths with no regular file (missing, a directory, a link) are left to {@link
   * #read} to report. Nothing to do in a complete clone, or for files already fetched.
   *
   * @throws dev.promotion.error.BackendException when the remote cannot be reached
   */
  public void prefetch(Collection<String> paths) {
    if (objects == MissingObjects.NONE || tree == null) {
      return;
    }
    List<ObjectId> blobs = new ArrayList<>();
    for (String path : paths) {
      try {
        file(path).ifPresent(blobs::add);
      } catch (InvalidManifestException e) {
        // read reports it, with the same message
      }
    }
    objects.ensure(blobs, Constants.OBJ_BLOB);
  }

  /**
   * Brings the trees on the paths of {@code paths} into a partial clone, so that a tree edit on
   * this snapshot finds them; nothing to do in a complete clone.
   */
  void prepareWrite(Collection<String> paths) {
    for (String path : paths) {
      int slash = path.lastIndexOf('/');
      try {
        directory(slash < 0 ? "" : path.substring(0, slash), path);
      } catch (InvalidManifestException e) {
        // the tree edit reports a file or link on the path, with the same message
      }
    }
  }

  /** The blob of the regular or executable file at {@code path}, if there is one. */
  private Optional<ObjectId> file(String path) {
    int slash = path.lastIndexOf('/');
    Optional<TreeEntries> parent = directory(slash < 0 ? "" : path.substring(0, slash), path);
    if (parent.isEmpty()) {
      return Optional.empty();
    }
    TreeEntries entries = parent.get();
    int found = entries.find(path.substring(slash + 1).getBytes(StandardCharsets.UTF_8), FILE);
    if (found < 0) {
      return Optional.empty();
    }
    if (entries.type(found) != FileMode.TYPE_FILE) {
      throw new InvalidManifestException(
          path,
          0,
          0,
          "is "
              + kind(entries.mode(found))
              + ", not a regular file; only regular files are read and written");
    }
    return Optional.of(entries.id(found));
  }

  /** What a tree entry of {@code mode} is, for messages: {@code "a symbolic link"}. */
  static String kind(int mode) {
    return switch (mode & FileMode.TYPE_MASK) {
      case FileMode.TYPE_FILE -> "a file";
      case FileMode.TYPE_TREE -> "a directory";
      case FileMode.TYPE_SYMLINK -> "a symbolic link";
      case FileMode.TYPE_GITLINK -> "a submodule (gitlink)";
      default -> "an entry of mode " + Integer.toOctalString(mode);
    };
  }

  /**
   * The entries of a directory, read once per snapshot: reading many files of one directory then
   * costs one pass over its tree, not one per file. Empty when there is no such directory.
   *
   * @param requested the path asked for, named in the error
   * @throws InvalidManifestException if {@code path} or a directory above it is a file, a symbolic
   *     link or a submodule
   */
  private Optional<TreeEntries> directory(String path, String requested) {
    if (tree == null) {
      return Optional.empty();
    }
    TreeEntries cached = directories.get(path);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<ObjectId> id;
    if (path.isEmpty()) {
      id = Optional.of(tree);
    } else {
      int slash = path.lastIndexOf('/');
      id =
          directory(slash < 0 ? "" : path.substring(0, slash), requested)
              .flatMap(parent -> subdirectory(parent, path, slash, requested));
    }
    if (id.isEmpty()) {
      return Optional.empty();
    }
    try (ObjectReader reader = repository.newObjectReader()) {
      objects.ensure(id.get(), Constants.OBJ_TREE);
      TreeEntries entries = TreeEntries.read(reader, id.get());
      directories.put(path, entries);
      return Optional.of(entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<ObjectId> subdirectory(
      TreeEntries parent, String path, int slash, String requested) {
    byte[] name = path.substring(slash + 1).getBytes(StandardCharsets.UTF_8);
    int found = parent.find(name, FileMode.TREE);
    if (found >= 0 && parent.type(found) == FileMode.TYPE_TREE) {
      return Optional.of(parent.id(found));
    }
    int other = parent.find(name, FILE);
    if (other >= 0) {
      throw new InvalidManifestException(
          requested,
          0,
          0,
          (requested.equals(path) ? "is " : "cannot be reached: " + path + " on its path is ")
              + kind(parent.mode(other))
              + ", not a directory");
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Snapshot[" + (commit == null ? "empty" : commit.name()) + "]";
  }
}
