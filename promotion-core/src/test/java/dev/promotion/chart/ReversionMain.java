package dev.promotion.chart;

import dev.promotion.version.ChartVersion;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Re-versions a package file into another file, for {@link StreamingReversionTest}, which runs it
 * in a child JVM with a small heap: {@code ReversionMain IN OUT VERSION}. Prints the metadata
 * written and the peak heap used.
 */
public final class ReversionMain {
  /** Limits large enough for the test's 200 MB file. */
  static final ChartLimits LARGE = new ChartLimits(100, 512L << 20, 1L << 30, 100, 1 << 20);

  private ReversionMain() {}

  public static void main(String[] args) throws IOException {
    ChartMetadata metadata;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(args[0])));
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])))) {
      metadata = ChartPackages.reversion(in, out, ChartVersion.parse(args[2]), LARGE);
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println(
        "metadata "
            + metadata.name()
            + " "
            + metadata.version()
            + " "
            + metadata.appVersion().orElse("-"));
    System.out.println("peak heap " + peak / (1024 * 1024) + " MiB");
  }
}
