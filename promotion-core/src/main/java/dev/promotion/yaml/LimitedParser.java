package dev.promotion.yaml;

import dev.promotion.error.InvalidManifestException;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * A parser that enforces {@link YamlLimits} on the event stream, before the composer builds
 * anything: nesting depth (the composer recurses, so this bounds its stack), aliases, documents and
 * tags. It also records where each alias is written, which the composed tree does not keep.
 */
final class LimitedParser implements Parser {
  private static final Set<String> ALLOWED_TAGS =
      Set.of(
          "!",
          Tag.STR.getValue(),
          Tag.INT.getValue(),
          Tag.FLOAT.getValue(),
          Tag.BOOL.getValue(),
          Tag.NULL.getValue(),
          Tag.SEQ.getValue(),
          Tag.MAP.getValue());

  private final Parser delegate;
  private final String path;
  private final YamlLimits limits;
  private final NavigableMap<Integer, Integer> aliasEnds = new TreeMap<>();
  private int depth;
  private int aliases;
  private int documents;

  LimitedParser(Parser delegate, String path, YamlLimits limits) {
    this.delegate = delegate;
    this.path = path;
    this.limits = limits;
  }

  /** Start index to end index (in code points) of every alias, in text order. */
  NavigableMap<Integer, Integer> aliasEnds() {
    return aliasEnds;
  }

  @Override
  public boolean checkEvent(Event.ID id) {
    return delegate.checkEvent(id);
  }

  @Override
  public Event peekEvent() {
    return delegate.peekEvent();
  }

  @Override
  public boolean hasNext() {
    return delegate.hasNext();
  }

  @Override
  public Event next() {
    Event event = delegate.next();
    switch (event.getEventId()) {
      case DocumentStart -> countDocument(event);
      case MappingStart, SequenceStart -> {
        enterCollection(event);
        requireAllowedTag(event, ((CollectionStartEvent) event).getTag());
      }
      case MappingEnd, SequenceEnd -> depth--;
      case Scalar -> requireAllowedTag(event, ((ScalarEvent) event).getTag());
      case Alias -> countAlias((AliasEvent) event);
      default -> {
        // stream start and end, document end: nothing to check
      }
    }
    return event;
  }

  private void countDocument(Event event) {
    if (++documents > limits.maxDocuments()) {
      throw fail(event, "has more than " + limits.maxDocuments() + " documents");
    }
  }

  private void enterCollection(Event event) {
    if (++depth > limits.maxDepth()) {
      throw fail(
          event, "nests mappings and sequences deeper than " + limits.maxDepth() + " levels");
    }
  }

  private void countAlias(AliasEvent event) {
    if (++aliases > limits.maxAliases()) {
      throw fail(
          event,
          "uses more than "
              + limits.maxAliases()
              + " aliases (a document that multiplies aliases can exhaust memory)");
    }
    aliasEnds.put(index(event.getStartMark()), index(event.getEndMark()));
  }

  private void requireAllowedTag(Event event, Optional<String> tag) {
    if (tag.isPresent() && !ALLOWED_TAGS.contains(tag.get())) {
      throw fail(
          event,
          "uses the tag '"
              + tag.get()
              + "'; only the standard tags !!str, !!int, !!float, !!bool, !!null, !!seq and !!map"
              + " are accepted");
    }
  }

  private static int index(Optional<Mark> mark) {
    return mark.map(Mark::getIndex).orElse(0);
  }

  private InvalidManifestException fail(Event event, String reason) {
    Optional<Mark> mark = event.getStartMark();
    return new InvalidManifestException(
        path,
        mark.map(m -> m.getLine() + 1).orElse(0),
        mark.map(m -> m.getColumn() + 1).orElse(0),
        reason);
  }
}
