package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.Promotions;
import dev.promotion.git.CommitMessage;
import dev.promotion.git.GitDaemon;
import dev.promotion.git.GitRepository;
import dev.promotion.git.Identity;
import dev.promotion.git.Plan;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Trailer;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.ImageTag;
import dev.promotion.version.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The corpus of real GitOps files ({@code docs/corpus.md}): every declaration in it is promoted
 * through {@link Promotions} over a GitOps repository served by {@code git daemon}, and the commit
 * changes exactly the one line that declares the value; every file that must be refused is refused
 * with its typed error and nothing is written.
 *
 * <p>The index ({@code corpus-index.yaml}) is part of the project; the files it names are not (they
 * belong to their authors): {@code -Dpromotion.corpus=DIR} points at a directory that holds each as
 * {@code <owner>__<repo>/<path>}, byte for byte as {@code git show COMMIT:PATH} gives it. The test
 * runs in the {@code corpus} profile ({@code -Pcorpus}) and fails when the directory or a file is
 * missing.
 */
class CorpusTest {
  private static final String SOURCE = "corpus-source";
  private static final String RELEASE = "corpus-release";
  private static final String CLUSTER = "corpus";
  private static final Instant TIME = Instant.parse("2026-03-02T09:00:00Z");
  private static final ImageDigest NEW_DIGEST =
      ImageDigest.parse("sha256:" + "0123456789abcdef".repeat(4));

