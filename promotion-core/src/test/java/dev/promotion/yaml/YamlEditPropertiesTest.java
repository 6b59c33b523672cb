package dev.promotion.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Generates YAML texts with comments, every quoting style, flow and block collections, LF or CRLF,
 * a byte order mark, several documents and astral characters before the edited value, then edits
 * one value (or inserts one entry) and checks, with snakeyaml-engine's own loader as the oracle,
 * that exactly that value changed and that every other line is byte-identical.
 */
@Label("Surgical YAML edits")
class YamlEditPropertiesTest {

  private static final List<String> TOKENS =
      List.of(
          "a",
          "b",
          "Z",
          "0",
          "1",
          " ",
          "'",
          "\"",
          "#",
          ":",
          "-",
          ",",
          "[",
          "]",
          "{",
          "}",
          "&",
          "*",
          "!",
          "|",
          ">",
          "%",
          "@",
          "`",
          "?",
          "\\",
          "/",
          ".",
          "\uD83D\uDE00",
          "\uD800\uDF48",
          "\u00e9",
          "\u4e2d");
  private static final List<String> CONTROL_TOKENS =
      List.of(
          "\n", "\r", "\t", "\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u00a0", "\u2028",
          "\u2029", "\ufeff", "\ufffe");
  private static final List<String> TRICKY_VALUES =
      List.of(
          "",
          "1.0",
          "yes",
          "No",
          "on",
          "~",
          "null",
          "0123",
          "0x1F",
          "1e3",
          ".nan",
          "2024-01-01",
          "a: b",
          " x",
          "x ",
          "#c",
          "- d",
          "---",
          "...",
          "0.2.0-rc.abc1234",
          "abc1234",
          "12:30",
          "<<");
  private static final List<String> PLAIN_VALUES =
      List.of(
          "alpha",
          "v1.2.3",
          "0.1.0-rc.abc1234",
          "hello world",
          "42",
          "3.14",
          "true",
          "x#y",
          "a:b",
          "\uD83D\uDE00 smile",
          "a\uD83D\uDE00b",
          "\u00fcn\u00efc\u00f6d\u00e9",
          "\uD800\uDF48");
  private static final List<String> FLOW_PLAIN_VALUES =
      List.of("alpha", "42", "v1.2.3", "\uD83D\uDE00", "true", "x#y");

  enum Style {
    PLAIN,
    SINGLE,
    DOUBLE,
    EMPTY
  }

  record Scalar(Style style, String value) {}

  enum Shape {
    SCALAR,
    BLOCK_MAP,
    FLOW_MAP,
    BLOCK_SEQ,
    FLOW_SEQ
  }

  record Entry(String comment, Shape shape, List<Scalar> scalars, String trailing) {}

  record Layout(
      boolean crlf, boolean bom, String astralComment, boolean explicitStart, boolean endMarkers) {}

  record Case(Layout layout, List<List<Entry>> documents, int target, String newValue) {}

  record Target(int document, YamlPath path) {}

  @Property(tries = 1000)
  @Label("editing one scalar changes exactly that value and only its line")
  void editingChangesExactlyOneValue(@ForAll("cases") Case c) {
    // given
    List<Target> targets = new ArrayList<>();
    String text = render(c, targets);
    Target target = targets.get(Math.floorMod(c.target(), targets.size()));
    YamlText yaml = YamlText.parse("generated.yaml", text);
    int line = yaml.scalar(target.document(), target.path()).orElseThrow().line();

    // when
    YamlText edited = yaml.withScalar(target.document(), target.path(), c.newValue());

    // then
    List<Object> expected = load(text);
    expected.set(
        target.document(), replaced(expected.get(target.document()), target.path(), c.newValue()));
    assertThat(load(edited.text())).isEqualTo(expected);
    assertThat(edited.value(target.document(), target.path())).contains(c.newValue());
    List<String> before = lines(text);
    List<String> after = lines(edited.text());
    assertThat(after).hasSameSizeAs(before);
    for (int i = 0; i < before.size(); i++) {
      if (i != line - 1) {
        assertThat(after.get(i)).as("line %d", i + 1).isEqualTo(before.get(i));
      }
    }
  }

