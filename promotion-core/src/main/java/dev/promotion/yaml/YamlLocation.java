package dev.promotion.yaml;

import java.util.Objects;

/**
 * Where a node is in the text, and what it is.
 *
 * @param kind scalar, sequence or mapping
 * @param line the 1-based line of its first character (an anchor or tag counts)
 * @param column the 1-based column of its first character, in code points
 */
public record YamlLocation(YamlKind kind, int line, int column) {
  public YamlLocation {
    Objects.requireNonNull(kind, "kind");
  }
}
