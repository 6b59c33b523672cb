package dev.promotion.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.util.Paths;

/**
 * Writes files into a tree by rewriting only the trees on their paths: each changed file costs one
 * blob and the trees from its directory up to the root, whatever the size of the repository.
 */
final class TreeEdit {
  private record Entry(byte[] name, FileMode mode, ObjectId id) {}

  private static final Comparator<Entry> GIT_ORDER =
      (a, b) ->
          Paths.compare(
              a.name,
              0,
              a.name.length,
              a.mode.getBits(),
              b.name,
              0,
              b.name.length,
              b.mode.getBits());

  private final ObjectReader reader;
  private final ObjectInserter inserter;

  TreeEdit(ObjectReader reader, ObjectInserter inserter) {
    this.reader = reader;
    this.inserter = inserter;
  }

  /**
   * The id of {@code tree} (null: the empty tree) with the files of {@code files} (path to content)
   * written, keeping existing file modes.
   */
  ObjectId write(ObjectId tree, Map<String, byte[]> files) throws IOException {
    Map<String, ObjectId> blobs = new TreeMap<>();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      blobs.put(file.getKey(), inserter.insert(Constants.OBJ_BLOB, file.getValue()));
    }
    return rewrite(tree, "", blobs);
  }

  private ObjectId rewrite(ObjectId tree, String prefix, Map<String, ObjectId> blobs)
      throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    if (tree != null) {
      CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
      for (; !parser.eof(); parser.next()) {
        String name = parser.getEntryPathString();
        entries.put(
            name,
            new Entry(
                name.getBytes(StandardCharsets.UTF_8),
                parser.getEntryFileMode(),
                parser.getEntryObjectId()));
      }
    }
    Map<String, Map<String, ObjectId>> subdirectories = new TreeMap<>();
    for (Map.Entry<String, ObjectId> blob : blobs.entrySet()) {
      String path = blob.getKey();
      int slash = path.indexOf('/');
      if (slash < 0) {
        Entry existing = entries.get(path);
        if (existing != null && existing.mode == FileMode.TREE) {
          throw new IllegalArgumentException(
              "Cannot write the file " + prefix + path + ": it is a directory");
        }
        FileMode mode =
            existing != null && existing.mode == FileMode.EXECUTABLE_FILE
                ? FileMode.EXECUTABLE_FILE
                : FileMode.REGULAR_FILE;
        entries.put(path, new Entry(path.getBytes(StandardCharsets.UTF_8), mode, blob.getValue()));
      } else {
        subdirectories
            .computeIfAbsent(path.substring(0, slash), k -> new TreeMap<>())
            .put(path.substring(slash + 1), blob.getValue());
      }
    }
    for (Map.Entry<String, Map<String, ObjectId>> sub : subdirectories.entrySet()) {
      String name = sub.getKey();
      Entry existing = entries.get(name);
      if (existing != null && existing.mode != FileMode.TREE) {
        throw new IllegalArgumentException(
            "Cannot write into " + prefix + name + "/: it is a file, not a directory");
      }
      ObjectId rewritten =
          rewrite(existing == null ? null : existing.id, prefix + name + "/", sub.getValue());
      entries.put(name, new Entry(name.getBytes(StandardCharsets.UTF_8), FileMode.TREE, rewritten));
    }
    List<Entry> sorted = new ArrayList<>(entries.values());
    sorted.sort(GIT_ORDER);
    TreeFormatter formatter = new TreeFormatter();
    for (Entry entry : sorted) {
      formatter.append(entry.name, entry.mode, entry.id);
    }
    return inserter.insert(formatter);
  }
}
