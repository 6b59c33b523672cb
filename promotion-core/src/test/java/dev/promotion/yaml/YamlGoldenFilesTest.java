package dev.promotion.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each golden file {@code golden/NAME.yaml} is edited by the operation listed here and must become
 * {@code golden/NAME.expected.yaml}, byte for byte.
 */
@DisplayName("Surgical edits keep every formatting feature (golden files)")
class YamlGoldenFilesTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        edit("comments", y -> y.withScalar(YamlPath.of("version"), "0.2.0-rc.abc1234")),
        edit("plain-needs-quoting", y -> y.withScalar(YamlPath.of("appVersion"), "1.0")),
        edit("single-quoted", y -> y.withScalar(YamlPath.of("image", "tag"), "it's: #1")),
        edit(
            "double-quoted-escapes",
            y ->
                y.withScalar(
                    YamlPath.of("data", "message"), "say \"hi\"\n\tbye \\ \u0007 \u00a0\u00e9")),
        edit("crlf", y -> y.withScalar(YamlPath.of("version"), "0.1.1")),
        edit("bom", y -> y.withScalar(YamlPath.of("version"), "1.0.0-rc.f00dbabe")),
        edit(
            "flow-style",
            y -> y.withScalar(YamlPath.of("spec", "source", "targetRevision"), "a,b")),
        edit(
            "flow-sequence-item",
            y -> y.withScalar(YamlPath.of("tags").index(1), "2.0.0-rc.abc1234")),
        edit(
            "multi-document",
            y ->
                y.withScalar(
                    1, YamlPath.of("spec", "source", "targetRevision"), "0.2.0-rc.abc1234")),
        edit("anchors", y -> y.withScalar(YamlPath.of("version"), "0.2.0")),
        edit(
            "astral-characters", y -> y.withScalar(YamlPath.of("row", "b"), "\uD83D\uDE80 launch")),
        edit(
            "argo-application",
            y ->
                y.withScalar(
                    YamlPath.of("spec", "source", "helm", "parameters")
                        .named("image.tag")
                        .key("value"),
                    "def5678")),
        edit(
            "kustomization",
            y ->
                y.withScalar(
                    YamlPath.of("images").named("ghcr.io/acme/api").key("newTag"), "0765432")),
        edit("plain-multi-line", y -> y.withScalar(YamlPath.of("description"), "one line")),
        edit("empty-values", y -> y.withScalar(YamlPath.of("appVersion"), "abc1234")),
        edit(
            "insert-after-key",
            y -> y.withEntryAfter(0, YamlPath.root(), "version", "appVersion", "abc1234")),
        edit(
            "insert-crlf-without-final-newline",
            y -> y.withEntry(0, YamlPath.root(), "appVersion", "1.0")),
        edit(
            "insert-after-block-scalar",
            y -> y.withEntry(0, YamlPath.of("metadata"), "owner", "team-a")),
        edit(
            "insert-into-flow-mapping",
            y -> y.withEntry(0, YamlPath.of("metadata"), "namespace", "yes")),
        edit(
            "insert-into-sequence-item",
            y ->
                y.withEntry(
                    0, YamlPath.of("containers").named("app"), "imagePullPolicy", "IfNotPresent")),
        edit(
            "insert-after-nested-mapping-at-end-of-document",
            y -> y.withEntry(0, YamlPath.of("spec"), "revisionHistoryLimit", "3")));
  }

  private static Arguments edit(String name, UnaryOperator<YamlText> operation) {
    return Arguments.of(name, operation);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("the edit produces the expected file byte for byte")
  void producesTheExpectedFile(String name, UnaryOperator<YamlText> operation) {
    // given
    String before = golden(name + ".yaml");
    String expected = golden(name + ".expected.yaml");

    // when
    YamlText edited = operation.apply(YamlText.parse(name + ".yaml", before));

    // then
    assertThat(edited.text().getBytes(StandardCharsets.UTF_8))
        .as("edited %s:%n%s", name, edited.text())
        .isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
  }

  private static String golden(String file) {
    try (InputStream in = YamlGoldenFilesTest.class.getResourceAsStream("golden/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing golden file " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
