package dev.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FastImport, the benchmarks' repository generator")
class FastImportTest {
  @TempDir Path dir;

  @Test
  @DisplayName("writes commits of files on main that git itself reads back")
  void commitsAndFiles() throws Exception {
    GitDaemon.git(dir, "init", "-q", "--bare");

    try (FastImport fastImport = FastImport.into(dir)) {
      fastImport.commit(1_700_000_000L, "first");
      fastImport.file("a/b.yaml", "version: 1\n");
      fastImport.file("c.txt", "é\n");
      fastImport.commit(1_700_000_060L, "second");
      fastImport.file("a/b.yaml", "version: 2\n");
    }

    assertThat(GitDaemon.git(dir, "log", "--format=%s %ct", "main"))
        .isEqualTo("second 1700000060\nfirst 1700000000\n");
    assertThat(GitDaemon.git(dir, "show", "main:a/b.yaml")).isEqualTo("version: 2\n");
    assertThat(GitDaemon.git(dir, "show", "main:c.txt")).isEqualTo("é\n");
  }
}
