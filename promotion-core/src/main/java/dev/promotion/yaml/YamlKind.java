package dev.promotion.yaml;

/** What a YAML node is. */
public enum YamlKind {
  SCALAR,
  SEQUENCE,
  MAPPING
}
