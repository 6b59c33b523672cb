package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("--summary FILE")
class SummaryOptionTest {
  @TempDir Path dir;
  private Workspace workspace;
  private String config;

  @BeforeEach
  void createWorkspace() throws Exception {
    workspace = new Workspace(dir.resolve("ws"));
    workspace.create();
    config = "--config=" + workspace.config();
  }

  @Test
  @DisplayName("JSON on stdout and the Markdown rendering appended to the file, after what it held")
  void appendsMarkdown() throws Exception {
    Path summary = Files.writeString(dir.resolve("summary.md"), "earlier step\n");

    Cli published = publishDev("--output=json", "--summary=" + summary);
    Cli status = Cli.run(Map.of(), config, "--summary", summary.toString(), "status");

    assertThat(published.exitCode()).as(published.err()).isZero();
    assertThat(published.out()).startsWith("{").contains("\"result\" : \"done\"");
    assertThat(status.out()).contains("ENVIRONMENT");
    assertThat(Files.readString(summary))
        .startsWith("earlier step\n### promotion publish-dev api: done\n")
        .contains("| deploy dev | done |")
        .contains("| environment | app | version | age | by |")
        .contains("| dev | api | `0.1.0-rc.");
  }

  @Test
  @DisplayName(
      "a summary that cannot be written is a warning: the operation's result and exit code stand")
  void unwritable() throws Exception {
    Path summary = Files.createDirectories(dir.resolve("a-directory"));

    Cli published = publishDev("--summary=" + summary);

    assertThat(published.exitCode()).isZero();
    assertThat(published.out()).contains("publish-dev api: done");
    assertThat(published.err())
        .contains("warning: could not append the summary to " + summary)
        .contains("the outcome is unchanged");
  }

  private Cli publishDev(String... options) throws Exception {
    String commit;
    try (Repository app = Workspace.open(workspace.app())) {
      commit = app.resolve("main").name();
    }
    String[] args = new String[options.length + 7];
    args[0] = config;
    System.arraycopy(options, 0, args, 1, options.length);
    int i = options.length + 1;
    args[i++] = "publish-dev";
    args[i++] = "--ref";
    args[i++] = commit;
    args[i++] = "--chart";
    args[i++] = workspace.checkOutChart("main", "charts/api").toString();
    args[i] = "--progress=never";
    return Cli.run(Map.of("USER", "ci"), args);
  }
}