  @Property(tries = 500)
  @Label(
      "inserting a key adds exactly one line and that entry, keeping every other line; removing"
          + " it gives back the original text, byte for byte")
  void insertingAddsExactlyOneLine(@ForAll("cases") Case c) {
    // given
    List<Target> targets = new ArrayList<>();
    String text = render(c, targets);
    int document = Math.floorMod(c.target(), c.documents().size());
    YamlText yaml = YamlText.parse("generated.yaml", text);
    List<String> keys = yaml.keys(document, YamlPath.root());
    String after = keys.get(Math.floorMod(c.target() / 7, keys.size()));

    // when
    YamlText edited =
        yaml.withEntryAfter(document, YamlPath.root(), after, "inserted", c.newValue());

    // then
    List<Object> expected = load(text);
    @SuppressWarnings("unchecked")
    Map<Object, Object> root = new LinkedHashMap<>((Map<Object, Object>) expected.get(document));
    root.put("inserted", c.newValue());
    expected.set(document, root);
    assertThat(load(edited.text())).isEqualTo(expected);
    List<String> linesBefore = lines(text);
    List<String> linesAfter = new ArrayList<>(lines(edited.text()));
    assertThat(linesAfter).hasSize(linesBefore.size() + 1);
    int inserted = 0;
    while (inserted < linesBefore.size()
        && linesBefore.get(inserted).equals(linesAfter.get(inserted))) {
      inserted++;
    }
    linesAfter.remove(inserted);
    assertThat(linesAfter).isEqualTo(linesBefore);
    assertThat(edited.withoutEntry(document, YamlPath.root(), "inserted").text()).isEqualTo(text);
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Layout> layouts =
        Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.of("", "# \uD83D\uDE00\uD83D\uDE00 \uD800\uDF48", "# \u4e2d\u6587"),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false))
            .as(Layout::new);
    Arbitrary<List<List<Entry>>> documents =
        entry().list().ofMinSize(1).ofMaxSize(6).list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(
            layouts, documents, Arbitraries.integers().between(0, 1000), newValue())
        .as(Case::new);
  }

  private Arbitrary<String> text(List<String> tokens, int maxSize) {
    return Arbitraries.of(tokens).list().ofMaxSize(maxSize).map(parts -> String.join("", parts));
  }

  private Arbitrary<String> newValue() {
    List<String> all = new ArrayList<>(TOKENS);
    all.addAll(CONTROL_TOKENS);
    return Arbitraries.oneOf(
        text(all, 10), Arbitraries.of(TRICKY_VALUES), Arbitraries.of(PLAIN_VALUES));
  }

  private Arbitrary<String> comment() {
    return Arbitraries.oneOf(Arbitraries.just(""), text(TOKENS, 8));
  }

  private Arbitrary<Scalar> scalar(boolean flow) {
    return Arbitraries.oneOf(
        Arbitraries.of(flow ? FLOW_PLAIN_VALUES : PLAIN_VALUES)
            .map(v -> new Scalar(Style.PLAIN, v)),
        text(TOKENS, 8).map(v -> new Scalar(Style.SINGLE, v)),
        text(concat(TOKENS, CONTROL_TOKENS), 8).map(v -> new Scalar(Style.DOUBLE, v)),
        flow
            ? Arbitraries.of(new Scalar(Style.PLAIN, "flow"))
            : Arbitraries.just(new Scalar(Style.EMPTY, "")));
  }

  private Arbitrary<Entry> entry() {
    Arbitrary<Shape> shapes = Arbitraries.of(Shape.values());
    return shapes.flatMap(
        shape -> {
          boolean flow = shape == Shape.FLOW_MAP || shape == Shape.FLOW_SEQ;
          int size = shape == Shape.SCALAR ? 1 : 3;
          return Combinators.combine(
                  comment(), scalar(flow).list().ofMinSize(1).ofMaxSize(size), comment())
              .as((before, scalars, trailing) -> new Entry(before, shape, scalars, trailing));
        });
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Writes the case as YAML and lists the path of every scalar value in it. */
  static String render(Case c, List<Target> targets) {
    String eol = c.layout().crlf() ? "\r\n" : "\n";
    StringBuilder out = new StringBuilder();
    if (c.layout().bom()) {
      out.append('\uFEFF');
    }
    if (!c.layout().astralComment().isEmpty()) {
      out.append(c.layout().astralComment()).append(eol);
    }
    boolean separators = c.layout().explicitStart() || c.documents().size() > 1;
    for (int d = 0; d < c.documents().size(); d++) {
      if (separators) {
        out.append("---").append(eol);
      }
      List<Entry> entries = c.documents().get(d);
      for (int e = 0; e < entries.size(); e++) {
        renderEntry(
            out, eol, d, "k" + e + (e % 3 == 2 ? "\uD83D\uDE00" : ""), entries.get(e), targets);
      }
      if (c.layout().endMarkers()) {
        out.append("...").append(eol);
      }
    }
    return out.toString();
  }

  private static void renderEntry(
      StringBuilder out, String eol, int document, String key, Entry entry, List<Target> targets) {
    if (!entry.comment().isEmpty()) {
      out.append("# ").append(entry.comment()).append(eol);
    }
    String trailing = entry.trailing().isEmpty() ? "" : "  # " + entry.trailing();
    YamlPath path = YamlPath.of(key);
    List<Scalar> scalars = entry.scalars();
    out.append(key).append(':');
    switch (entry.shape()) {
      case SCALAR -> {
        out.append(spaced(scalars.get(0))).append(trailing).append(eol);
        targets.add(new Target(document, path));
      }
      case BLOCK_MAP -> {
        out.append(trailing).append(eol);
        for (int i = 0; i < scalars.size(); i++) {
          out.append("  n").append(i).append(':').append(spaced(scalars.get(i))).append(eol);
          targets.add(new Target(document, path.key("n" + i)));
        }
      }
      case BLOCK_SEQ -> {
        out.append(eol);
        for (int i = 0; i < scalars.size(); i++) {
          out.append("  -")
              .append(spaced(scalars.get(i)))
              .append(i == 0 ? trailing : "")
              .append(eol);
          targets.add(new Target(document, path.index(i)));
        }
      }
      case FLOW_MAP -> {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < scalars.size(); i++) {
          parts.add("f" + i + ": " + written(scalars.get(i)));
          targets.add(new Target(document, path.key("f" + i)));
        }
        out.append(" {").append(String.join(", ", parts)).append('}').append(trailing).append(eol);
      }
      case FLOW_SEQ -> {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < scalars.size(); i++) {
          parts.add(written(scalars.get(i)));
          targets.add(new Target(document, path.index(i)));
        }
        out.append(" [").append(String.join(", ", parts)).append(']').append(trailing).append(eol);
      }
    }
  }

  private static String spaced(Scalar scalar) {
    return scalar.style() == Style.EMPTY ? "" : " " + written(scalar);
  }

  private static String written(Scalar scalar) {
    return switch (scalar.style()) {
      case PLAIN -> scalar.value();
      case SINGLE -> "'" + scalar.value().replace("'", "''") + "'";
      case DOUBLE -> doubleQuoted(scalar.value());
      case EMPTY -> "";
    };
  }

  /** An escaper independent of the one under test: every doubtful character as \\uXXXX. */
  private static String doubleQuoted(String value) {
    StringBuilder out = new StringBuilder("\"");
    value
        .codePoints()
        .forEach(
            c -> {
              if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
              } else if (c < 0x20
                  || (c >= 0x7f && c <= 0xa0)
                  || c == 0x2028
                  || c == 0x2029
                  || c >= 0xfeff && c <= 0xffff) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append('"').toString();
  }

  private static List<Object> load(String text) {
    LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).build();
    List<Object> documents = new ArrayList<>();
    new Load(settings).loadAllFromString(text).forEach(documents::add);
    return documents;
  }

  @SuppressWarnings("unchecked")
  private static Object replaced(Object node, YamlPath path, String value) {
    if (path.isRoot()) {
      return value;
    }
    YamlPath.Step step = path.steps().get(0);
    YamlPath rest = YamlPath.root();
    for (YamlPath.Step s : path.steps().subList(1, path.steps().size())) {
      rest =
          s instanceof YamlPath.Key k
              ? rest.key(k.key())
              : rest.index(((YamlPath.Index) s).index());
    }
    if (step instanceof YamlPath.Key key) {
      Map<Object, Object> copy = new LinkedHashMap<>((Map<Object, Object>) node);
      copy.put(key.key(), replaced(copy.get(key.key()), rest, value));
      return copy;
    }
    List<Object> copy = new ArrayList<>((List<Object>) node);
    int index = ((YamlPath.Index) step).index();
    copy.set(index, replaced(copy.get(index), rest, value));
    return copy;
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n", -1));
  }
}
