package dev.promotion.git;

import dev.promotion.error.InvalidManifestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of one commit of the branch, read straight from its trees (no working tree). An empty
 * branch (no commit yet) has no files.
 */
public final class Snapshot {
  private final Repository repository;
  private final ObjectId commit;
  private final ObjectId tree;

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
    if (tree == null) {
      return Optional.empty();
    }
    try (ObjectReader reader = repository.newObjectReader();
        TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
      if (walk == null || (walk.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
        return Optional.empty();
      }
      ObjectLoader loader = reader.open(walk.getObjectId(0), Constants.OBJ_BLOB);
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
    if (tree == null) {
      return names;
    }
    try (ObjectReader reader = repository.newObjectReader()) {
      ObjectId dir = tree;
      if (!directory.isEmpty()) {
        try (TreeWalk walk = TreeWalk.forPath(reader, directory, tree)) {
          if (walk == null || walk.getFileMode(0) != FileMode.TREE) {
            return names;
          }
          dir = walk.getObjectId(0);
        }
      }
      CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, dir);
      for (; !parser.eof(); parser.next()) {
        if ((parser.getEntryRawMode() & FileMode.TYPE_MASK) == FileMode.TYPE_FILE) {
          names.add(parser.getEntryPathString());
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "Snapshot[" + (commit == null ? "empty" : commit.name()) + "]";
  }
}
