package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.git.GitRepository;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Manifest paths whose git entry is not a regular file: a symbolic link or a submodule (gitlink) at
 * the path, a symbolic link for a directory on it. Each is refused with a typed error naming the
 * path and what is there, on read and on write, and nothing is written. File modes that are regular
 * files are kept: an executable manifest stays executable.
 */
@DisplayName("manifest paths that are not regular files")
class NonRegularManifestTest {
  private static final String PATH = "registry/environments/dev/pre/api.yaml";
  private static final String STAGE = "registry/environments/stage/pre/api.yaml";
  private static final ChartVersion OLD = ChartVersion.parse("0.1.0");
  private static final ChartVersion NEW = ChartVersion.parse("0.2.0");

  private final InMemoryRepository repository =
      new InMemoryRepository(new DfsRepositoryDescription("gitops"));
  private final GitOpsEnvironmentStore store =
      GitOpsEnvironmentStore.builder()
          .git(GitRepository.builder().repository(repository).build())
          .pipeline(Stores.PIPELINE)
          .layout(ArgoCdLayout.of(Stores.CHARTS))
          .build();

  private static String manifest(String version) {
    return "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source:\n"
        + "    chart: api\n    targetRevision: "
        + version
        + "\n";
  }

  @Test
  @DisplayName("a symbolic link at the manifest path is refused on read and write")
  void symbolicLink() throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    entries.put(STAGE, Entry.file(FileMode.REGULAR_FILE, manifest("0.1.0")));
    entries.put(PATH, Entry.file(FileMode.SYMLINK, "../../stage/pre/api.yaml"));
    ObjectId tip = commit(entries);

    assertRefused(PATH, "is a symbolic link");
    assertThat(tip()).isEqualTo(tip);
  }

  @Test
  @DisplayName("a submodule (gitlink) at the manifest path is refused on read and write")
  void submodule() throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    entries.put(STAGE, Entry.file(FileMode.REGULAR_FILE, manifest("0.1.0")));
    entries.put(
        PATH,
        new Entry(
            FileMode.GITLINK, ObjectId.fromString("0123456789abcdef0123456789abcdef01234567")));
    ObjectId tip = commit(entries);

    assertRefused(PATH, "is a submodule");
    assertThat(tip()).isEqualTo(tip);
  }

  @Test
  @DisplayName("a symbolic link for a directory on the path is refused on read and write")
  void symbolicLinkedDirectory() throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    entries.put(STAGE, Entry.file(FileMode.REGULAR_FILE, manifest("0.1.0")));
    entries.put("registry/environments/dev", Entry.file(FileMode.SYMLINK, "stage"));
    ObjectId tip = commit(entries);

    assertRefused("registry/environments/dev", "is a symbolic link, not a directory");
    assertThatThrownBy(() -> store.list("dev"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("registry/environments/dev on its path is a symbolic link");
    assertThat(tip()).isEqualTo(tip);
  }

  @Test
  @DisplayName("an executable manifest stays executable after an edit")
  void executableStaysExecutable() throws IOException {
    commit(Map.of(PATH, Entry.file(FileMode.EXECUTABLE_FILE, manifest("0.1.0"))));

    assertThat(store.current("api", "dev").orElseThrow().version()).isEqualTo(OLD);
    assertThat(store.apply(SeededRepository.changeSet(Change.of("api", "dev", OLD, NEW))))
        .isInstanceOf(ApplyResult.Applied.class);

    try (RevWalk walk = new RevWalk(repository);
        TreeWalk entry = TreeWalk.forPath(repository, PATH, walk.parseCommit(tip()).getTree())) {
      assertThat(entry.getFileMode(0)).isEqualTo(FileMode.EXECUTABLE_FILE);
      assertThat(
              new String(repository.open(entry.getObjectId(0)).getBytes(), StandardCharsets.UTF_8))
          .isEqualTo(manifest("0.2.0"));
    }
  }

  private void assertRefused(String named, String kind) {
    assertThatThrownBy(() -> store.current("api", "dev"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining(named)
        .hasMessageContaining(kind);
    assertThatThrownBy(
            () -> store.apply(SeededRepository.changeSet(Change.create("api", "dev", NEW))))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining(named)
        .hasMessageContaining(kind);
    assertThatThrownBy(
            () -> store.apply(SeededRepository.changeSet(Change.of("api", "dev", OLD, NEW))))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining(named);
  }

  private record Entry(FileMode mode, ObjectId id, Optional<byte[]> content) {
    Entry(FileMode mode, ObjectId id) {
      this(mode, id, Optional.empty());
    }

    static Entry file(FileMode mode, String content) {
      return new Entry(mode, null, Optional.of(content.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Commits exactly these entries on main, as git would store them. */
  private ObjectId commit(Map<String, Entry> entries) throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      new java.util.TreeMap<>(entries)
          .forEach(
              (path, entry) -> {
                DirCacheEntry e = new DirCacheEntry(path);
                e.setFileMode(entry.mode());
                try {
                  e.setObjectId(
                      entry.content().isPresent()
                          ? inserter.insert(Constants.OBJ_BLOB, entry.content().get())
                          : entry.id());
                } catch (IOException ex) {
                  throw new java.io.UncheckedIOException(ex);
                }
                builder.add(e);
              });
      builder.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      PersonIdent who =
          new PersonIdent("dev", "dev@example.com", SeededRepository.TIME, ZoneOffset.UTC);
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("seed\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
      update.setNewObjectId(id);
      update.setForceUpdate(true);
      update.update();
      return id;
    }
  }

  private ObjectId tip() throws IOException {
    return repository.exactRef(Constants.R_HEADS + "main").getObjectId();
  }
}
