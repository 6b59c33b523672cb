package dev.promotion.yaml;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * What one edit is meant to change, checked by comparing the documents before and after: the node
 * at the target changed exactly as intended, and every other node is equal (same kind, tag, value,
 * style, anchor and sharing). Shared nodes are compared once, so aliases cannot make the comparison
 * blow up.
 */
abstract sealed class ExpectedEdit {
  private final int document;
  private final List<Integer> target;
  private final Map<Node, Node> matched = new IdentityHashMap<>();

  private ExpectedEdit(int document, List<Integer> target) {
    this.document = document;
    this.target = List.copyOf(target);
  }

  /** The scalar at {@code target} now holds the string {@code value}. */
  static ExpectedEdit replacement(int document, List<Integer> target, String value) {
    return new Replacement(document, target, value);
  }

  /** The mapping at {@code target} gained {@code key: value} as its entry number {@code at}. */
  static ExpectedEdit insertion(
      int document, List<Integer> target, int at, String key, String value) {
    return new Insertion(document, target, at, key, value);
  }

  /** The mapping at {@code target} lost its entry number {@code at}. */
  static ExpectedEdit removal(int document, List<Integer> target, int at) {
    return new Removal(document, target, at);
  }

  /** The sequence at {@code target} gained, last, a mapping of exactly {@code fields}. */
  static ExpectedEdit appended(
      int document, List<Integer> target, List<Map.Entry<String, String>> fields) {
    return new Appended(document, target, fields);
  }

  /** Whether {@code after} is {@code before} with exactly this edit applied. */
  final boolean holds(List<Node> before, List<Node> after) {
    if (before.size() != after.size()) {
      return false;
    }
    for (int i = 0; i < before.size(); i++) {
      if (!same(before.get(i), after.get(i), i == document ? 0 : -1)) {
        return false;
      }
    }
    return true;
  }

  abstract boolean changedAsIntended(Node before, Node after);

  /**
   * @param level how many steps of the target path lead here, or -1 when off that path
   */
  final boolean same(Node before, Node after, int level) {
    if (level == target.size()) {
      return changedAsIntended(before, after);
    }
    if (level < 0) {
      Node earlier = matched.get(before);
      if (earlier != null) {
        return earlier == after;
      }
      matched.put(before, after);
    }
    if (before.getNodeType() != after.getNodeType()
        || !before.getTag().equals(after.getTag())
        || !before.getAnchor().equals(after.getAnchor())) {
      return false;
    }
    if (before instanceof ScalarNode a && after instanceof ScalarNode b) {
      return a.getValue().equals(b.getValue()) && a.getScalarStyle() == b.getScalarStyle();
    }
    if (before instanceof SequenceNode a && after instanceof SequenceNode b) {
      return a.getFlowStyle() == b.getFlowStyle() && sameItems(a.getValue(), b.getValue(), level);
    }
    if (before instanceof MappingNode a && after instanceof MappingNode b) {
      return a.getFlowStyle() == b.getFlowStyle() && sameTuples(a.getValue(), b.getValue(), level);
    }
    return false;
  }

  private boolean sameItems(List<Node> before, List<Node> after, int level) {
    if (before.size() != after.size()) {
      return false;
    }
    for (int i = 0; i < before.size(); i++) {
      if (!same(before.get(i), after.get(i), next(level, i))) {
        return false;
      }
    }
    return true;
  }

  private boolean sameTuples(List<NodeTuple> before, List<NodeTuple> after, int level) {
    if (before.size() != after.size()) {
      return false;
    }
    for (int i = 0; i < before.size(); i++) {
      if (!same(before.get(i).getKeyNode(), after.get(i).getKeyNode(), -1)
          || !same(before.get(i).getValueNode(), after.get(i).getValueNode(), next(level, i))) {
        return false;
      }
    }
    return true;
  }

  private int next(int level, int index) {
    return level >= 0 && target.get(level) == index ? level + 1 : -1;
  }

