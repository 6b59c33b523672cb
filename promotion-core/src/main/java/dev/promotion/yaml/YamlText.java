package dev.promotion.yaml;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.SelectorMatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML text (one or more documents) loaded safely, that can read values by {@link YamlPath} and
 * change them surgically.
 *
 * <p>Loading applies {@link YamlLimits} (size, aliases, nesting depth, documents), accepts only the
 * standard tags and rejects duplicate keys and recursive aliases; a problem ends in an {@link
 * InvalidManifestException} with the path, line and column.
 *
 * <p>An edit splices the new value into the original text where the old one is written, so
 * comments, key order, indentation, line endings, a byte order mark, flow style, document
 * separators, anchors and the quoting style of the value are kept. When the style cannot carry the
 * new value (a plain {@code 1.0} would read as a number), the value is double-quoted. Every edit
 * parses the new text again and checks that exactly the intended value changed; otherwise it
 * throws, so an edit never returns a corrupted document.
 *
 * <p>Instances are immutable; every edit returns a new instance.
 */
public final class YamlText {
  private final Composition composition;
  private final YamlLimits limits;

  private YamlText(Composition composition, YamlLimits limits) {
    this.composition = composition;
    this.limits = limits;
  }

  /**
   * Loads {@code text} with {@link YamlLimits#defaults()}.
   *
   * @param path how to name the text in messages, usually its file path
   * @throws InvalidManifestException if it is not valid YAML or exceeds a limit
   */
  public static YamlText parse(String path, String text) {
    return parse(path, text, YamlLimits.defaults());
  }

