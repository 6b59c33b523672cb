package dev.promotion.git;

import static dev.promotion.git.GitRepositoryTest.files;
import static dev.promotion.git.GitRepositoryTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.BackendException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partial clone ({@link GitRepository.Builder#partial}) against a real {@code git daemon}, with
 * the server's {@code uploadpack.allowFilter} and {@code uploadpack.allowAnySHA1InWant} on and off.
 * What was transferred is counted in the clone's object database with git itself.
 */
@DisplayName("A partial clone over git daemon")
class PartialCloneOverGitDaemonTest {
  private static final int APPS = 300;
  private static final int COMMITS = 40;
  private static final List<String> ENVS = List.of("dev", "test", "stage");

  @TempDir Path temp;
  private GitDaemon daemon;
  private String url;

  @BeforeEach
  void startDaemon() throws Exception {
    Path served = Files.createDirectories(temp.resolve("served"));
    daemon = GitDaemon.start(served);
    url = daemon.createRepository("gitops");
    try (FastImport fastImport = FastImport.into(daemon.directory("gitops"))) {
      fastImport.commit(1_700_000_000L, "generate");
      for (int a = 0; a < APPS; a++) {
        for (String env : ENVS) {
          fastImport.file(path(env, a), manifest(env, a, "0.1.0"));
        }
      }
      for (int c = 1; c < COMMITS; c++) {
        String env = ENVS.get(c % 3);
        fastImport.commit(1_700_000_000L + c, "set app " + c % 10 + " in " + env + " to 0.1." + c);
        fastImport.file(path(env, c % 10), manifest(env, c % 10, "0.1." + c));
      }
    }
  }

  @AfterEach
  void stopDaemon() throws Exception {
    daemon.close();
  }

  private static String manifest(String env, int app, String version) {
    return "env: " + env + "\napp: " + app + "\nv: " + version + "\n";
  }

  private static String path(String env, int app) {
    return "envs/" + env + "/" + String.format(Locale.ROOT, "app-%03d", app) + ".yaml";
  }

  private GitRepository partialClone(Path cache) {
    return GitRepository.builder()
        .remote(url)
        .cacheDirectory(cache)
        .partial(true)
        .retry(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(20)))
        .build();
  }

  /** The objects in the clone, counted by type by git itself: {blob=2, commit=1, tree=4}. */
  private static Map<String, Long> objects(Path cache) throws Exception {
    String listed =
        GitDaemon.git(
            cache, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname)");
    return listed
        .lines()
        .map(line -> line.split(" ")[0])
        .collect(Collectors.groupingBy(type -> type, TreeMap::new, Collectors.counting()));
  }

  private static String content(Snapshot snapshot, String path) {
    return GitRepositoryTest.text(snapshot, path).orElseThrow();
  }

  private static long count(Map<String, Long> objects, String type) {
    return objects.getOrDefault(type, 0L);
  }

  @Nested
  @DisplayName("when the server allows filters and objects by id")
  class Allowed {
    @BeforeEach
    void allow() throws Exception {
      daemon.allow("gitops", true, true);
    }

    @Test
    @DisplayName("reading two files fetches the tip commit, its trees and just those two blobs")
    void read() throws Exception {
      Path cache = temp.resolve("cache");
      try (GitRepository git = partialClone(cache)) {
        Snapshot tip = git.latest();

        assertThat(content(tip, path("dev", 17))).isEqualTo(manifest("dev", 17, "0.1.0"));
        assertThat(content(tip, path("stage", 9))).isEqualTo(manifest("stage", 9, "0.1.29"));
        assertThat(content(tip, path("stage", 9))).isEqualTo(manifest("stage", 9, "0.1.29"));
      }
      Map<String, Long> objects = objects(cache);
      assertThat(count(objects, "blob")).isEqualTo(2);
      assertThat(count(objects, "commit")).isEqualTo(1);
      assertThat(count(objects, "tree")).isEqualTo(5);
    }

    @Test
    @DisplayName(
        "a promotion (read dev, write test) pushes one new blob, trees and a commit that the"
            + " server accepts under fsck --strict, and fetches no other blob")
    void promote() throws Exception {
      Path cache = temp.resolve("cache");
      String commit;
      try (GitRepository git = partialClone(cache)) {
        commit =
            git.update(
                    s -> {
                      String dev = content(s, path("dev", 13));
                      String test = content(s, path("test", 13));
                      assertThat(test).contains("v: 0.1.0");
                      return Plan.write(
                          files(path("test", 13), dev.replace("0.1.0", "0.2.0")),
                          message("promote app 3"),
                          0);
                    })
                .commit()
                .orElseThrow();
      }
      Path bare = daemon.directory("gitops");
      assertThat(GitDaemon.git(bare, "rev-parse", "refs/heads/main").strip()).isEqualTo(commit);
      assertThat(GitDaemon.git(bare, "show", "main:" + path("test", 13)))
          .isEqualTo(manifest("dev", 13, "0.2.0"));
      assertThat(GitDaemon.git(bare, "show", "main:" + path("test", 14)))
          .isEqualTo(manifest("test", 14, "0.1.0"));
      assertThat(GitDaemon.git(bare, "fsck", "--strict", "--no-dangling")).isEmpty();
      Map<String, Long> objects = objects(cache);
      assertThat(count(objects, "blob")).as("two read, one written").isEqualTo(3);
      assertThat(count(objects, "commit")).isEqualTo(2);
    }

    @Test
    @DisplayName(
        "writing files whose old content it never fetched pushes a thin pack the server accepts,"
            + " without fetching that content")
    void blindWrite() throws Exception {
      Path cache = temp.resolve("cache");
      try (GitRepository git = partialClone(cache)) {
        git.update(
            s ->
                Plan.write(
                    files(path("stage", 200), "v: 9\n", "envs/new/app.yaml", "v: 1\n"),
                    message("write without reading"),
                    0));
      }
      Path bare = daemon.directory("gitops");
      assertThat(GitDaemon.git(bare, "show", "main:" + path("stage", 200))).isEqualTo("v: 9\n");
      assertThat(GitDaemon.git(bare, "show", "main:" + path("stage", 201)))
          .isEqualTo(manifest("stage", 201, "0.1.0"));
      assertThat(GitDaemon.git(bare, "fsck", "--strict", "--no-dangling")).isEmpty();
      assertThat(count(objects(cache), "blob")).as("the two written").isEqualTo(2);
    }

    @Test
    @DisplayName(
        "a file whose content cannot be fetched (the server went away) is a retryable backend"
            + " failure, not a missing file")
    void serverGone() throws Exception {
      Path cache = temp.resolve("cache");
      try (GitRepository git = partialClone(cache)) {
        Snapshot tip = git.latest();
        daemon.close();

        assertThatThrownBy(() -> tip.read(path("dev", 1), 1 << 20))
            .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue())
            .hasMessageContaining("cannot fetch from branch main of " + url);
      }
    }

    @Test
    @DisplayName(
        "a second process on the same cache fetches what changed since (the new manifest), and no"
            + " other blob")
    void warmCache() throws Exception {
      Path cache = temp.resolve("cache");
      try (GitRepository git = partialClone(cache)) {
        assertThat(content(git.latest(), path("dev", 11))).contains("v: 0.1.0");
      }
      Path work = Files.createDirectories(temp.resolve("work"));
      GitDaemon.git(work, "clone", "-q", url, "other");
      Path other = work.resolve("other");
      Files.writeString(other.resolve(path("dev", 2)), "app: 2\nv: 0.3.0\n");
      GitDaemon.git(other, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qam", "dev");
      GitDaemon.git(other, "push", "-q", "origin", "main");

      try (GitRepository git = partialClone(cache)) {
        assertThat(content(git.latest(), path("dev", 2))).isEqualTo("app: 2\nv: 0.3.0\n");
      }
      assertThat(count(objects(cache), "blob")).isEqualTo(2);
    }

    @Test
    @DisplayName(
        "history fetches the commits, only the trees on the path and the blobs of the revisions"
            + " that changed it, and reads what a complete clone reads")
    void history() throws Exception {
      Path cache = temp.resolve("cache");
      List<String> partial = new ArrayList<>();
      try (GitRepository git = partialClone(cache)) {
        Snapshot tip = git.latest();
        git.log(
            tip,
            List.of(path("stage", 3)),
            r -> partial.add(r.subject() + " " + content(r.files(), path("stage", 3)).strip()));
      }
      List<String> complete = new ArrayList<>();
      try (GitRepository git =
          GitRepository.builder().remote(url).cacheDirectory(temp.resolve("complete")).build()) {
        git.log(
            git.latest(),
            List.of(path("stage", 3)),
            r -> complete.add(r.subject() + " " + content(r.files(), path("stage", 3)).strip()));
      }

      assertThat(partial).isEqualTo(complete).hasSize(2);
      Map<String, Long> objects = objects(cache);
      Map<String, Long> whole = objects(temp.resolve("complete"));
      assertThat(count(objects, "commit")).isEqualTo(COMMITS);
      assertThat(count(objects, "blob")).as("the file before and after each change").isEqualTo(2);
      assertThat(count(whole, "blob")).isGreaterThan(3L * APPS);
      assertThat(count(objects, "tree"))
          .as(
              "the root and envs/ of each commit, envs/stage/ where it changed (14), dev/ and test/")
          .isEqualTo(COMMITS + COMMITS + 14 + 2)
          .isLessThan(count(whole, "tree"));
    }

    @Test
    @DisplayName(
        "the history of many groups (the newest change of every stage manifest) is one walk whose"
            + " rounds fetch their blobs in one request each, and reads what a complete clone"
            + " reads")
    void groupedHistory() throws Exception {
      Map<Integer, List<String>> groups = new java.util.LinkedHashMap<>();
      for (int a = 0; a < 20; a++) {
        groups.put(a, List.of(path("stage", a)));
      }
      Path cache = temp.resolve("cache");
      Map<Integer, String> partial = new TreeMap<>();
      GitDaemon.Requests before = daemon.requests("gitops");
      try (GitRepository git = partialClone(cache)) {
        Snapshot tip = git.latest();
        GitDaemon.Requests listed = daemon.requests("gitops");
        git.log(tip, groups, (app, r) -> newest(partial, app, r, path("stage", app)));
        assertThat(daemon.requests("gitops").since(listed).uploadPack())
            .as("deepen, the trees on the paths (two levels), one round of blobs")
            .isLessThanOrEqualTo(4);
      }
      assertThat(daemon.requests("gitops").since(before).receivePack()).isZero();
      Map<Integer, String> complete = new TreeMap<>();
      try (GitRepository git =
          GitRepository.builder().remote(url).cacheDirectory(temp.resolve("complete")).build()) {
        git.log(git.latest(), groups, (app, r) -> newest(complete, app, r, path("stage", app)));
      }
      Map<Integer, String> single = new TreeMap<>();
      try (GitRepository git = partialClone(temp.resolve("single"))) {
        for (int app : groups.keySet()) {
          git.log(
              git.latest(),
              List.of(path("stage", app)),
              r -> newest(single, app, r, path("stage", app)));
        }
      }

      assertThat(partial).isEqualTo(complete).isEqualTo(single).hasSize(20);
      assertThat(partial.get(3)).isEqualTo("set app 3 in stage to 0.1.23 v: 0.1.23");
      assertThat(partial.get(15)).isEqualTo("generate v: 0.1.0");
    }

    private static boolean newest(Map<Integer, String> into, int app, Revision r, String path) {
      String text = content(r.files(), path);
      into.put(app, r.subject() + " " + text.substring(text.lastIndexOf("v: ")).strip());
      return false;
    }

    @Test
    @DisplayName(
        "an in-memory partial clone (which cannot record shallow commits) fetches every commit"
            + " without blobs, reads history and pushes")
    void inMemory() throws Exception {
      List<String> subjects = new ArrayList<>();
      try (GitRepository git =
          GitRepository.builder()
              .remote(url)
              .partial(true)
              .retry(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(20)))
              .build()) {
        git.log(git.latest(), List.of(path("stage", 3)), r -> subjects.add(r.subject()));
        git.update(s -> Plan.write(files(path("test", 5), "v: 2\n"), message("promote"), 0));
      }
      assertThat(subjects).containsExactly("set app 3 in stage to 0.1.23", "generate");
      Path bare = daemon.directory("gitops");
      assertThat(GitDaemon.git(bare, "show", "main:" + path("test", 5))).isEqualTo("v: 2\n");
      assertThat(GitDaemon.git(bare, "fsck", "--strict", "--no-dangling")).isEmpty();
    }

    @Test
    @DisplayName(
        "a server that allows tree filters only to depth 0 (uploadpackfilter.tree.maxDepth) is"
            + " asked for tree:0, and history reads the same")
    void treeDepthRefused() throws Exception {
      GitDaemon.git(daemon.directory("gitops"), "config", "uploadpackfilter.tree.maxDepth", "0");
      Path cache = temp.resolve("cache");
      List<String> subjects = new ArrayList<>();
      try (GitRepository git = partialClone(cache)) {
        git.log(
            git.latest(),
            List.of(path("stage", 3)),
            r -> subjects.add(r.subject() + " " + content(r.files(), path("stage", 3)).strip()));
      }
      assertThat(subjects)
          .containsExactly(
              "set app 3 in stage to 0.1.23 env: stage\napp: 3\nv: 0.1.23",
              "generate env: stage\napp: 3\nv: 0.1.0");
      Map<String, Long> objects = objects(cache);
      assertThat(count(objects, "commit")).isEqualTo(COMMITS);
      assertThat(count(objects, "blob")).isEqualTo(2);
    }
  }

  @Nested
  @DisplayName("when the server allows no filter (git's default)")
  class FiltersRefused {
    @BeforeEach
    void refuse() throws Exception {
      daemon.allow("gitops", false, false);
    }

    @Test
    @DisplayName(
        "the clone falls back to a whole depth-1 fetch, reads, promotes and reads history, and"
            + " stays a complete clone")
    void fallback() throws Exception {
      Path cache = temp.resolve("cache");
      try (GitRepository git = partialClone(cache)) {
        assertThat(content(git.latest(), path("dev", 15))).contains("v: 0.1.0");
        assertThat(count(objects(cache), "blob")).isEqualTo(3L * APPS);
        assertThat(count(objects(cache), "commit")).isEqualTo(1);
        git.update(s -> Plan.write(files(path("test", 5), "v: 2\n"), message("promote"), 0));
        List<String> subjects = new ArrayList<>();
        git.log(git.latest(), List.of(path("stage", 3)), r -> subjects.add(r.subject()));
        assertThat(subjects).hasSize(2);
      }
      assertThat(GitDaemon.git(cache, "config", "--list")).doesNotContain("partialclone");
      assertThat(GitDaemon.git(daemon.directory("gitops"), "fsck", "--strict")).isEmpty();
    }
  }

  @Nested
  @DisplayName("when the server allows filters but no object by id")
  class ObjectsByIdRefused {
    @BeforeEach
    void refuse() throws Exception {
      daemon.allow("gitops", true, false);
    }

    @Test
    @DisplayName(
        "on protocol v0, where git refuses the want, the clone fetches the tip whole once and"
            + " reads, promotes and reads history as a complete clone")
    void protocolV0() throws Exception {
      Path cache = temp.resolve("cache");
      GitDaemon.git(temp, "init", "-q", "--bare", cache.toString());
      GitDaemon.git(cache, "config", "protocol.version", "0");
      try (GitRepository git = partialClone(cache)) {
        assertThat(content(git.latest(), path("dev", 15))).contains("v: 0.1.0");
        assertThat(count(objects(cache), "blob")).isEqualTo(3L * APPS);
        git.update(s -> Plan.write(files(path("test", 5), "v: 2\n"), message("promote"), 0));
        List<String> subjects = new ArrayList<>();
        git.log(git.latest(), List.of(path("stage", 3)), r -> subjects.add(r.subject()));
        assertThat(subjects).hasSize(2);
      }
      assertThat(GitDaemon.git(cache, "config", "--list")).doesNotContain("partialclone");
      assertThat(GitDaemon.git(daemon.directory("gitops"), "show", "main:" + path("test", 5)))
          .isEqualTo("v: 2\n");
      assertThat(GitDaemon.git(daemon.directory("gitops"), "fsck", "--strict")).isEmpty();
    }

    @Test
    @DisplayName("on protocol v2, where git serves any object it has, the clone stays partial")
    void protocolV2() throws Exception {
      Path cache = temp.resolve("cache");
      try (GitRepository git = partialClone(cache)) {
        assertThat(content(git.latest(), path("dev", 15))).contains("v: 0.1.0");
      }
      assertThat(count(objects(cache), "blob")).isEqualTo(1);
    }
  }
}
