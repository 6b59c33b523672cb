package dev.promotion.cli.config;

import dev.promotion.error.PromotionException;
import dev.promotion.yaml.YamlLocation;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlText;
import java.util.Optional;

/** {@code promotion.yaml} is wrong: where (file, line, column), what, and a hint to fix it. */
public class ConfigurationException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final int line;
  private final int column;
  private final String hint;

  /**
   * @param line 1-based, or 0 when unknown
   * @param column 1-based, or 0 when unknown
   */
  public ConfigurationException(String file, int line, int column, String reason, String hint) {
    super(
        file
            + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "")
            + ": "
            + reason
            + ". "
            + hint);
    this.file = file;
    this.line = line;
    this.column = column;
    this.hint = hint;
  }

  /** The problem at {@code path} of {@code text}, located by line and column when it is there. */
  static ConfigurationException at(
      String file, YamlText text, YamlPath path, String reason, String hint) {
    Optional<YamlLocation> location = text.locate(0, path);
    return new ConfigurationException(
        file,
        location.map(YamlLocation::line).orElse(0),
        location.map(YamlLocation::column).orElse(0),
        reason,
        hint);
  }

  public String file() {
    return file;
  }

  public Optional<Integer> line() {
    return line > 0 ? Optional.of(line) : Optional.empty();
  }

  public Optional<Integer> column() {
    return column > 0 ? Optional.of(column) : Optional.empty();
  }

  public String hint() {
    return hint;
  }
}