  /**
   * Loads {@code text} with the given limits.
   *
   * @param path how to name the text in messages, usually its file path
   * @throws InvalidManifestException if it is not valid YAML or exceeds a limit
   */
  public static YamlText parse(String path, String text, YamlLimits limits) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(limits, "limits");
    return new YamlText(Composition.of(path, text, limits), limits);
  }

  /** {@link #fromTemplate(String, String, Map, YamlLimits)} with {@link YamlLimits#defaults()}. */
  public static YamlText fromTemplate(String path, String template, Map<String, String> values) {
    return fromTemplate(path, template, values, YamlLimits.defaults());
  }

  /**
   * A new YAML text from {@code template} with each placeholder {@code {name}} (a key of {@code
   * values}) replaced by its value. A placeholder inside a scalar is filled in that scalar's style,
   * and a plain scalar that a reader would not read back as the filled string (an app named {@code
   * on}, a cluster named {@code 01}) is double-quoted; a placeholder in a comment gets the bare
   * value. Other braces are left alone.
   *
   * @param path how to name the text in messages, usually its file path
   * @throws InvalidManifestException if the template is not valid YAML with its placeholders in
   *     place, or a value would not read back as itself
   * @throws IllegalArgumentException if a value contains an unpaired surrogate, or a line break for
   *     a placeholder in a comment
   */
  public static YamlText fromTemplate(
      String path, String template, Map<String, String> values, YamlLimits limits) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(limits, "limits");
    values.forEach(
        (name, value) -> {
          Objects.requireNonNull(name, "name");
          requireWellFormed(value);
        });
    return new YamlText(Template.fill(path, template, values, limits), limits);
  }

  /** The name used in messages. */
  public String path() {
    return composition.path();
  }

  /** The exact text. */
  public String text() {
    return composition.text();
  }

  public YamlLimits limits() {
    return limits;
  }

  /** How many documents the text holds; an empty text holds none. */
  public int documentCount() {
    return composition.documents().size();
  }

  /** What is at {@code path} in the document, and where; empty if nothing is there. */
  public Optional<YamlLocation> locate(int document, YamlPath path) {
    return find(document, path)
        .map(
            location -> {
              Node node = location.node();
              YamlKind kind =
                  node instanceof ScalarNode
                      ? YamlKind.SCALAR
                      : node instanceof SequenceNode ? YamlKind.SEQUENCE : YamlKind.MAPPING;
              return new YamlLocation(kind, Composition.line(node), Composition.column(node));
            });
  }

  /**
   * {@code path} with each selector ({@code [name=api]}) replaced by the index of the entry it
   * matches, such as {@code spec.sources[1].targetRevision}; empty if a step finds nothing.
   *
   * @throws dev.promotion.error.SelectorMatchException if a selector matches several entries
   */
  public Optional<YamlPath> resolve(int document, YamlPath path) {
    return find(document, path)
        .map(
            location -> {
              YamlPath resolved = YamlPath.root();
              List<YamlPath.Step> steps = path.steps();
              for (int i = 0; i < steps.size(); i++) {
                resolved =
                    steps.get(i) instanceof YamlPath.Entry
                        ? resolved.index(location.indices().get(i))
                        : resolved.then(steps.get(i));
              }
              return resolved;
            });
  }

  /**
   * The error that says why {@code path} finds nothing in a document: the first step that finds
   * nothing, the line of the mapping or list it looked in, and what is there instead (its keys, or
   * each entry's selector fields).
   *
   * @throws IllegalStateException if {@code path} finds something
   */
  public SelectorMatchException mismatch(int document, YamlPath path) {
    if (document < 0 || document >= documentCount()) {
      return new SelectorMatchException(path(), 0, 0, path.toString(), 0, List.of());
    }
    return composition.mismatch(document, path);
  }

  /** The scalar at {@code path} in the first document. */
  public Optional<YamlScalar> scalar(YamlPath path) {
    return scalar(0, path);
  }

  /**
   * The scalar at {@code path} in a document; empty if nothing is there.
   *
   * @throws InvalidManifestException if a mapping or sequence is there
   */
  public Optional<YamlScalar> scalar(int document, YamlPath path) {
    return find(document, path).map(location -> toScalar(location.node(), path));
  }

  /** The value of the non-null scalar at {@code path} in the first document. */
  public Optional<String> value(YamlPath path) {
    return value(0, path);
  }

  /**
   * The value of the non-null scalar at {@code path} in a document; empty if nothing or null is
   * there.
   *
   * @throws InvalidManifestException if a mapping or sequence is there
   */
  public Optional<String> value(int document, YamlPath path) {
    return scalar(document, path).filter(s -> !s.isNull()).map(YamlScalar::value);
  }

  /** The keys of the mapping at {@code path}, in order; empty if there is no mapping there. */
  public List<String> keys(int document, YamlPath path) {
    List<String> keys = new ArrayList<>();
    find(document, path)
        .filter(location -> location.node() instanceof MappingNode)
        .ifPresent(
            location -> {
              for (NodeTuple tuple : ((MappingNode) location.node()).getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                  keys.add(key.getValue());
                }
              }
            });
    return List.copyOf(keys);
  }

  /** The number of items of the sequence at {@code path}; 0 if there is no sequence there. */
  public int size(int document, YamlPath path) {
    return find(document, path)
        .filter(location -> location.node() instanceof SequenceNode)
        .map(location -> ((SequenceNode) location.node()).getValue().size())
        .orElse(0);
  }

  /** {@link #withScalar(int, YamlPath, String)} in the first document. */
  public YamlText withScalar(YamlPath path, String value) {
    return withScalar(0, path, value);
  }

  /**
   * This text with the scalar at {@code path} set to the string {@code value}, every other byte
   * kept.
   *
   * @throws InvalidManifestException if there is no scalar at the path, if it is a block scalar
   *     ({@code |} or {@code >}), if it is an alias (edit its anchor instead), or if the edited
   *     text would not read back as exactly this change
   * @throws IllegalArgumentException if {@code value} contains an unpaired surrogate
   */
  public YamlText withScalar(int document, YamlPath path, String value) {
    requireWellFormed(value);
    Composition.Location location = existing(document, path);
    ScalarNode scalar = editableScalar(location, path);
    int end = Composition.end(scalar);
    Optional<Integer> start = composition.valueStart(scalar);
    if (start.isEmpty() && location.key() != null && !hasValueIndicator(location.key(), end)) {
      String key = ((ScalarNode) location.key()).getValue();
      throw composition.invalid(
          location.key(),
          "has the key '"
              + key
              + "' at "
              + path
              + " with no ':' after it, so there is no value to change; write '"
              + key
              + ": <value>' in the file");
    }
    String replacement =
        start.isPresent()
            ? ScalarSyntax.render(value, scalar.getScalarStyle(), location.inFlow())
            : " " + ScalarSyntax.renderNew(value, location.inFlow());
    String edited = splice(start.orElse(end), end, replacement);
    return verified(
        edited, ExpectedEdit.replacement(document, location.indices(), value), scalar, path);
  }

  /**
   * Whether a {@code :} (outside comments) follows {@code key} before {@code valueEnd}: an entry
   * written {@code key} alone in a flow mapping or {@code ? key} has none, and its empty value has
   * nowhere to be written.
   */
  private boolean hasValueIndicator(Node key, int valueEnd) {
    String text = text();
    int end = composition.charIndex(Math.max(valueEnd, Composition.end(key)));
    for (int i = composition.charIndex(Composition.end(key)); i < end; i++) {
      char c = text.charAt(i);
      if (c == ':') {
        return true;
      }
      if (c == '#') {
        while (i < end && !isLineBreak(text.charAt(i))) {
          i++;
        }
      }
    }
    return false;
  }

  private ScalarNode editableScalar(Composition.Location location, YamlPath path) {
    if (!(location.node() instanceof ScalarNode scalar)) {
      throw composition.invalid(
          location.node(), "has a mapping or sequence at " + path + " where a value was expected");
    }
    if (location.viaAlias()) {
      throw composition.invalid(
          scalar, "reaches " + path + " through an alias; change the anchored value instead");
    }
    ScalarStyle style = scalar.getScalarStyle();
    if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
      throw composition.invalid(
          scalar,
          "holds a block scalar ('|' or '>') at "
              + path
              + "; only plain and quoted values can be changed, edit it by hand");
    }
    return scalar;
  }

  /**
   * {@link #withEntryAfter} appending the new entry after the mapping's last one.
   *
   * @throws InvalidManifestException if there is no mapping at {@code mapping}
   */
  public YamlText withEntry(int document, YamlPath mapping, String key, String value) {
    return withEntryAfter(document, mapping, null, key, value);
  }

  /**
   * This text with {@code key: value} in the mapping at {@code mapping}: the value is replaced if
   * the key exists (as by {@link #withScalar}); otherwise the entry is inserted right after the
   * entry {@code afterKey} (or after the last entry when {@code afterKey} is null or absent), at
   * the mapping's indentation in a block mapping, or as {@code , key: value} in a flow mapping.
   *
   * @throws InvalidManifestException if there is no mapping at {@code mapping}, or the edited text
   *     would not read back as exactly this change
   */
  public YamlText withEntryAfter(
      int document, YamlPath mapping, String afterKey, String key, String value) {
    Objects.requireNonNull(key, "key");
    requireWellFormed(key);
    requireWellFormed(value);
    Composition.Location location = existing(document, mapping);
    if (!(location.node() instanceof MappingNode map)) {
      throw composition.invalid(
          location.node(), "has no mapping at " + mapping + " to add '" + key + "' to");
    }
    if (keyIndex(map, key) >= 0) {
      return withScalar(document, mapping.key(key), value);
    }
    if (location.viaAlias()) {
      throw composition.invalid(
          map, "reaches " + mapping + " through an alias; change the anchored mapping instead");
    }
    int after = afterKey == null ? -1 : keyIndex(map, afterKey);
    if (after < 0) {
      after = map.getValue().size() - 1;
    }
    String edited =
        Composition.isFlow(map)
            ? insertIntoFlow(map, after, key, value)
            : insertIntoBlock(map, after, key, value);
    return verified(
        edited,
        ExpectedEdit.insertion(document, location.indices(), after + 1, key, value),
        map,
        mapping);
  }

  /**
   * This text without the entry {@code key} of the mapping at {@code mapping}, every other byte
   * kept: in a block mapping the entry's lines go (with a comment on its last line), in a flow
   * mapping the entry and one comma next to it. The same text when the mapping has no such key.
   *
   * @throws InvalidManifestException if there is no mapping at {@code mapping}, it is reached
   *     through an alias, the entry is the mapping's only one, the entry shares its first line with
   *     something else (as the first field of a {@code - key: value} sequence item does), or the
   *     edited text would not read back as exactly this change
   */
  public YamlText withoutEntry(int document, YamlPath mapping, String key) {
    Objects.requireNonNull(key, "key");
    Composition.Location location = existing(document, mapping);
    if (!(location.node() instanceof MappingNode map)) {
      throw composition.invalid(
          location.node(), "has no mapping at " + mapping + " to remove '" + key + "' from");
    }
    int index = keyIndex(map, key);
    if (index < 0) {
      return this;
    }
    if (location.viaAlias()) {
      throw composition.invalid(
          map, "reaches " + mapping + " through an alias; change the anchored mapping instead");
    }
    if (map.getValue().size() == 1) {
      throw composition.invalid(
          map, "has only '" + key + "' in the mapping at " + mapping + "; remove it by hand");
    }
    int[] bounds = composition.valueBounds(map);
    String edited =
        Composition.isFlow(map)
            ? removeFromFlow(map, index, bounds)
            : removeFromBlock(map, index, bounds, mapping);
    return verified(
        edited, ExpectedEdit.removal(document, location.indices(), index), map, mapping);
  }

  /**
   * Removes a flow mapping's entry with one comma: up to the next key for any entry but the last
   * (what follows the previous entry's comma, such as its comment, stays); for the last, from the
   * end of the previous value, or only the comma before it when a comment sits in between.
   */
  private String removeFromFlow(MappingNode map, int index, int[] bounds) {
    List<NodeTuple> tuples = map.getValue();
    int keyStart = Composition.start(tuples.get(index).getKeyNode());
    if (index + 1 < tuples.size()) {
      return splice(keyStart, Composition.start(tuples.get(index + 1).getKeyNode()), "");
    }
    int end = composition.extent(tuples.get(index).getValueNode(), bounds[index]).end();
    int previous =
        composition.extent(tuples.get(index - 1).getValueNode(), bounds[index - 1]).end();
    String text = text();
    int from = composition.charIndex(previous);
    int to = composition.charIndex(keyStart);
    int comma = -1;
    boolean comment = false;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '#') {
        comment = true;
        while (i < to && !isLineBreak(text.charAt(i))) {
          i++;
        }
      } else if (c == ',' && comma < 0) {
        comma = i;
      }
    }
    if (!comment || comma < 0) {
      return splice(previous, end, "");
    }
    String withoutEntry = splice(keyStart, end, "");
    return new StringBuilder(withoutEntry).deleteCharAt(comma).toString();
  }

  private String removeFromBlock(MappingNode map, int index, int[] bounds, YamlPath path) {
    String text = text();
    NodeTuple tuple = map.getValue().get(index);
    int lineStart = composition.charIndex(Composition.start(tuple.getKeyNode()));
    while (lineStart > 0 && text.charAt(lineStart - 1) == ' ') {
      lineStart--;
    }
    if (lineStart > 0 && !isLineStart(text, lineStart)) {
      throw composition.invalid(
          tuple.getKeyNode(),
          "has '"
              + ((ScalarNode) tuple.getKeyNode()).getValue()
              + "' at "
              + path
              + " on a line it shares with something else; remove it by hand");
    }
    Composition.Extent extent = composition.extent(tuple.getValueNode(), bounds[index]);
    int end = composition.charIndex(extent.end());
    if (extent.blockScalar()) {
      int start = end;
      while (start > 0 && text.charAt(start - 1) == ' ') {
        start--;
      }
      if (start == 0 || isLineBreak(text.charAt(start - 1))) {
        return spliceChars(lineStart, start, "");
      }
    }
    while (end < text.length() && !isLineBreak(text.charAt(end))) {
      end++;
    }
    if (end == text.length()) {
      int before = lineStart;
      if (before > 0 && isLineBreak(text.charAt(before - 1))) {
        before -= before > 1 && text.startsWith("\r\n", before - 2) ? 2 : 1;
      }
      return spliceChars(before, end, "");
    }
    end += text.startsWith("\r\n", end) ? 2 : 1;
    return spliceChars(lineStart, end, "");
  }

  /**
   * This text with a mapping of {@code fields} (keys and string values, in order) appended as the
   * last item of the sequence at {@code sequence}: as {@code - key: value} lines at the items'
   * indentation in a block sequence, or as {@code , {key: value}} in a flow sequence.
   *
   * @throws InvalidManifestException if there is no sequence at the path, it is reached through an
   *     alias, an empty block sequence gives no indentation to follow, or the edited text would not
   *     read back as exactly this change
   * @throws IllegalArgumentException if {@code fields} is empty
   */
  public YamlText withMappingItem(
      int document, YamlPath sequence, List<Map.Entry<String, String>> fields) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a new item has at least one field");
    }
    for (Map.Entry<String, String> field : fields) {
      requireWellFormed(field.getKey());
      requireWellFormed(field.getValue());
    }
    Composition.Location location = existing(document, sequence);
    if (!(location.node() instanceof SequenceNode seq)) {
      throw composition.invalid(
          location.node(), "has no sequence at " + sequence + " to add an item to");
    }
    if (location.viaAlias()) {
      throw composition.invalid(
          seq, "reaches " + sequence + " through an alias; change the anchored sequence instead");
    }
    String edited =
        Composition.isFlow(seq) ? appendToFlow(seq, fields) : appendToBlock(seq, sequence, fields);
    return verified(
        edited, ExpectedEdit.appended(document, location.indices(), fields), seq, sequence);
  }

  private String appendToFlow(SequenceNode seq, List<Map.Entry<String, String>> fields) {
    StringBuilder item = new StringBuilder("{");
    for (int i = 0; i < fields.size(); i++) {
      item.append(i == 0 ? "" : ", ")
          .append(ScalarSyntax.renderNew(fields.get(i).getKey(), true))
          .append(": ")
          .append(ScalarSyntax.renderNew(fields.get(i).getValue(), true));
    }
    item.append('}');
    List<Node> items = seq.getValue();
    if (items.isEmpty()) {
      int closing = Composition.end(seq) - 1;
      return splice(closing, closing, item.toString());
    }
    int end = 0;
    int bound = Composition.start(seq);
    for (Node node : items) {
      end = composition.extent(node, bound).end();
      bound = end;
    }
    return splice(end, end, ", " + item);
  }

  private String appendToBlock(
      SequenceNode seq, YamlPath path, List<Map.Entry<String, String>> fields) {
    String text = text();
    List<Node> items = seq.getValue();
    if (items.isEmpty()) {
      throw composition.invalid(seq, "has an empty sequence at " + path + "; add an item by hand");
    }
    int firstItem = composition.charIndex(Composition.start(items.get(0)));
    int dash = firstItem - 1;
    while (dash >= 0 && text.charAt(dash) != '-') {
      dash--;
    }
    int lineStart = dash;
    while (lineStart > 0 && !isLineStart(text, lineStart)) {
      lineStart--;
    }
    if (dash < 0 || !text.substring(lineStart, dash).isBlank()) {
      throw composition.invalid(
          seq, "has items at " + path + " that do not start their own line; add an item by hand");
    }
    String indent = " ".repeat(dash - lineStart);
    int bound = Composition.start(seq);
    Composition.Extent last = null;
    for (Node node : items) {
      last = composition.extent(node, bound);
      bound = last.end();
    }
    if (last.blockScalar()) {
      throw composition.invalid(
          seq, "ends with a block scalar at " + path + "; add an item by hand");
    }
    int end = composition.charIndex(last.end());
    int lineBreak = end;
    while (lineBreak < text.length() && !isLineBreak(text.charAt(lineBreak))) {
      lineBreak++;
    }
    String eol =
        lineBreak == text.length()
            ? firstLineBreak()
            : text.startsWith("\r\n", lineBreak)
                ? "\r\n"
                : text.substring(lineBreak, lineBreak + 1);
    StringBuilder item = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      item.append(i == 0 ? indent + "- " : eol + indent + "  ")
          .append(ScalarSyntax.renderNew(fields.get(i).getKey(), false))
          .append(": ")
          .append(ScalarSyntax.renderNew(fields.get(i).getValue(), false));
    }
    if (lineBreak == text.length()) {
      return spliceChars(lineBreak, lineBreak, eol + item);
    }
    int nextLine = lineBreak + eol.length();
    return spliceChars(nextLine, nextLine, item + eol);
  }

  private String insertIntoFlow(MappingNode map, int after, String key, String value) {
    String entry = ScalarSyntax.renderNew(key, true) + ": " + ScalarSyntax.renderNew(value, true);
    if (after < 0) {
      int closing = Composition.end(map) - 1;
      return splice(closing, closing, entry);
    }
    int valueBound = composition.valueBounds(map)[after];
    int end = composition.extent(map.getValue().get(after).getValueNode(), valueBound).end();
    return splice(end, end, ", " + entry);
  }

  private String insertIntoBlock(MappingNode map, int after, String key, String value) {
    String indent = " ".repeat(Composition.column(map.getValue().get(0).getKeyNode()) - 1);
    String entry =
        indent + ScalarSyntax.renderNew(key, false) + ": " + ScalarSyntax.renderNew(value, false);
    int valueBound = composition.valueBounds(map)[after];
    NewLine line =
        newLineAfter(composition.extent(map.getValue().get(after).getValueNode(), valueBound));
    return spliceChars(line.at(), line.at(), line.before() + entry + line.after());
  }

  /** Where a new line goes: at index {@code at}, with these line breaks before and after it. */
  private record NewLine(int at, String before, String after) {}

  /**
   * The new line right after the line where a node's text ends. A block scalar's text ends at the
   * start of the next line (its line breaks are part of it), so the new line goes there.
   */
  private NewLine newLineAfter(Composition.Extent extent) {
    String text = text();
    int end = composition.charIndex(extent.end());
    if (extent.blockScalar()) {
      int lineStart = end;
      while (lineStart > 0 && text.charAt(lineStart - 1) == ' ') {
        lineStart--;
      }
      if (lineStart == 0 || isLineBreak(text.charAt(lineStart - 1))) {
        return new NewLine(lineStart, "", lineBreakEndingAt(lineStart));
      }
    }
    int lineBreak = end;
    while (lineBreak < text.length() && !isLineBreak(text.charAt(lineBreak))) {
      lineBreak++;
    }
    if (lineBreak == text.length()) {
      return new NewLine(lineBreak, firstLineBreak(), "");
    }
    String eol =
        text.startsWith("\r\n", lineBreak) ? "\r\n" : text.substring(lineBreak, lineBreak + 1);
    return new NewLine(lineBreak + eol.length(), "", eol);
  }

  private String lineBreakEndingAt(int index) {
    String text = text();
    if (index >= 2 && text.startsWith("\r\n", index - 2)) {
      return "\r\n";
    }
    return index >= 1 ? text.substring(index - 1, index) : firstLineBreak();
  }

  private String firstLineBreak() {
    String text = text();
    for (int i = 0; i < text.length(); i++) {
      if (isLineBreak(text.charAt(i))) {
        return text.startsWith("\r\n", i) ? "\r\n" : text.substring(i, i + 1);
      }
    }
    return "\n";
  }

  /**
   * Whether {@code index} starts a line: it follows a line break, or the byte order mark that
   * starts the text (which no reader counts as part of the first line).
   */
  private static boolean isLineStart(String text, int index) {
    return index == 0
        || isLineBreak(text.charAt(index - 1))
        || (index == 1 && text.charAt(0) == BOM);
  }

  private static final char BOM = '\uFEFF';

  private static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r';
  }

  private static int keyIndex(MappingNode map, String key) {
    List<NodeTuple> tuples = map.getValue();
    for (int i = 0; i < tuples.size(); i++) {
      if (tuples.get(i).getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  /** Replaces code points {@code [start, end)} of the text. */
  private String splice(int start, int end, String replacement) {
    return spliceChars(composition.charIndex(start), composition.charIndex(end), replacement);
  }

  private String spliceChars(int start, int end, String replacement) {
    String text = text();
    return new StringBuilder(text.length() + replacement.length())
        .append(text, 0, start)
        .append(replacement)
        .append(text, end, text.length())
        .toString();
  }

  private YamlText verified(String edited, ExpectedEdit expected, Node target, YamlPath path) {
    Composition after;
    try {
      after = Composition.of(path(), edited, limits);
    } catch (InvalidManifestException e) {
      throw new InvalidManifestException(
          path(),
          Composition.line(target),
          Composition.column(target),
          "cannot change " + path + " safely: the edited text would not be valid YAML",
          e);
    }
    if (!expected.holds(composition.documents(), after.documents())) {
      throw composition.invalid(
          target,
          "cannot change "
              + path
              + " safely: the edit would change more than that value (is it shared through an"
              + " anchor?)");
    }
    return new YamlText(after, limits);
  }

  private Optional<Composition.Location> find(int document, YamlPath path) {
    Objects.requireNonNull(path, "path");
    if (document < 0 || document >= documentCount()) {
      return Optional.empty();
    }
    return composition.locate(document, path);
  }

  private Composition.Location existing(int document, YamlPath path) {
    if (document < 0 || document >= documentCount()) {
      throw new InvalidManifestException(
          path(), 0, 0, "has no document number " + (document + 1) + " to change");
    }
    return find(document, path)
        .orElseThrow(
            () ->
                composition.invalid(
                    composition.documents().get(document), "has nothing at " + path));
  }

  private YamlScalar toScalar(Node node, YamlPath path) {
    if (!(node instanceof ScalarNode scalar)) {
      throw composition.invalid(
          node, "has a mapping or sequence at " + path + " where a value was expected");
    }
    return new YamlScalar(
        scalar.getValue(),
        scalar.getTag().getValue(),
        styleOf(scalar.getScalarStyle()),
        Composition.line(scalar),
        Composition.column(scalar));
  }

  private static YamlScalar.Style styleOf(ScalarStyle style) {
    return switch (style) {
      case SINGLE_QUOTED -> YamlScalar.Style.SINGLE_QUOTED;
      case DOUBLE_QUOTED, JSON_SCALAR_STYLE -> YamlScalar.Style.DOUBLE_QUOTED;
      case LITERAL -> YamlScalar.Style.LITERAL;
      case FOLDED -> YamlScalar.Style.FOLDED;
      case PLAIN -> YamlScalar.Style.PLAIN;
    };
  }

  private static void requireWellFormed(String value) {
    Objects.requireNonNull(value, "value");
    if (!ScalarSyntax.isWellFormed(value)) {
      throw new IllegalArgumentException("the value contains an unpaired surrogate character");
    }
  }

  /** Equal when the texts and names are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof YamlText other
        && text().equals(other.text())
        && path().equals(other.path())
        && limits.equals(other.limits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text(), path(), limits);
  }

  @Override
  public String toString() {
    return "YamlText[" + path() + ", " + documentCount() + " document(s)]";
  }
}
