package dev.promotion.git;

import static dev.promotion.git.GitRepositoryTest.files;
import static dev.promotion.git.GitRepositoryTest.message;
import static dev.promotion.git.GitRepositoryTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.spi.Trailer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GitRepository against a real git daemon")
class GitRepositoryOverGitDaemonTest {
  @TempDir Path temp;
  private GitDaemon daemon;
  private String url;

  @BeforeEach
  void startDaemon() throws Exception {
    Path served = temp.resolve("served");
    java.nio.file.Files.createDirectories(served);
    daemon = GitDaemon.start(served);
    url = daemon.createRepository("gitops");
  }

  @AfterEach
  void stopDaemon() throws Exception {
    daemon.close();
  }

  private GitRepository clone(String name) {
    return GitRepository.builder()
        .remote(url)
        .cacheDirectory(temp.resolve("cache-" + name))
        .retry(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(20)))
        .build();
  }

  @Test
  @DisplayName("the first commit to an empty repository is pushed and read by git itself")
  void firstPush() throws Exception {
    try (GitRepository git = clone("a")) {
      assertThat(git.latest().commit()).isEmpty();
      CommitMessage message =
          new CommitMessage(
              "declare api",
              List.of(new Trailer("Promotion-App", "api"), new Trailer("Promotion-Actor", "bob")),
              new Identity("bob", "bob@example.com"),
              Instant.parse("2026-03-02T09:00:00Z"));

      String commit =
          git.update(s -> Plan.write(files("envs/dev/api.yaml", "v: 1\n"), message, 0))
              .commit()
              .orElseThrow();

      Path bare = daemon.directory("gitops");
      assertThat(GitDaemon.git(bare, "rev-parse", "refs/heads/main").strip()).isEqualTo(commit);
      assertThat(GitDaemon.git(bare, "show", "main:envs/dev/api.yaml")).isEqualTo("v: 1\n");
      assertThat(
              GitDaemon.git(
                  bare, "log", "-1", "--format=%(trailers:key=Promotion-App,valueonly)%an"))
          .isEqualTo("api\nbob\n");
      assertThat(GitDaemon.git(bare, "fsck", "--strict")).isEmpty();
    }
  }

  @Test
  @DisplayName("an in-memory clone (no cache directory) of a file:// remote reads and pushes")
  void inMemoryCloneOfFileRemote() throws Exception {
    Path bare = daemon.directory("gitops");
    try (GitRepository git = GitRepository.builder().remote(bare.toUri().toString()).build()) {
      CommitMessage message =
          new CommitMessage(
              "declare api",
              List.of(new Trailer("Promotion-App", "api")),
              new Identity("bob", "bob@example.com"),
              Instant.parse("2026-03-02T09:00:00Z"));

      String commit =
          git.update(s -> Plan.write(files("envs/dev/api.yaml", "v: 1\n"), message, 0))
              .commit()
              .orElseThrow();

      assertThat(GitDaemon.git(bare, "rev-parse", "refs/heads/main").strip()).isEqualTo(commit);
      assertThat(text(git.latest(), "envs/dev/api.yaml")).contains("v: 1\n");
    }
  }

  @Test
  @DisplayName("a clone sees what another clone pushed")
  void clonesShare() {
    try (GitRepository a = clone("a");
        GitRepository b = clone("b")) {
      a.update(s -> Plan.write(files("x.yaml", "1"), message("one"), 0));

      assertThat(text(b.latest(), "x.yaml")).contains("1");
    }
  }

  @Test
  @DisplayName("a push rejected by compare-and-swap is planned again on the new tip; both land")
  void lostRaceOverTheWire() throws Exception {
    try (GitRepository a = clone("a");
        GitRepository b = clone("b")) {
      a.update(s -> Plan.write(files("a.yaml", "a0", "b.yaml", "b0"), message("seed"), 0));
      AtomicInteger plans = new AtomicInteger();

      Updated<Integer> updated =
          a.update(
              s -> {
                if (plans.incrementAndGet() == 1) {
                  b.update(o -> Plan.write(files("b.yaml", "b1"), message("theirs"), 0));
                }
                return Plan.write(files("a.yaml", "a1"), message("mine"), 0);
              });

      assertThat(updated.attempts()).isEqualTo(2);
      Path bare = daemon.directory("gitops");
      assertThat(GitDaemon.git(bare, "show", "main:a.yaml")).isEqualTo("a1");
      assertThat(GitDaemon.git(bare, "show", "main:b.yaml")).isEqualTo("b1");
      assertThat(GitDaemon.git(bare, "log", "--format=%s", "main"))
          .isEqualTo("mine\ntheirs\nseed\n");
    }
  }

  @Test
  @DisplayName("a large change set goes into the clone as one pack and is pushed whole")
  void largeChangeSet() throws Exception {
    try (GitRepository git = clone("a")) {
      java.util.Map<String, byte[]> files = new java.util.TreeMap<>();
      for (int i = 0; i < 300; i++) {
        files.put("apps/app-" + i + ".yaml", ("v: " + i + "\n").getBytes());
      }

      git.update(s -> Plan.write(files, message("many"), 0));

      Path bare = daemon.directory("gitops");
      assertThat(GitDaemon.git(bare, "ls-tree", "--name-only", "main:apps").lines()).hasSize(300);
      assertThat(GitDaemon.git(bare, "show", "main:apps/app-299.yaml")).isEqualTo("v: 299\n");
      assertThat(text(git.latest(), "apps/app-7.yaml")).contains("v: 7\n");
      try (var packs = java.nio.file.Files.list(temp.resolve("cache-a/objects/pack"))) {
        assertThat(packs.filter(p -> p.toString().endsWith(".pack"))).isNotEmpty();
      }
    }
  }

  @Test
  @DisplayName("a shallow clone fetches only the tip, pushes, and is deepened when history is read")
  void shallowClone() throws Exception {
    try (GitRepository full = clone("full")) {
      for (int i = 0; i < 30; i++) {
        String v = "v: " + i + "\n";
        full.update(s -> Plan.write(files("api.yaml", v), message("set " + v.strip()), 0));
      }
    }
    Path cache = temp.resolve("cache-shallow");
    try (GitRepository shallow =
        GitRepository.builder().remote(url).cacheDirectory(cache).shallow(true).build()) {
      assertThat(text(shallow.latest(), "api.yaml")).contains("v: 29\n");
      assertThat(java.nio.file.Files.exists(cache.resolve("shallow"))).isTrue();
      assertThat(GitDaemon.git(cache, "rev-list", "--count", "refs/remotes/origin/main").strip())
          .isEqualTo("1");

      shallow.update(s -> Plan.write(files("api.yaml", "v: 30\n"), message("set v: 30"), 0));
      java.util.List<String> subjects = new java.util.ArrayList<>();
      shallow.log(shallow.latest(), java.util.List.of("api.yaml"), r -> subjects.add(r.subject()));

      assertThat(subjects).hasSize(31).startsWith("set v: 30", "set v: 29").endsWith("set v: 0");
      assertThat(GitDaemon.git(daemon.directory("gitops"), "fsck", "--strict")).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "edits in a large tree are pushed as thin packs git accepts (one file; several files and new"
          + " directories), large change sets as whole packs; both repositories stay fsck clean")
  void thinPacksIntoLargeTree() throws Exception {
    try (GitRepository git = clone("a")) {
      Map<String, byte[]> seed = new TreeMap<>();
      for (int i = 0; i < 2_000; i++) {
        seed.put(manifest("stage", i), ("version: 0.1." + i + "\n").getBytes());
        seed.put(manifest("dev", i), ("version: 0.2." + i + "\n").getBytes());
      }
      git.update(s -> Plan.write(seed, message("seed"), 0));
      Path bare = daemon.directory("gitops");

      git.update(
          s -> Plan.write(files(manifest("stage", 1_000), "version: 1.0.0\n"), message("one"), 0));

      assertThat(GitDaemon.git(bare, "show", "main:" + manifest("stage", 1_000)))
          .isEqualTo("version: 1.0.0\n");
      assertThat(GitDaemon.git(bare, "fsck", "--strict")).isEmpty();

      Map<String, byte[]> several = new TreeMap<>();
      for (int i = 0; i < 20; i++) {
        several.put(manifest("stage", i * 97), ("version: 2.0." + i + "\n").getBytes());
      }
      several.put(manifest("dev", 7), "version: 2.1.0\n".getBytes());
      several.put("registry/environments/qa/eu-1/app-00001.yaml", "version: 3.0.0\n".getBytes());
      several.put(
          "registry/environments/qa/us-1/deep/app-00002.yaml", "version: 3.0.1\n".getBytes());
      String commit =
          git.update(s -> Plan.write(several, message("several"), 0)).commit().orElseThrow();

      assertThat(GitDaemon.git(bare, "rev-parse", "main").strip()).isEqualTo(commit);
      assertFiles(bare, several);
      assertThat(GitDaemon.git(bare, "show", "main:" + manifest("stage", 1_000)))
          .isEqualTo("version: 1.0.0\n");
      assertThat(GitDaemon.git(bare, "show", "main:" + manifest("dev", 8)))
          .isEqualTo("version: 0.2.8\n");
      assertThat(GitDaemon.git(bare, "fsck", "--strict")).isEmpty();

      Map<String, byte[]> many = new TreeMap<>();
      for (int i = 0; i < 150; i++) {
        many.put(manifest("dev", i * 13), ("version: 4.0." + i + "\n").getBytes());
      }
      many.put("registry/environments/qa/eu-2/app-00003.yaml", "version: 4.1.0\n".getBytes());
      git.update(s -> Plan.write(many, message("many"), 0));

      assertFiles(bare, many);
      assertFiles(
          bare,
          Map.of(
              "registry/environments/qa/us-1/deep/app-00002.yaml", "version: 3.0.1\n".getBytes()));
      assertThat(GitDaemon.git(bare, "ls-tree", "-r", "--name-only", "main").lines())
          .hasSize(4_003);
      assertThat(GitDaemon.git(bare, "log", "--format=%s", "main"))
          .isEqualTo("many\nseveral\none\nseed\n");
      assertThat(GitDaemon.git(bare, "fsck", "--strict")).isEmpty();
      assertThat(GitDaemon.git(temp.resolve("cache-a"), "fsck", "--strict")).isEmpty();
      try (GitRepository other = clone("b")) {
        assertThat(text(other.latest(), "registry/environments/qa/eu-2/app-00003.yaml"))
            .contains("version: 4.1.0\n");
      }
    }
  }

  private static void assertFiles(Path bare, Map<String, byte[]> files) throws Exception {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      assertThat(GitDaemon.git(bare, "show", "main:" + file.getKey()))
          .isEqualTo(new String(file.getValue(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static String manifest(String environment, int app) {
    return String.format(
        java.util.Locale.ROOT, "registry/environments/%s/pre/app-%05d.yaml", environment, app);
  }
}
