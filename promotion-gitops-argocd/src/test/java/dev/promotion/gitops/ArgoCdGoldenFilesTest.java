package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("a promotion edits Argo CD manifests surgically")
class ArgoCdGoldenFilesTest {
  private static final String PATH = "registry/environments/stage/pre/api.yaml";
  private static final ChartVersion FROM = ChartVersion.parse("0.2.0-rc.abc1234");
  private static final ChartVersion TO = ChartVersion.parse("0.2.0-rc.def5678");

  static Stream<Arguments> goldenFiles() {
    UnaryOperator<String> same = UnaryOperator.identity();
    UnaryOperator<String> crlf = t -> t.replace("\n", "\r\n");
    UnaryOperator<String> bom = t -> "\uFEFF" + t;
    UnaryOperator<String> both = t -> bom.apply(crlf.apply(t));
    return Stream.of(
        Arguments.of(Named.of("comments", "comments"), same),
        Arguments.of(Named.of("single-quoted", "single-quoted"), same),
        Arguments.of(Named.of("double-quoted", "double-quoted"), same),
        Arguments.of(Named.of("plain, CRLF line endings", "comments"), crlf),
        Arguments.of(Named.of("plain, UTF-8 byte order mark", "comments"), bom),
        Arguments.of(Named.of("flow style", "flow"), same),
        Arguments.of(Named.of("multi-document", "multi-document"), same),
        Arguments.of(Named.of("anchors and aliases", "anchors"), same),
        Arguments.of(Named.of("multi-source Application", "multi-source"), same),
        Arguments.of(Named.of("multi-source, CRLF and BOM", "multi-source"), both));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  @DisplayName("the file becomes the golden file and the commit's diff is exactly one line")
  void promotion(String name, UnaryOperator<String> variant) throws IOException {
    String before = variant.apply(resource(name + ".before.yaml"));
    String after = variant.apply(resource(name + ".after.yaml"));
    SeededRepository repo = new SeededRepository().write(PATH, before);
    GitOpsEnvironmentStore store = repo.store();

    ApplyResult result =
        store.apply(SeededRepository.changeSet(Change.of("api", "stage", FROM, TO)));

    assertThat(repo.read(PATH)).isEqualTo(after);
    assertThat(store.current("api", "stage").orElseThrow().version()).isEqualTo(TO);
    EditList edits = diff(repo, ((ApplyResult.Applied) result).revision());
    assertThat(edits).hasSize(1);
    Edit edit = edits.get(0);
    assertThat(edit.getType()).isEqualTo(Edit.Type.REPLACE);
    assertThat(edit.getLengthA()).isEqualTo(1);
    assertThat(edit.getLengthB()).isEqualTo(1);
  }

  private static EditList diff(SeededRepository repo, String revision) throws IOException {
    try (RevWalk walk = new RevWalk(repo.repository);
        DiffFormatter formatter = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(revision));
      RevCommit parent = walk.parseCommit(commit.getParent(0));
      formatter.setRepository(repo.repository);
      var entries = formatter.scan(parent.getTree(), commit.getTree());
      assertThat(entries).hasSize(1);
      DiffEntry entry = entries.get(0);
      assertThat(entry.getNewPath()).isEqualTo(PATH);
      return formatter.toFileHeader(entry).toEditList();
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ArgoCdGoldenFilesTest.class.getResourceAsStream("/golden/" + name)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
