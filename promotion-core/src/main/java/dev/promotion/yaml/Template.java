package dev.promotion.yaml;

import dev.promotion.error.InvalidManifestException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Fills the {@code {name}} placeholders of a YAML template so that each scalar holding one reads
 * back as the intended string in every reader. Each placeholder is first replaced by a marker that
 * is a plain string in any reader, the template is composed, and every scalar holding a marker is
 * written again with its value filled in, in its style, through {@link ScalarSyntax} (a plain
 * {@code {cluster}} filled with {@code 01} becomes {@code "01"}). Markers elsewhere (comments) are
 * replaced by the bare value. The result is composed again and must have the template's structure
 * with exactly the filled values.
 */
final class Template {
  private final String path;
  private final Map<String, String> markers = new LinkedHashMap<>();
  private final Map<String, String> valueByMarker = new LinkedHashMap<>();
  private final Pattern marker;

  private Template(String path, String template, Map<String, String> values) {
    this.path = path;
    String prefix = "promotionPlaceholder";
    while (template.contains(prefix)) {
      prefix += "x";
    }
    int i = 0;
    for (Map.Entry<String, String> value : values.entrySet()) {
      String m = prefix + i++ + "z";
      markers.put(value.getKey(), m);
      valueByMarker.put(m, value.getValue());
    }
    this.marker = Pattern.compile(Pattern.quote(prefix) + "[0-9]+z");
  }

  static Composition fill(
      String path, String template, Map<String, String> values, YamlLimits limits) {
    return new Template(path, template, values).fill(template, limits);
  }

  private Composition fill(String template, YamlLimits limits) {
    String marked = marked(template);
    Composition before;
    try {
      before = Composition.of(path, marked, limits);
    } catch (InvalidManifestException e) {
      throw new InvalidManifestException(
          path,
          e.line().orElse(0),
          e.column().orElse(0),
          "would come from a template that is not valid YAML; fix the template",
          e);
    }
    String filled = filledOutsideScalars(spliced(before));
    Composition after;
    try {
      after = Composition.of(path, filled, limits);
    } catch (InvalidManifestException e) {
      throw new InvalidManifestException(
          path,
          e.line().orElse(0),
          e.column().orElse(0),
          "cannot be written from the template: a placeholder's value breaks it there",
          e);
    }
    requireSameStructure(before, after);
    return after;
  }

  private String marked(String template) {
    StringBuilder out = new StringBuilder(template.length());
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf('{', at);
      int close = open < 0 ? -1 : template.indexOf('}', open);
      String m = close < 0 ? null : markers.get(template.substring(open + 1, close));
      if (m == null) {
        int next = open < 0 ? template.length() : open + 1;
        out.append(template, at, next);
        at = next;
      } else {
        out.append(template, at, open).append(m);
        at = close + 1;
      }
    }
    return out.toString();
  }

  private String filledValue(String value) {
    Matcher m = marker.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = valueByMarker.get(m.group());
      m.appendReplacement(
          out, Matcher.quoteReplacement(replacement == null ? m.group() : replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private record Splice(int start, int end, String text) {}

  /** The marked text with every scalar that holds a marker written again with its value. */
  private String spliced(Composition composition) {
    List<Splice> splices = new ArrayList<>();
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node document : composition.documents()) {
      collect(composition, document, false, seen, splices);
    }
    splices.sort(Comparator.comparingInt(Splice::start).reversed());
    StringBuilder text = new StringBuilder(composition.text());
    for (Splice splice : splices) {
      text.replace(
          composition.charIndex(splice.start()),
          composition.charIndex(splice.end()),
          splice.text());
    }
    return text.toString();
  }

  private void collect(
      Composition composition, Node node, boolean inFlow, Set<Node> seen, List<Splice> splices) {
    if (!seen.add(node)) {
      return;
    }
    boolean flow = inFlow || Composition.isFlow(node);
    if (node instanceof ScalarNode scalar) {
      if (!marker.matcher(scalar.getValue()).find()) {
        return;
      }
      int start = composition.valueStart(scalar).orElseThrow();
      int end = Composition.end(scalar);
      ScalarStyle style = scalar.getScalarStyle();
      String written =
          style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED
              ? filledValue(
                  composition
                      .text()
                      .substring(composition.charIndex(start), composition.charIndex(end)))
              : ScalarSyntax.render(filledValue(scalar.getValue()), style, inFlow);
      splices.add(new Splice(start, end, written));
    } else if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        collect(composition, tuple.getKeyNode(), flow, seen, splices);
        collect(composition, tuple.getValueNode(), flow, seen, splices);
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        collect(composition, item, flow, seen, splices);
      }
    }
  }

  /** Markers left outside scalars (in comments) get the bare value, which must fit on the line. */
  private String filledOutsideScalars(String text) {
    Matcher m = marker.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = valueByMarker.get(m.group());
      if (value != null && value.codePoints().anyMatch(Template::breaksLine)) {
        throw new IllegalArgumentException(
            "A template placeholder outside a value (in a comment) cannot hold a line break");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean breaksLine(int c) {
    return c == '\n' || c == '\r' || Yaml11LineBreaks.isYaml11LineBreak(c);
  }

  private void requireSameStructure(Composition before, Composition after) {
    List<Node> expected = before.documents();
    List<Node> actual = after.documents();
    if (expected.size() != actual.size()) {
      throw new InvalidManifestException(
          path, 0, 0, "cannot be written from the template: its documents would change");
    }
    Map<Node, Node> seen = new IdentityHashMap<>();
    for (int i = 0; i < expected.size(); i++) {
      requireSame(expected.get(i), actual.get(i), seen);
    }
  }

  private void requireSame(Node expected, Node actual, Map<Node, Node> seen) {
    if (seen.put(expected, actual) != null) {
      return;
    }
    boolean same;
    if (expected instanceof ScalarNode e && actual instanceof ScalarNode a) {
      same = a.getTag().equals(e.getTag()) && a.getValue().equals(filledValue(e.getValue()));
    } else if (expected instanceof MappingNode e && actual instanceof MappingNode a) {
      same = e.getValue().size() == a.getValue().size();
      for (int i = 0; same && i < e.getValue().size(); i++) {
        requireSame(e.getValue().get(i).getKeyNode(), a.getValue().get(i).getKeyNode(), seen);
        requireSame(e.getValue().get(i).getValueNode(), a.getValue().get(i).getValueNode(), seen);
      }
    } else if (expected instanceof SequenceNode e && actual instanceof SequenceNode a) {
      same = e.getValue().size() == a.getValue().size();
      for (int i = 0; same && i < e.getValue().size(); i++) {
        requireSame(e.getValue().get(i), a.getValue().get(i), seen);
      }
    } else {
      same = false;
    }
    if (!same) {
      throw new InvalidManifestException(
          path,
          Composition.line(actual),
          Composition.column(actual),
          "cannot be written from the template: a placeholder's value would not read back as"
              + " itself there");
    }
  }
}