  /**
   * Whether the mappings hold the same entries in the same order, but for entry {@code at} of the
   * one with one entry more (inserted into {@code after}, or removed from {@code before}).
   */
  final boolean sameEntriesBut(MappingNode before, MappingNode after, int at) {
    boolean inserted = after.getValue().size() > before.getValue().size();
    int kept = Math.min(before.getValue().size(), after.getValue().size());
    for (int i = 0; i < kept; i++) {
      int moved = i < at ? i : i + 1;
      NodeTuple was = before.getValue().get(inserted ? i : moved);
      NodeTuple is = after.getValue().get(inserted ? moved : i);
      if (!same(was.getKeyNode(), is.getKeyNode(), -1)
          || !same(was.getValueNode(), is.getValueNode(), -1)) {
        return false;
      }
    }
    return true;
  }

  static boolean isString(Node node, String value) {
    return node instanceof ScalarNode scalar
        && scalar.getTag().equals(Tag.STR)
        && scalar.getValue().equals(value);
  }

  private static final class Replacement extends ExpectedEdit {
    private final String value;

    Replacement(int document, List<Integer> target, String value) {
      super(document, target);
      this.value = Objects.requireNonNull(value);
    }

    @Override
    boolean changedAsIntended(Node before, Node after) {
      return before instanceof ScalarNode
          && isString(after, value)
          && before.getAnchor().equals(after.getAnchor());
    }
  }

  private static final class Insertion extends ExpectedEdit {
    private final int at;
    private final String key;
    private final String value;

    Insertion(int document, List<Integer> target, int at, String key, String value) {
      super(document, target);
      this.at = at;
      this.key = Objects.requireNonNull(key);
      this.value = Objects.requireNonNull(value);
    }

    @Override
    boolean changedAsIntended(Node before, Node after) {
      if (!(before instanceof MappingNode a)
          || !(after instanceof MappingNode b)
          || a.getFlowStyle() != b.getFlowStyle()
          || !a.getAnchor().equals(b.getAnchor())
          || b.getValue().size() != a.getValue().size() + 1) {
        return false;
      }
      NodeTuple inserted = b.getValue().get(at);
      return isString(inserted.getKeyNode(), key)
          && isString(inserted.getValueNode(), value)
          && sameEntriesBut(a, b, at);
    }
  }

  private static final class Removal extends ExpectedEdit {
    private final int at;

    Removal(int document, List<Integer> target, int at) {
      super(document, target);
      this.at = at;
    }

    @Override
    boolean changedAsIntended(Node before, Node after) {
      if (!(before instanceof MappingNode a)
          || !(after instanceof MappingNode b)
          || a.getFlowStyle() != b.getFlowStyle()
          || !a.getAnchor().equals(b.getAnchor())
          || b.getValue().size() != a.getValue().size() - 1) {
        return false;
      }
      return sameEntriesBut(a, b, at);
    }
  }

  private static final class Appended extends ExpectedEdit {
    private final List<Map.Entry<String, String>> fields;

    Appended(int document, List<Integer> target, List<Map.Entry<String, String>> fields) {
      super(document, target);
      this.fields = List.copyOf(fields);
    }

    @Override
    boolean changedAsIntended(Node before, Node after) {
      if (!(before instanceof SequenceNode a)
          || !(after instanceof SequenceNode b)
          || a.getFlowStyle() != b.getFlowStyle()
          || !a.getAnchor().equals(b.getAnchor())
          || b.getValue().size() != a.getValue().size() + 1) {
        return false;
      }
      for (int i = 0; i < a.getValue().size(); i++) {
        if (!same(a.getValue().get(i), b.getValue().get(i), -1)) {
          return false;
        }
      }
      if (!(b.getValue().get(a.getValue().size()) instanceof MappingNode item)
          || item.getValue().size() != fields.size()) {
        return false;
      }
      for (int i = 0; i < fields.size(); i++) {
        NodeTuple tuple = item.getValue().get(i);
        if (!isString(tuple.getKeyNode(), fields.get(i).getKey())
            || !isString(tuple.getValueNode(), fields.get(i).getValue())) {
          return false;
        }
      }
      return true;
    }
  }
}
