package dev.promotion;

import dev.promotion.chart.ChartMetadata;
import dev.promotion.chart.ChartPackages;
import dev.promotion.chart.ChartYaml;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.FileText;
import dev.promotion.spi.SourceControl;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reading {@code Chart.yaml} from source control and producing chart packages in a spool. */
final class ChartFiles {
  private ChartFiles() {}

  /**
   * The app's {@code Chart.yaml} at a ref.
   *
   * @throws InvalidManifestException when it is missing or invalid
   */
  static ChartYaml chartYaml(SourceControl scm, Application app, String ref) {
    String path = app.chartYamlPath();
    String text =
        scm.readFile(ref, path)
            .orElseThrow(
                () ->
                    new InvalidManifestException(
                        path,
                        0,
                        0,
                        "there is no Chart.yaml at " + ref + " (chart path " + path + ")"));
    return ChartYaml.parse(ref + ":" + path, text);
  }

  /** Packages a chart directory as {@code version} into the spool. */
  static ChartContent packageDirectory(
      Spool spool, Application app, Path chartDir, ChartVersion version, String appVersion) {
    Path file = spool.newFile();
    ChartMetadata metadata;
    try (OutputStream out = Spool.output(file)) {
      metadata = ChartPackages.packageDirectory(chartDir, version, appVersion, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    requireChartName(app, metadata);
    return ChartContent.of(file);
  }

  /** Pulls {@code candidate} and re-versions it as {@code version}, both through the spool. */
  static ChartContent reversion(
      Spool spool,
      ChartRegistry registry,
      Application app,
      ChartVersion candidate,
      ChartVersion version) {
    Path pulled = spool.newFile();
    try (OutputStream out = Spool.output(pulled)) {
      registry.pull(app.chartName(), candidate, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path released = spool.newFile();
    ChartMetadata metadata;
    try (InputStream in = Files.newInputStream(pulled);
        OutputStream out = Spool.output(released)) {
      metadata = ChartPackages.reversion(in, out, version);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    requireChartName(app, metadata);
    return ChartContent.of(released);
  }

  /**
   * Whether a chart in the registry holds the same files as {@code content}, byte for byte once
   * decompressed. Two runtimes may compress identical archives differently (their zlib differs), so
   * a digest mismatch alone does not prove different content.
   */
  static boolean sameContent(
      Spool spool, ChartRegistry registry, ChartArtifact existing, ChartContent content) {
    Path pulled = spool.newFile();
    try (OutputStream out = Spool.output(pulled)) {
      registry.pull(existing.chart(), existing.version(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (InputStream a = new GZIPInputStream(Files.newInputStream(pulled), 64 * 1024);
        InputStream b = new GZIPInputStream(content.open(), 64 * 1024)) {
      return sameBytes(a, b);
    } catch (ZipException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean sameBytes(InputStream a, InputStream b) throws IOException {
    byte[] left = new byte[64 * 1024];
    byte[] right = new byte[64 * 1024];
    while (true) {
      int n = a.readNBytes(left, 0, left.length);
      int m = b.readNBytes(right, 0, right.length);
      if (n != m || !java.util.Arrays.equals(left, 0, n, right, 0, m)) {
        return false;
      }
      if (n < left.length) {
        return true;
      }
    }
  }

  /** The chart directory's own {@code Chart.yaml}. */
  static ChartYaml localChartYaml(Path chartDir) {
    Path file = chartDir.resolve("Chart.yaml");
    if (!Files.isRegularFile(file)) {
      throw new InvalidManifestException(file.toString(), 0, 0, "there is no Chart.yaml");
    }
    try {
      return ChartYaml.parse(
          file.toString(), FileText.utf8(file.toString(), Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void requireChartName(Application app, ChartMetadata metadata) {
    if (!metadata.name().equals(app.chartName())) {
      throw new InvalidRequestException(
          "The chart is named '"
              + metadata.name()
              + "' but app "
              + app.name()
              + " expects chart '"
              + app.chartName()
              + "'. Fix the app's chart name or the chart's Chart.yaml.");
    }
  }
}
