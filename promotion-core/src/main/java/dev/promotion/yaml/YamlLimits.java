package dev.promotion.yaml;

/**
 * Limits applied while loading untrusted YAML, so that a hostile document fails fast with a clear
 * error instead of exhausting memory or the stack.
 *
 * @param maxCodePoints the largest text accepted, in Unicode code points
 * @param maxAliases the most aliases ({@code *name}) accepted in the whole text
 * @param maxDepth the deepest nesting of mappings and sequences accepted
 * @param maxDocuments the most documents accepted in one text
 */
public record YamlLimits(int maxCodePoints, int maxAliases, int maxDepth, int maxDocuments) {
  private static final int MIB = 1024 * 1024;

  public YamlLimits {
    if (maxCodePoints < 1) {
      throw new IllegalArgumentException("maxCodePoints must be positive: " + maxCodePoints);
    }
    if (maxAliases < 0) {
      throw new IllegalArgumentException("maxAliases cannot be negative: " + maxAliases);
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be positive: " + maxDepth);
    }
    if (maxDocuments < 1) {
      throw new IllegalArgumentException("maxDocuments must be positive: " + maxDocuments);
    }
  }

  /** 1 MiB of text, 50 aliases, 64 levels of nesting and 1000 documents. */
  public static YamlLimits defaults() {
    return new YamlLimits(MIB, 50, 64, 1000);
  }
}
