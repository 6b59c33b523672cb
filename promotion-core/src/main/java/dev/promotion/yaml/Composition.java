package dev.promotion.yaml;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.SelectorMatchException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.ScannerImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A YAML text composed into node trees (one per document) with the positions an edit needs: where
 * each scalar's value is written and where each alias is written. Positions from snakeyaml-engine
 * count code points; {@link #charIndex} converts them to indexes into the Java string.
 */
final class Composition {
  private final String path;
  private final String text;
  private final List<Node> documents;
  private final Map<Integer, Integer> scalarStarts;
  private final NavigableMap<Integer, Integer> aliasEnds;
  private final boolean basicPlaneOnly;

  /**
   * The extent of each node written where it appears (not through an alias): it depends on the node
   * alone, and locating the n-th item of a sequence needs the extents of the items before it, so
   * without it every lookup in a long list (hundreds of apps in a configuration) walks the list
   * again.
   */
  private final Map<Node, Extent> extents = new java.util.concurrent.ConcurrentHashMap<>();

  /** Of each sequence, where the text before each item ends (see {@link #itemAt}). */
  private final Map<SequenceNode, int[]> itemBounds =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Where a node sits in its document, found by a {@link YamlPath}; {@code key} is the key node of
   * the mapping entry the node is the value of, or null when the last step is not a key.
   */
  record Location(Node node, List<Integer> indices, boolean inFlow, boolean viaAlias, Node key) {}

  /** Where the text of a node ends, and whether it ends with a block scalar. */
  record Extent(int end, boolean blockScalar) {}

  private Composition(
      String path,
      String text,
      List<Node> documents,
      Map<Integer, Integer> scalarStarts,
      NavigableMap<Integer, Integer> aliasEnds) {
    this.path = path;
    this.text = text;
    this.documents = documents;
    this.scalarStarts = scalarStarts;
    this.aliasEnds = aliasEnds;
    this.basicPlaneOnly = text.codePointCount(0, text.length()) == text.length();
  }

  static Composition of(String path, String text, YamlLimits limits) {
    requireSize(path, text, limits);
    LoadSettings settings = settings(path, limits);
    Yaml11LineBreaks.requireNoneOutsideQuotes(path, text, settings);
    ScalarTokens scanner =
        new ScalarTokens(new ScannerImpl(settings, new StreamReader(settings, text)));
    LimitedParser parser = new LimitedParser(new ParserImpl(settings, scanner), path, limits);
    List<Node> documents = composeAll(path, new Composer(settings, parser));
    Composition composition =
        new Composition(
            path,
            text,
            Collections.unmodifiableList(documents),
            scanner.startByEnd(),
            parser.aliasEnds());
    composition.requireSoundStructure();
    return composition;
  }

  private static LoadSettings settings(String path, YamlLimits limits) {
    return LoadSettings.builder()
        .setLabel(path)
        .setSchema(new CoreSchema())
        .setAllowDuplicateKeys(false)
        .setAllowRecursiveKeys(false)
        .setAllowNonScalarKeys(false)
        .setMaxAliasesForCollections(Math.max(1, limits.maxAliases()))
        .setCodePointLimit(limits.maxCodePoints() + 1)
        .setParseComments(false)
        .setUseMarks(true)
        .build();
  }

  private static List<Node> composeAll(String path, Composer composer) {
    List<Node> documents = new ArrayList<>();
    try {
      while (composer.hasNext()) {
        documents.add(composer.next());
      }
      return documents;
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
      throw new InvalidManifestException(
          path,
          mark.map(m -> m.getLine() + 1).orElse(0),
          mark.map(m -> m.getColumn() + 1).orElse(0),
          "is not valid YAML: "
              + firstLine(e.getProblem() == null ? e.getMessage() : e.getProblem()),
          e);
    } catch (YamlEngineException e) {
      throw new InvalidManifestException(
          path, 0, 0, "is not valid YAML: " + firstLine(e.getMessage()), e);
    }
  }

  private static void requireSize(String path, String text, YamlLimits limits) {
    if (text.length() <= limits.maxCodePoints()) {
      return;
    }
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints > limits.maxCodePoints()) {
      int at = text.offsetByCodePoints(0, limits.maxCodePoints());
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < at; i++) {
        if (text.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new InvalidManifestException(
          path,
          line,
          text.codePointCount(lineStart, at) + 1,
          "is larger than " + limits.maxCodePoints() + " characters");
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown problem";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }

  /** Rejects recursive aliases and duplicate keys, visiting each node once. */
  private void requireSoundStructure() {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> pending = new ArrayDeque<>(documents);
    while (!pending.isEmpty()) {
      Node node = pending.pop();
      if (!seen.add(node)) {
        continue;
      }
      if (node.isRecursive()) {
        throw invalid(node, "contains an alias to one of its own ancestors (a recursive alias)");
      }
      if (node instanceof MappingNode mapping) {
        requireUniqueKeys(mapping);
        for (NodeTuple tuple : mapping.getValue()) {
          pending.push(tuple.getKeyNode());
          pending.push(tuple.getValueNode());
        }
      } else if (node instanceof SequenceNode sequence) {
        sequence.getValue().forEach(pending::push);
      }
    }
  }

  private void requireUniqueKeys(MappingNode mapping) {
    Set<List<String>> keys = new HashSet<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key
          && !keys.add(List.of(key.getTag().getValue(), key.getValue()))) {
        throw invalid(key, "has the key '" + key.getValue() + "' twice in the same mapping");
      }
    }
  }

  InvalidManifestException invalid(Node node, String reason) {
    return new InvalidManifestException(path, line(node), column(node), reason);
  }

  String path() {
    return path;
  }

  String text() {
    return text;
  }

  List<Node> documents() {
    return documents;
  }

  /** The index into the Java string of the code point at {@code codePointIndex}. */
  int charIndex(int codePointIndex) {
    return basicPlaneOnly ? codePointIndex : text.offsetByCodePoints(0, codePointIndex);
  }

  static int start(Node node) {
    return node.getStartMark().map(Mark::getIndex).orElse(0);
  }

  static int end(Node node) {
    return node.getEndMark().map(Mark::getIndex).orElse(0);
  }

  static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  static int column(Node node) {
    return node.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
  }

  /**
   * Where the value of a scalar is written, after its anchor and tag, in code points; empty for a
   * scalar with no text at all ({@code key:} followed by nothing).
   */
  Optional<Integer> valueStart(ScalarNode scalar) {
    if (start(scalar) == end(scalar)) {
      // An empty value ends where its key ends when nothing follows the key ({key} in a flow
      // mapping): the token ending there is the key's, not the value's.
      return Optional.empty();
    }
    return Optional.ofNullable(scalarStarts.get(end(scalar)));
  }

  static boolean isFlow(Node node) {
    return (node instanceof MappingNode m && m.getFlowStyle() == FlowStyle.FLOW)
        || (node instanceof SequenceNode s && s.getFlowStyle() == FlowStyle.FLOW);
  }

  /**
   * Where the text of {@code node} ends when it appears right after {@code lowerBound}. A node that
   * starts before the lower bound is not written here: it is reached through an alias, and the text
   * here is that alias.
   */
  Extent extent(Node node, int lowerBound) {
    if (start(node) < lowerBound) {
      Map.Entry<Integer, Integer> alias = aliasEnds.ceilingEntry(lowerBound);
      return new Extent(alias == null ? end(node) : alias.getValue(), false);
    }
    if (node instanceof ScalarNode scalar) {
      ScalarStyle style = scalar.getScalarStyle();
      return new Extent(end(node), style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED);
    }
    if (isFlow(node)) {
      return new Extent(end(node), false);
    }
    Extent known = extents.get(node);
    if (known != null) {
      return known;
    }
    Extent last = new Extent(end(node), false);
    int childBound = start(node);
    for (Node child : children(node)) {
      last = extent(child, childBound);
      childBound = last.end();
    }
    extents.put(node, last);
    return last;
  }

  private static List<Node> children(Node node) {
    List<Node> children = new ArrayList<>();
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        children.add(tuple.getKeyNode());
        children.add(tuple.getValueNode());
      }
    } else if (node instanceof SequenceNode sequence) {
      children.addAll(sequence.getValue());
    }
    return children;
  }

  /** Follows {@code yamlPath} from the root of a document. */
  Optional<Location> locate(int document, YamlPath yamlPath) {
    Node node = documents.get(document);
    List<Integer> indices = new ArrayList<>();
    boolean inFlow = false;
    boolean viaAlias = false;
    Node key = null;
    for (YamlPath.Step step : yamlPath.steps()) {
      inFlow |= isFlow(node);
      Optional<Child> child = child(node, step);
      if (child.isEmpty()) {
        return Optional.empty();
      }
      indices.add(child.get().index());
      viaAlias |= child.get().viaAlias();
      node = child.get().node();
      key = child.get().key();
    }
    return Optional.of(new Location(node, List.copyOf(indices), inFlow, viaAlias, key));
  }

  private record Child(Node node, int index, boolean viaAlias, Node key) {}

  private Optional<Child> child(Node parent, YamlPath.Step step) {
    if (step instanceof YamlPath.Key key && parent instanceof MappingNode mapping) {
      return valueOf(mapping, key.key());
    }
    if (step instanceof YamlPath.Index index && parent instanceof SequenceNode sequence) {
      return itemAt(sequence, index.index());
    }
    if (step instanceof YamlPath.Entry entry && parent instanceof SequenceNode sequence) {
      return entryWhere(sequence, entry);
    }
    return Optional.empty();
  }

  private Optional<Child> valueOf(MappingNode mapping, String key) {
    List<NodeTuple> tuples = mapping.getValue();
    int bound = start(mapping);
    for (int i = 0; i < tuples.size(); i++) {
      NodeTuple tuple = tuples.get(i);
      int valueBound = extent(tuple.getKeyNode(), bound).end();
      if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        Node value = tuple.getValueNode();
        return Optional.of(new Child(value, i, start(value) < valueBound, tuple.getKeyNode()));
      }
      bound = extent(tuple.getValueNode(), valueBound).end();
    }
    return Optional.empty();
  }

  private Optional<Child> itemAt(SequenceNode sequence, int index) {
    List<Node> items = sequence.getValue();
    if (index >= items.size()) {
      return Optional.empty();
    }
    Node item = items.get(index);
    return Optional.of(new Child(item, index, start(item) < itemBounds(sequence)[index], null));
  }

  /**
   * For each item of {@code sequence}, where the text before it ends: an item that starts before
   * that is reached through an alias. Computed once per sequence, so that reading every item of a
   * long list costs one pass over it.
   */
  private int[] itemBounds(SequenceNode sequence) {
    int[] known = itemBounds.get(sequence);
    if (known != null) {
      return known;
    }
    List<Node> items = sequence.getValue();
    int[] bounds = new int[items.size()];
    int bound = start(sequence);
    for (int i = 0; i < items.size(); i++) {
      bounds[i] = bound;
      bound = extent(items.get(i), bound).end();
    }
    itemBounds.put(sequence, bounds);
    return bounds;
  }

  private Optional<Child> entryWhere(SequenceNode sequence, YamlPath.Entry entry) {
    List<Node> items = sequence.getValue();
    Child found = null;
    List<Node> matches = new ArrayList<>();
    int bound = start(sequence);
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      if (item instanceof MappingNode mapping && hasFields(mapping, entry)) {
        matches.add(item);
        if (found == null) {
          found = new Child(item, i, start(item) < bound, null);
        }
      }
      bound = extent(item, bound).end();
    }
    if (matches.size() > 1) {
      List<String> candidates = new ArrayList<>();
      for (Node match : matches) {
        candidates.add(describe(match, entry) + " at line " + line(match));
      }
      throw new SelectorMatchException(
          path,
          line(matches.get(1)),
          column(matches.get(1)),
          entry.toString(),
          matches.size(),
          candidates);
    }
    return Optional.ofNullable(found);
  }

  private static boolean hasFields(MappingNode mapping, YamlPath.Entry entry) {
    for (Map.Entry<String, String> field : entry.fields().entrySet()) {
      if (!fieldValue(mapping, field.getKey()).filter(field.getValue()::equals).isPresent()) {
        return false;
      }
    }
    return true;
  }

  private static Optional<String> fieldValue(MappingNode mapping, String field) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key
          && key.getValue().equals(field)
          && tuple.getValueNode() instanceof ScalarNode value) {
        return Optional.of(value.getValue());
      }
    }
    return Optional.empty();
  }

  /** An item as the selector sees it: {@code [name=api,releaseName=web]}, or what it is. */
  private static String describe(Node item, YamlPath.Entry entry) {
    if (!(item instanceof MappingNode mapping)) {
      return item instanceof ScalarNode scalar ? "'" + scalar.getValue() + "'" : "a list";
    }
    StringBuilder out = new StringBuilder("[");
    for (String field : entry.fields().keySet()) {
      out.append(out.length() == 1 ? "" : ",")
          .append(field)
          .append('=')
          .append(fieldValue(mapping, field).orElse("(none)"));
    }
    return out.append(']').toString();
  }

  /**
   * Why {@code yamlPath} finds nothing in a document: the first step that finds nothing, where it
   * looked, and what is there instead.
   */
  SelectorMatchException mismatch(int document, YamlPath yamlPath) {
    Node node = documents.get(document);
    List<YamlPath.Step> steps = yamlPath.steps();
    for (int i = 0; i < steps.size(); i++) {
      YamlPath.Step step = steps.get(i);
      Optional<Child> child = child(node, step);
      if (child.isEmpty()) {
        return new SelectorMatchException(
            path,
            line(node),
            column(node),
            yamlPath.prefix(i + 1).toString(),
            0,
            candidates(node, step));
      }
      node = child.get().node();
    }
    throw new IllegalStateException(yamlPath + " finds something");
  }

  private static List<String> candidates(Node node, YamlPath.Step step) {
    List<String> candidates = new ArrayList<>();
    if (node instanceof MappingNode mapping) {
      if (!(step instanceof YamlPath.Key)) {
        return List.of("a mapping, not a list");
      }
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          candidates.add("'" + key.getValue() + "'");
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      if (step instanceof YamlPath.Key) {
        return List.of("a list, not a mapping");
      }
      for (Node item : sequence.getValue()) {
        candidates.add(
            (step instanceof YamlPath.Entry entry ? describe(item, entry) : "an item")
                + " at line "
                + line(item));
      }
      if (step instanceof YamlPath.Index) {
        return List.of(candidates.size() + " item(s)");
      }
    } else if (node instanceof ScalarNode scalar) {
      candidates.add("the value '" + scalar.getValue() + "', not a mapping or list");
    }
    return candidates;
  }

  /** The lower bound of each tuple's value, in order, for a mapping written at its position. */
  int[] valueBounds(MappingNode mapping) {
    List<NodeTuple> tuples = mapping.getValue();
    int[] bounds = new int[tuples.size()];
    int bound = start(mapping);
    for (int i = 0; i < tuples.size(); i++) {
      bounds[i] = extent(tuples.get(i).getKeyNode(), bound).end();
      bound = extent(tuples.get(i).getValueNode(), bounds[i]).end();
    }
    return bounds;
  }
}
