package dev.promotion.registry.oci;

import dev.promotion.error.InvalidChartException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads the top-level {@code Chart.yaml} text of a chart package that {@link
 * dev.promotion.chart.ChartPackages#read} has already validated, for the Helm config blob.
 */
final class ChartPackageFiles {
  private static final int MAX_CHART_YAML = 1024 * 1024;

  private ChartPackageFiles() {}

  static String chartYaml(Path tgz, String chart) throws IOException {
    String wanted = chart + "/Chart.yaml";
    try (InputStream file = Files.newInputStream(tgz);
        TarArchiveInputStream tar =
            new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        String name =
            entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
        if (entry.isFile() && name.equals(wanted)) {
          return new String(readLimited(tar), StandardCharsets.UTF_8);
        }
      }
    }
    throw new InvalidChartException("there is no " + wanted, wanted);
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) > 0; ) {
      if (out.size() + n > MAX_CHART_YAML) {
        throw new InvalidChartException("Chart.yaml is larger than 1 MiB", "Chart.yaml");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
