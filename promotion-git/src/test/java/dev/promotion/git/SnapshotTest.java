package dev.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidManifestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Snapshot")
class SnapshotTest {
  private final InMemoryRepository repository =
      new InMemoryRepository(new DfsRepositoryDescription("snapshot"));
  private Snapshot snapshot;

  @BeforeEach
  void seed() throws IOException {
    Map<String, FileMode> files = new java.util.TreeMap<>();
    files.put("envs/a.yaml", FileMode.REGULAR_FILE);
    files.put("envs/a.yaml.bak", FileMode.REGULAR_FILE);
    files.put("envs/a/nested.yaml", FileMode.REGULAR_FILE);
    files.put("envs/a-b.yaml", FileMode.REGULAR_FILE);
    files.put("envs/run.sh", FileMode.EXECUTABLE_FILE);
    files.put("envs/link.yaml", FileMode.SYMLINK);
    files.put("envs/été.yaml", FileMode.REGULAR_FILE);
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      for (Map.Entry<String, FileMode> file : files.entrySet()) {
        DirCacheEntry entry = new DirCacheEntry(file.getKey());
        entry.setFileMode(file.getValue());
        entry.setObjectId(
            inserter.insert(
                Constants.OBJ_BLOB, ("at " + file.getKey()).getBytes(StandardCharsets.UTF_8)));
        builder.add(entry);
      }
      builder.finish();
      ObjectId tree = index.writeTree(inserter);
      inserter.flush();
      snapshot = new Snapshot(repository, null, tree);
    }
  }

  @AfterEach
  void close() {
    repository.close();
  }

  @Test
  @DisplayName("files lists the files of a directory in git order, without directories or links")
  void listsFiles() {
    assertThat(snapshot.files("envs"))
        .containsExactly("a-b.yaml", "a.yaml", "a.yaml.bak", "run.sh", "été.yaml");
    assertThat(snapshot.files("envs/a")).containsExactly("nested.yaml");
    assertThat(snapshot.files("")).isEmpty();
    assertThat(snapshot.files("missing")).isEmpty();
    assertThatThrownBy(() -> snapshot.files("envs/a.yaml"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("envs/a.yaml: is a file, not a directory");
  }

  @Test
  @DisplayName(
      "read finds regular and executable files by path, nothing at a directory, and refuses a link"
          + " or a file on the path")
  void readsFiles() {
    assertThat(text("envs/a.yaml")).contains("at envs/a.yaml");
    assertThat(text("envs/a/nested.yaml")).contains("at envs/a/nested.yaml");
    assertThat(text("envs/run.sh")).contains("at envs/run.sh");
    assertThat(text("envs/été.yaml")).contains("at envs/été.yaml");
    assertThat(text("envs/a")).isEmpty();
    assertThatThrownBy(() -> text("envs/link.yaml"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("envs/link.yaml: is a symbolic link, not a regular file");
    assertThatThrownBy(() -> text("envs/a.yaml/x"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining(
            "envs/a.yaml/x: cannot be reached: envs/a.yaml on its path is a file");
    assertThat(text("envs/b.yaml")).isEmpty();
    assertThat(text("a.yaml")).isEmpty();
  }

  private Optional<String> text(String path) {
    return GitRepositoryTest.text(snapshot, path);
  }
}
