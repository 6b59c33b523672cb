package dev.promotion.error;

import java.util.Optional;

/**
 * A chart package or directory that is malformed or hostile: entries escaping the chart root,
 * links, devices, too many entries, too much data, a compression bomb, or no {@code Chart.yaml}.
 */
public class InvalidChartException extends PromotionException {
  private static final long serialVersionUID = 1L;
  private final String entry;

  public InvalidChartException(String reason) {
    this(reason, null, null);
  }

  public InvalidChartException(String reason, String entry) {
    this(reason, entry, null);
  }

  public InvalidChartException(String reason, String entry, Throwable cause) {
    super(
        "Invalid chart package: "
            + reason
            + (entry == null ? "" : " (entry '" + Printable.of(entry) + "')")
            + ". Rebuild the chart with helm package.",
        cause);
    this.entry = entry;
  }

  /** The archive entry at fault, when there is one. */
  public Optional<String> entry() {
    return Optional.ofNullable(entry);
  }
}
