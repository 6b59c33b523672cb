package dev.promotion.chart;

/**
 * Limits applied to chart packages and chart directories, which come from outside (a registry, a
 * repository) and must not exhaust memory, disk or time.
 *
 * @param maxEntries the most files and directories a package may hold
 * @param maxEntryBytes the largest uncompressed size of one file
 * @param maxTotalBytes the largest uncompressed size of all files together
 * @param maxCompressionRatio the largest ratio of uncompressed to compressed bytes; it is checked
 *     continuously while reading, once more than {@link #RATIO_FLOOR_BYTES} are inflated (tiny
 *     packages legitimately compress their tar padding very well)
 * @param maxChartYamlBytes the largest size of {@code Chart.yaml}
 */
public record ChartLimits(
    int maxEntries,
    long maxEntryBytes,
    long maxTotalBytes,
    long maxCompressionRatio,
    int maxChartYamlBytes) {

  /** Inflated bytes below which the compression ratio is not checked. */
  public static final long RATIO_FLOOR_BYTES = 1024 * 1024;

  private static final long MIB = 1024 * 1024;

  public ChartLimits {
    requirePositive("maxEntries", maxEntries);
    requirePositive("maxEntryBytes", maxEntryBytes);
    requirePositive("maxTotalBytes", maxTotalBytes);
    requirePositive("maxCompressionRatio", maxCompressionRatio);
    requirePositive("maxChartYamlBytes", maxChartYamlBytes);
  }

  private static void requirePositive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /**
   * Helm's own defaults for a chart (5 MiB per file, 100 MiB in total), 10 000 entries, a
   * compression ratio of 100 and a 1 MiB {@code Chart.yaml}.
   */
  public static ChartLimits defaults() {
    return new ChartLimits(10_000, 5 * MIB, 100 * MIB, 100, (int) MIB);
  }
}
