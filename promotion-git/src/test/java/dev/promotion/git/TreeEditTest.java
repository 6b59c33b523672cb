package dev.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidManifestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TreeEdit")
class TreeEditTest {
  private static final List<String> NAMES =
      List.of("a", "a.b", "a-b", "a0", "a_b", "b", "ab", "é.yaml", "z", "app-00001.yaml");

  private final InMemoryRepository repository =
      new InMemoryRepository(new DfsRepositoryDescription("tree-edit"));
  private final ObjectInserter inserter = repository.newObjectInserter();
  private final ObjectReader reader = inserter.newReader();

  @AfterEach
  void close() {
    reader.close();
    inserter.close();
    repository.close();
  }

  @Test
  @DisplayName(
      "splicing edits into a tree gives the tree git builds from the whole file list, in git order")
  void sameTreeAsAFullBuild() throws IOException {
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      Map<String, byte[]> before = randomFiles(random, random.nextInt(40));
      Map<String, byte[]> edits = new TreeMap<>();
      int count = 1 + random.nextInt(6);
      for (String path : randomFiles(random, count).keySet()) {
        if (fits(before, edits, path)) {
          edits.put(path, ("edited " + round).getBytes(StandardCharsets.UTF_8));
        }
      }
      Map<String, byte[]> after = new TreeMap<>(before);
      after.putAll(edits);

      ObjectId written =
          new TreeEdit(reader, inserter)
              .write(before.isEmpty() ? null : fullBuild(before, Map.of()), edits);

      assertThat(written)
          .as("round %d, edits %s", round, edits.keySet())
          .isEqualTo(fullBuild(after, Map.of()));
    }
  }

  @Test
  @DisplayName("an executable file stays executable when it is written again")
  void keepsExecutableMode() throws IOException {
    ObjectId tree =
        fullBuild(
            files("bin/run.sh", "echo 1", "bin/readme", "x"),
            Map.of("bin/run.sh", FileMode.EXECUTABLE_FILE));

    ObjectId written =
        new TreeEdit(reader, inserter).write(tree, files("bin/run.sh", "echo 2", "bin/new", "y"));

    assertThat(mode(written, "bin/run.sh")).isEqualTo(FileMode.EXECUTABLE_FILE);
    assertThat(mode(written, "bin/new")).isEqualTo(FileMode.REGULAR_FILE);
    assertThat(written)
        .isEqualTo(
            fullBuild(
                files("bin/run.sh", "echo 2", "bin/readme", "x", "bin/new", "y"),
                Map.of("bin/run.sh", FileMode.EXECUTABLE_FILE)));
  }

  @Test
  @DisplayName("a file never replaces a directory, nor a directory a file")
  void refusesTypeChanges() throws IOException {
    ObjectId tree = fullBuild(files("envs/dev/api.yaml", "v: 1", "envs/readme", "x"), Map.of());
    TreeEdit edit = new TreeEdit(reader, inserter);

    assertThatThrownBy(() -> edit.write(tree, files("envs/dev", "v: 2")))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("envs/dev: is a directory, not a regular file");
    assertThatThrownBy(() -> edit.write(tree, files("envs/readme/api.yaml", "v: 2")))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining(
            "envs/readme/api.yaml: cannot be written: envs/readme on its path is a file, not a"
                + " directory");
    assertThatThrownBy(() -> edit.write(tree, files("new/a", "1", "new/a/b", "2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both the file new/a and files in it");
  }

  private static Map<String, byte[]> randomFiles(Random random, int count) {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      StringBuilder path = new StringBuilder();
      int depth = 1 + random.nextInt(3);
      for (int d = 0; d < depth; d++) {
        if (d > 0) {
          path.append('/');
        }
        path.append(NAMES.get(random.nextInt(NAMES.size())));
      }
      if (fits(files, Map.of(), path.toString())) {
        files.put(path.toString(), ("content " + i).getBytes(StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  /** Whether {@code path} can be a file next to the others: no file is also a directory. */
  private static boolean fits(Map<String, byte[]> files, Map<String, byte[]> more, String path) {
    for (String other : concat(files, more)) {
      if (!other.equals(path) && (other.startsWith(path + "/") || path.startsWith(other + "/"))) {
        return false;
      }
    }
    return true;
  }

  private static Iterable<String> concat(Map<String, byte[]> a, Map<String, byte[]> b) {
    TreeMap<String, byte[]> all = new TreeMap<>(a);
    all.putAll(b);
    return all.keySet();
  }

  /** The reference: the tree JGit's index writes for the whole file list. */
  private ObjectId fullBuild(Map<String, byte[]> files, Map<String, FileMode> modes)
      throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      DirCacheEntry entry = new DirCacheEntry(file.getKey());
      entry.setFileMode(modes.getOrDefault(file.getKey(), FileMode.REGULAR_FILE));
      entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
      builder.add(entry);
    }
    builder.finish();
    ObjectId tree = index.writeTree(inserter);
    inserter.flush();
    return tree;
  }

  private FileMode mode(ObjectId tree, String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
      return walk.getFileMode(0);
    }
  }

  private static Map<String, byte[]> files(String... pathsAndContents) {
    return GitRepositoryTest.files(pathsAndContents);
  }
}
