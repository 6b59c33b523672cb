package dev.promotion.error;

import java.util.Optional;

/**
 * A YAML document (an Argo CD manifest, a kustomization, a {@code Chart.yaml}) that is malformed,
 * too large, too deep, uses too many aliases, or lacks a required field.
 */
public class InvalidManifestException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final int line;
  private final int column;

  /**
   * @param path the file, as the user would name it
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param reason what is wrong, as a sentence fragment
   */
  public InvalidManifestException(String path, int line, int column, String reason) {
    this(path, line, column, reason, null);
  }

  public InvalidManifestException(
      String path, int line, int column, String reason, Throwable cause) {
    super(
        path
            + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "")
            + ": "
            + reason
            + ". Fix the file and run again.",
        cause);
    this.path = path;
    this.line = line;
    this.column = column;
  }

  public String path() {
    return path;
  }

  /** The 1-based line of the problem, when known. */
  public Optional<Integer> line() {
    return line > 0 ? Optional.of(line) : Optional.empty();
  }

  /** The 1-based column of the problem, when known. */
  public Optional<Integer> column() {
    return column > 0 ? Optional.of(column) : Optional.empty();
  }
}