  @TempDir static Path temp;
  private static GitDaemon daemon;
  private static int repositories;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")));
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    daemon.close();
  }

  @TestFactory
  @DisplayName("every declaration in the corpus is promoted, and the commit changes only its line")
  Stream<DynamicTest> promotesEveryDeclaration() {
    return declarations(false).stream()
        .map(d -> DynamicTest.dynamicTest(d.toString(), () -> promote(d)));
  }

  @TestFactory
  @DisplayName("every file that must be refused is refused with its typed error, nothing written")
  Stream<DynamicTest> refusesEveryRefusedFile() {
    return declarations(true).stream()
        .map(d -> DynamicTest.dynamicTest(d.toString(), () -> refuse(d)));
  }

  private void promote(Declaration d) throws Exception {
    try (Served served = serve(d)) {
      Version next = d.next();
      Change change = Change.of(d.app(), SOURCE, d.currentVersion(), next);
      served.store.apply(changeSet(d.digest().isPresent() ? change.pinnedTo(NEW_DIGEST) : change));

      served.promotions.promote(d.app(), d.env()).orThrow();

      assertThat(served.store.current(d.app(), d.env()).orElseThrow().version()).isEqualTo(next);
      assertOneLineChanged(d, served.bytes, served.git.latest().read(d.file(d.env()), 1 << 24));
    }
  }

  private void refuse(Declaration d) throws Exception {
    Class<? extends Throwable> expected = d.error();
    try (Served served = serve(d)) {
      Optional<String> tip = served.git.latest().commit();

      assertThatThrownBy(() -> served.promotions.promote(d.app(), d.env()).orThrow())
          .isInstanceOf(expected);
      assertThatThrownBy(() -> served.store.current(d.app(), d.env())).isInstanceOf(expected);
      assertThat(served.git.latest().commit()).isEqualTo(tip);
    }
  }

  private static void assertOneLineChanged(Declaration d, byte[] before, Optional<byte[]> after) {
    List<String> old = lines(before);
    List<String> now = lines(after.orElseThrow());
    assertThat(now).hasSameSizeAs(old);
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < old.size(); i++) {
      if (!old.get(i).equals(now.get(i))) {
        changed.add(i);
      }
    }
    assertThat(changed).as("changed lines of %s", d.path()).hasSize(1);
    String line = old.get(changed.get(0));
    String expected = line.replace(d.current(), d.next().text());
    if (d.digest().isPresent()) {
      expected = expected.replace(d.digest().get(), NEW_DIGEST.toString());
    }
    assertThat(now.get(changed.get(0))).isEqualTo(expected);
  }

  /** Lines with their terminators, so CRLF, a missing final newline and a BOM count. */
  private static List<String> lines(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    lines.add(text.substring(start));
    return lines;
  }

  private Served serve(Declaration d) throws Exception {
    String url = daemon.createRepository("corpus-" + ++repositories);
    GitRepository git =
        GitRepository.builder()
            .remote(url)
            .cacheDirectory(temp.resolve("cache-" + repositories))
            .build();
    byte[] bytes = Files.readAllBytes(d.corpusFile());
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(d.file(SOURCE), bytes);
    files.put(d.file(d.env()), bytes);
    git.update(
        s ->
            Plan.write(
                files,
                new CommitMessage("seed " + d.path(), List.of(), Identity.promotion(), TIME),
                0));
    Pipeline pipeline =
        new Pipeline(
            List.of(
                Environment.of(SOURCE, CLUSTER),
                Environment.of(d.env(), CLUSTER),
                Environment.of(RELEASE, CLUSTER)),
            RELEASE);
    GitOpsEnvironmentStore store =
        GitOpsEnvironmentStore.builder()
            .git(git)
            .pipeline(pipeline)
            .layout(d.layout())
            .applications(List.of(d.application()))
            .build();
    Promotions promotions =
        Promotions.builder()
            .pipeline(pipeline)
            .application(d.application())
            .environments(store)
            .registry(new InMemoryChartRegistry())
            .sourceControl(new InMemorySourceControl())
            .build();
    return new Served(git, store, promotions, bytes);
  }

  private record Served(
      GitRepository git, GitOpsEnvironmentStore store, Promotions promotions, byte[] bytes)
      implements AutoCloseable {
    @Override
    public void close() {
      git.close();
    }
  }

  private static ChangeSet changeSet(Change change) {
    return new ChangeSet(
        List.of(change),
        "corpus: declare the next version in the source environment",
        List.of(new Trailer("Promotion-Actor", "corpus")),
        "corpus",
        TIME.plusSeconds(60));
  }

  /** One declaration of the index: where the file goes, how its value is found, what it holds. */
  record Declaration(
      String repository, String path, Map<String, Object> fields, Optional<String> refusedWith) {

    String field(String name) {
      Object value = fields.get(name);
      return value == null ? null : value.toString();
    }

    String env() {
      return field("env");
    }

    String app() {
      return field("app");
    }

    String current() {
      return field("current");
    }

    Optional<String> digest() {
      return Optional.ofNullable(field("currentDigest"));
    }

    boolean image() {
      return "image".equals(field("kind"));
    }

    String file(String environment) {
      return field("pattern").replace("{env}", environment).replace("{app}", app());
    }

    Path corpusFile() {
      String dir = System.getProperty("promotion.corpus");
      if (dir == null || dir.isBlank()) {
        throw new IllegalStateException(
            "Set -Dpromotion.corpus to the corpus directory (docs/corpus.md says how to get it)");
      }
      Path file = Path.of(dir).resolve(repository.replace("/", "__")).resolve(path);
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("The corpus has no " + file + " (docs/corpus.md)");
      }
      return file;
    }

    Version currentVersion() {
      return image() ? ImageTag.parse(current()) : ChartVersion.parseDeclared(current());
    }

    /** A new value of the same kind and shape: {@code v} prefix kept for a chart version. */
    Version next() {
      if (image()) {
        return ImageTag.parse("9.8.7-corpus");
      }
      return ChartVersion.parseDeclared(current().startsWith("v") ? "v9.8.7" : "9.8.7");
    }

    Application application() {
      String chart = Optional.ofNullable(field("chart")).orElse(app());
      String image = Optional.ofNullable(field("image")).orElse(app());
      return image()
          ? Application.image(app(), image)
          : new Application(app(), chart, "charts/" + app(), image);
    }

    Layout layout() {
      String preset = field("preset");
      PathLayout.Builder builder =
          "custom".equals(preset) ? PathLayout.builder() : PathLayout.preset(preset);
      builder.pattern(field("pattern")).version(field("path"));
      if (field("digestPath") != null) {
        builder.digest(field("digestPath"));
      } else if (digest().isPresent()) {
        builder.inlineDigest(true);
      }
      return builder.build();
    }

    @SuppressWarnings("unchecked")
    Class<? extends Throwable> error() throws ClassNotFoundException {
      return (Class<? extends Throwable>)
          Class.forName("dev.promotion.error." + refusedWith.orElseThrow());
    }

    @Override
    public String toString() {
      return repository + ":" + path + " " + field("path") + " (" + app() + ")";
    }
  }

  @SuppressWarnings("unchecked")
  static List<Declaration> declarations(boolean refused) {
    try (InputStream in = CorpusTest.class.getResourceAsStream("/corpus-index.yaml")) {
      Map<String, Object> index =
          (Map<String, Object>)
              new Load(LoadSettings.builder().build())
                  .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      List<Declaration> out = new ArrayList<>();
      for (Map<String, Object> file : (List<Map<String, Object>>) index.get("files")) {
        Optional<String> error =
            Optional.ofNullable((Map<String, Object>) file.get("refused"))
                .map(r -> r.get("error").toString());
        if (error.isPresent() != refused) {
          continue;
        }
        for (Map<String, Object> d : (List<Map<String, Object>>) file.get("declarations")) {
          out.add(
              new Declaration(
                  file.get("repository").toString(), file.get("path").toString(), d, error));
        }
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
