package dev.promotion.error;

import java.util.List;

/**
 * A path into a YAML file ({@code images[name=api].newTag}) whose step finds nothing, or whose list
 * selector matches more than one entry. The store never guesses: it names the file, the line of the
 * mapping or list the step looked in, and what is there instead.
 */
public class SelectorMatchException extends InvalidManifestException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_LISTED = 12;
  private final String selector;
  private final int matches;
  private final List<String> candidates;

  /**
   * @param path the file
   * @param line the 1-based line of the mapping or list the step looked in, or of the second match
   * @param column its 1-based column
   * @param selector the path up to and including the step that failed
   * @param matches how many entries matched: 0, or more than 1
   * @param candidates what is there instead: the keys of the mapping, or each list entry's selector
   *     fields with its line
   */
  public SelectorMatchException(
      String path, int line, int column, String selector, int matches, List<String> candidates) {
    super(path, line, column, reason(selector, matches, candidates));
    this.selector = selector;
    this.matches = matches;
    this.candidates = List.copyOf(candidates);
  }

  private static String reason(String selector, int matches, List<String> candidates) {
    String listed = listed(candidates);
    if (matches == 0) {
      return "has nothing at "
          + Printable.of(selector)
          + (candidates.isEmpty() ? " (nothing is there)" : " (there is " + listed + ")");
    }
    return "has "
        + matches
        + " entries that match "
        + Printable.of(selector)
        + " ("
        + listed
        + "); make the selector name exactly one, for example with one more field";
  }

  private static String listed(List<String> candidates) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < candidates.size() && i < MAX_LISTED; i++) {
      out.append(i == 0 ? "" : ", ").append(Printable.of(candidates.get(i)));
    }
    if (candidates.size() > MAX_LISTED) {
      out.append(" and ").append(candidates.size() - MAX_LISTED).append(" more");
    }
    return out.toString();
  }

  /** The path up to and including the step that failed. */
  public String selector() {
    return selector;
  }

  /** How many entries matched the failing step: 0, or more than 1. */
  public int matches() {
    return matches;
  }

  /** What is there instead, for the message. */
  public List<String> candidates() {
    return candidates;
  }
}
