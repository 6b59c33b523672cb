package dev.promotion.error;

import java.util.List;

/**
 * A short commit id matches several commits, so it names none of them; git refuses it the same way
 * ("short object ID ... is ambiguous"). Use the full commit id.
 */
public class AmbiguousCommitException extends ReferenceNotFoundException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> candidates;

  /**
   * @param candidates the full ids of the commits the short id matches
   */
  public AmbiguousCommitException(String shortId, List<String> candidates) {
    this(shortId, candidates, "Use the full commit id.");
  }

  /**
   * @param advice what to do next, in the caller's terms
   */
  public AmbiguousCommitException(String shortId, List<String> candidates, String advice) {
    super(
        shortId,
        "Short commit id '"
            + Printable.of(shortId)
            + "' is ambiguous: it matches "
            + candidates.size()
            + " commits ("
            + String.join(", ", candidates.stream().sorted().toList())
            + "). "
            + advice,
        (Throwable) null);
    this.candidates = List.copyOf(candidates);
  }

  /** The full ids of the commits the short id matches. */
  public List<String> candidates() {
    return candidates;
  }
}
