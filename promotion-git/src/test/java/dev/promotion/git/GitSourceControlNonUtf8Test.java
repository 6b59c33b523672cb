package dev.promotion.git;

import static dev.promotion.git.GitDaemon.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.Promotions;
import dev.promotion.Settings;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.version.Bump;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GitSourceControl refuses a file that is not UTF-8 instead of replacing its bytes")
class GitSourceControlNonUtf8Test {
  /** {@code description: Café} in ISO-8859-1: 0xE9 alone is not UTF-8. */
  private static final byte[] LATIN_1_CHART =
      "apiVersion: v2\nname: api\ndescription: Caf\u00e9\nversion: 0.1.0\n"
          .getBytes(StandardCharsets.ISO_8859_1);

  @TempDir Path dir;
  private Path bare;
  private GitSourceControl scm;

  @BeforeEach
  void seed() throws Exception {
    GitDaemon.requireGit();
    bare = dir.resolve("app.git");
    Path work = Files.createDirectories(dir.resolve("work"));
    git(dir, "init", "--quiet", "--bare", bare.toString());
    git(work, "init", "--quiet", "--initial-branch=main");
    Files.createDirectories(work.resolve("charts/api"));
    Files.write(work.resolve("charts/api/Chart.yaml"), LATIN_1_CHART);
    git(work, "add", ".");
    git(work, "-c", "user.name=Ann", "-c", "user.email=ann@example.com", "commit", "-qm", "api");
    git(work, "push", "--quiet", bare.toString(), "main");
    scm = GitSourceControl.builder().directory(bare).build();
  }

  @AfterEach
  void close() {
    scm.close();
  }

  @Test
  @DisplayName("readFile of a Latin-1 file is an InvalidManifestException naming the ref and path")
  void readFile() {
    InvalidManifestException e =
        catchThrowableOfType(
            InvalidManifestException.class, () -> scm.readFile("main", "charts/api/Chart.yaml"));

    assertThat(e).isNotNull();
    assertThat(e.path()).isEqualTo("main:charts/api/Chart.yaml");
    assertThat(e.getMessage()).contains("is not valid UTF-8");
  }

  @Test
  @DisplayName("a bump of a Latin-1 Chart.yaml is refused and nothing is committed")
  void bump() throws Exception {
    String before = git(bare, "for-each-ref");
    Promotions promotions =
        Promotions.builder()
            .pipeline(new Pipeline(List.of(Environment.of("dev"), Environment.of("prod")), "prod"))
            .application(Application.named("api"))
            .environments(new InMemoryEnvironmentStore())
            .registry(new InMemoryChartRegistry())
            .sourceControl(scm)
            .settings(Settings.defaults().withWorkDirectory(dir))
            .build();

    InvalidManifestException e =
        catchThrowableOfType(
            InvalidManifestException.class, () -> promotions.bumpVersion("api", Bump.PATCH));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith("main:charts/api/Chart.yaml: is not valid UTF-8");
    assertThat(git(bare, "for-each-ref")).isEqualTo(before);
  }
}
