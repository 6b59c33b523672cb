package dev.promotion.chart;

import dev.promotion.error.InvalidChartException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts bytes coming out of the decompressor and stops a compression bomb as soon as the total or
 * the ratio to the compressed bytes read so far goes over the limit, long before it is all
 * inflated.
 */
final class InflationGuard extends FilterInputStream {
  private final CountingInputStream compressed;
  private final long maxBytes;
  private final long maxRatio;
  private long inflated;

  InflationGuard(
      InputStream inflating, CountingInputStream compressed, long maxBytes, long maxRatio) {
    super(inflating);
    this.compressed = compressed;
    this.maxBytes = maxBytes;
    this.maxRatio = maxRatio;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
    long skipped = 0;
    while (skipped < n) {
      int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  private void count(int n) {
    inflated += n;
    if (inflated > maxBytes) {
      throw new InvalidChartException(
          "it inflates to more than " + maxBytes + " bytes (a compression bomb?)");
    }
    if (inflated > ChartLimits.RATIO_FLOOR_BYTES
        && inflated > maxRatio * Math.max(1, compressed.count())) {
      throw new InvalidChartException(
          "it inflates more than " + maxRatio + " times its compressed size (a compression bomb?)");
    }
  }
}
