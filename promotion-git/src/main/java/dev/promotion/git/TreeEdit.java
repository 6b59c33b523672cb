package dev.promotion.git;

import dev.promotion.error.InvalidManifestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.util.Paths;

/**
 * Writes files into a tree by rewriting only the trees on their paths: each changed file costs one
 * blob and the trees from its directory up to the root, whatever the size of the repository.
 *
 * <p>A rewritten tree is the old tree's bytes with the changed entries spliced in: the entries that
 * stay are copied as they are, never decoded or sorted again, so a directory of 12,500 files costs
 * a copy of its tree plus a binary search per changed name.
 */
final class TreeEdit {
  private static final Comparator<Edit> OUTPUT_ORDER =
      Comparator.comparingInt(Edit::position)
          .thenComparing(Edit::replaces)
          .thenComparing(
              (a, b) ->
                  Paths.compare(
                      a.name,
                      0,
                      a.name.length,
                      a.mode.getBits(),
                      b.name,
                      0,
                      b.name.length,
                      b.mode.getBits()));

  private final ObjectReader reader;
  private final ObjectInserter inserter;

  TreeEdit(ObjectReader reader, ObjectInserter inserter) {
    this.reader = reader;
    this.inserter = inserter;
  }

  /**
   * The id of {@code tree} (null: the empty tree) with the files of {@code files} (path to content)
   * written, keeping existing file modes (an executable file stays executable).
   *
   * @throws InvalidManifestException if an entry at a path is a directory, a symbolic link or a
   *     submodule, or an entry on a path is not a directory: it is never replaced by a file
   */
  ObjectId write(ObjectId tree, Map<String, byte[]> files) throws IOException {
    Map<String, ObjectId> blobs = new TreeMap<>();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      blobs.put(file.getKey(), inserter.insert(Constants.OBJ_BLOB, file.getValue()));
    }
    return rewrite(tree, "", blobs);
  }

  /**
   * One changed entry: it replaces the entry at {@code position}, or goes in before it when {@code
   * replaces} is false.
   */
  private record Edit(int position, boolean replaces, byte[] name, FileMode mode, ObjectId id) {}

  private ObjectId rewrite(ObjectId tree, String prefix, Map<String, ObjectId> blobs)
      throws IOException {
    TreeEntries entries = TreeEntries.read(reader, tree);
    Map<String, ObjectId> files = new TreeMap<>();
    Map<String, Map<String, ObjectId>> subdirectories = new TreeMap<>();
    for (Map.Entry<String, ObjectId> blob : blobs.entrySet()) {
      String path = blob.getKey();
      int slash = path.indexOf('/');
      if (slash < 0) {
        files.put(path, blob.getValue());
      } else {
        subdirectories
            .computeIfAbsent(path.substring(0, slash), k -> new TreeMap<>())
            .put(path.substring(slash + 1), blob.getValue());
      }
    }
    List<Edit> edits = new ArrayList<>(files.size() + subdirectories.size());
    for (Map.Entry<String, ObjectId> file : files.entrySet()) {
      byte[] name = file.getKey().getBytes(StandardCharsets.UTF_8);
      String path = prefix + file.getKey();
      if (entries.find(name, FileMode.TREE) >= 0) {
        throw refused(path, "is a directory, not a regular file");
      }
      int found = entries.find(name, FileMode.REGULAR_FILE);
      if (found >= 0 && entries.type(found) != FileMode.TYPE_FILE) {
        throw refused(
            path,
            "is "
                + Snapshot.kind(entries.mode(found))
                + ", not a regular file; only regular files are read and written");
      }
      FileMode mode =
          found >= 0 && entries.mode(found) == FileMode.EXECUTABLE_FILE.getBits()
              ? FileMode.EXECUTABLE_FILE
              : FileMode.REGULAR_FILE;
      edits.add(edit(found, name, mode, file.getValue()));
    }
    for (Map.Entry<String, Map<String, ObjectId>> sub : subdirectories.entrySet()) {
      byte[] name = sub.getKey().getBytes(StandardCharsets.UTF_8);
      if (files.containsKey(sub.getKey())) {
        throw new IllegalArgumentException(
            "Cannot write both the file " + prefix + sub.getKey() + " and files in it");
      }
      int other = entries.find(name, FileMode.REGULAR_FILE);
      if (other >= 0) {
        throw refused(
            prefix + sub.getKey() + "/" + sub.getValue().keySet().iterator().next(),
            "cannot be written: "
                + prefix
                + sub.getKey()
                + " on its path is "
                + Snapshot.kind(entries.mode(other))
                + ", not a directory");
      }
      int found = entries.find(name, FileMode.TREE);
      ObjectId rewritten =
          rewrite(
              found >= 0 ? entries.id(found) : null, prefix + sub.getKey() + "/", sub.getValue());
      edits.add(edit(found, name, FileMode.TREE, rewritten));
    }
    edits.sort(OUTPUT_ORDER);
    return inserter.insert(Constants.OBJ_TREE, splice(entries, edits));
  }

  /** A path whose entry (or an entry on its path) is not what a manifest can be. */
  private static InvalidManifestException refused(String path, String reason) {
    return new InvalidManifestException(path, 0, 0, reason);
  }

  private static Edit edit(int found, byte[] name, FileMode mode, ObjectId id) {
    return found >= 0
        ? new Edit(found, true, name, mode, id)
        : new Edit(-found - 1, false, name, mode, id);
  }

  private static byte[] splice(TreeEntries entries, List<Edit> edits) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(entries.size() + 64 * edits.size());
    int next = 0;
    for (Edit edit : edits) {
      entries.copy(next, edit.position, out);
      edit.mode.copyTo(out);
      out.write(' ');
      out.write(edit.name);
      out.write(0);
      edit.id.copyRawTo(out);
      next = edit.replaces ? edit.position + 1 : edit.position;
    }
    entries.copy(next, entries.count(), out);
    return out.toByteArray();
  }
}
