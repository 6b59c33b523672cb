package dev.promotion.chart;

import dev.promotion.error.InvalidChartException;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.spi.FileText;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads a chart package in one streaming pass, validating every entry against {@link ChartLimits}
 * and the chart layout, and hands each entry to a {@link Visitor}. Memory use does not grow with
 * the size of the package: contents are streamed, only {@code Chart.yaml} is held in memory.
 */
final class ChartArchiveReader {
  private final ChartLimits limits;

  /** Receives the entries of a valid package, in archive order. */
  interface Visitor {
    void directory(String name) throws IOException;

    void file(String name, long size, InputStream content) throws IOException;

    /**
     * The chart's own {@code Chart.yaml}, already checked against the top directory.
     *
     * @return the {@code Chart.yaml} whose metadata the read reports
     */
    ChartYaml chartYaml(String name, ChartYaml chartYaml) throws IOException;
  }

  ChartArchiveReader(ChartLimits limits) {
    this.limits = limits;
  }

  /**
   * Reads the whole package and returns the metadata of the {@code Chart.yaml} the visitor
   * returned.
   *
   * @throws InvalidChartException if the package is not gzip, is truncated or corrupt, breaks a
   *     limit, has an entry that escapes the top directory, a link, a device or a FIFO, or has no
   *     {@code Chart.yaml} matching its top directory
   * @throws InvalidManifestException if its {@code Chart.yaml} is invalid
   * @throws UncheckedIOException if reading the stream or writing through the visitor fails
   */
  ChartMetadata read(InputStream tgz, Visitor visitor) {
    CountingInputStream source = new CountingInputStream(tgz);
    try (GZIPInputStream gzip = openGzip(source)) {
      InflationGuard inflated =
          new InflationGuard(gzip, source, streamCap(), limits.maxCompressionRatio());
      ChartMetadata metadata = readEntries(new ChartTarInputStream(inflated), visitor);
      inflated.transferTo(OutputStream.nullOutputStream());
      return metadata;
    } catch (CountingInputStream.SourceIOException e) {
      throw new UncheckedIOException(
          "Cannot read the chart package: " + e.getMessage(), (IOException) e.getCause());
    } catch (PackageOutput.OutputIOException e) {
      throw new UncheckedIOException(
          "Cannot write the chart package: " + e.getMessage(), (IOException) e.getCause());
    } catch (EOFException e) {
      throw new InvalidChartException("the archive is truncated", null, e);
    } catch (IOException e) {
      throw new InvalidChartException("the archive is corrupt: " + e.getMessage(), null, e);
    }
  }

  /**
   * java.util.zip, not commons-compress: Helm writes a gzip "extra" field that is not made of RFC
   * 1952 subfields, which commons-compress refuses and Go (like java.util.zip) skips.
   */
  private static GZIPInputStream openGzip(CountingInputStream source) throws IOException {
    try {
      return new GZIPInputStream(source, 64 * 1024);
    } catch (CountingInputStream.SourceIOException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidChartException("it is not a gzip-compressed tar archive (.tgz)", null, e);
    }
  }

  /** The tar stream may exceed the content by its headers: allow 64 KiB of them per entry. */
  private long streamCap() {
    long cap = limits.maxTotalBytes() + 64L * 1024 * (limits.maxEntries() + 1L);
    return cap < 0 ? Long.MAX_VALUE : cap;
  }

  private ChartMetadata readEntries(ChartTarInputStream tar, Visitor visitor) throws IOException {
    Admission admission = new Admission(limits);
    ChartMetadata metadata = null;
    InputStream content = new EntryContent(tar);
    for (Optional<TarHeader> next = tar.nextHeader(); next.isPresent(); next = tar.nextHeader()) {
      TarHeader header = next.get();
      EntryName name = admission.admit(header);
      if (header.isDirectory()) {
        visitor.directory(name.path() + "/");
      } else if (name.isChartYaml()) {
        ChartYaml chartYaml = chartYaml(name, header, content, admission.top());
        metadata = visitor.chartYaml(name.path(), chartYaml).metadata();
      } else {
        visitor.file(name.path(), header.size(), content);
      }
    }
    if (metadata == null) {
      throw new InvalidChartException(
          admission.top() == null
              ? "the archive is empty"
              : "it has no Chart.yaml in its top directory '" + admission.top() + "/'");
    }
    return metadata;
  }

  /** The current entry's content as the visitor sees it: closing it keeps the archive open. */
  private static final class EntryContent extends FilterInputStream {
    EntryContent(ChartTarInputStream tar) {
      super(tar);
    }

    @Override
    public void close() {
      // the archive stays open for the next entry
    }
  }

  /** The checks every entry passes before its content is read, and what they remember. */
  private static final class Admission {
    private final ChartLimits limits;
    private final Set<String> names = new HashSet<>();
    private String top;
    private long total;
    private int entries;

    Admission(ChartLimits limits) {
      this.limits = limits;
    }

    String top() {
      return top;
    }

    EntryName admit(TarHeader header) {
      if (++entries > limits.maxEntries()) {
        throw new InvalidChartException(
            "it has more than " + limits.maxEntries() + " entries", header.name());
      }
      requireSupportedType(header);
      EntryName name = EntryName.of(header.name(), header.isDirectory());
      requireSameTop(name, header);
      if (!names.add(name.path())) {
        throw new InvalidChartException("it holds the same entry twice", header.name());
      }
      if (!header.isDirectory()) {
        requireSize(header);
      }
      return name;
    }

    private void requireSameTop(EntryName name, TarHeader header) {
      if (top == null) {
        top = name.top();
      } else if (!top.equals(name.top())) {
        throw new InvalidChartException(
            "its entries are not all under one top directory ('"
                + top
                + "/' and '"
                + name.top()
                + "/')",
            header.name());
      }
    }

    private void requireSize(TarHeader header) {
      if (header.size() > limits.maxEntryBytes()) {
        throw new InvalidChartException(
            "an entry of " + header.size() + " bytes is larger than " + limits.maxEntryBytes(),
            header.name());
      }
      total += header.size();
      if (total > limits.maxTotalBytes()) {
        throw new InvalidChartException(
            "its files add up to more than " + limits.maxTotalBytes() + " bytes", header.name());
      }
    }
  }

  private static void requireSupportedType(TarHeader header) {
    if (header.isFile() || header.isDirectory()) {
      return;
    }
    String what =
        switch (header.type()) {
          case '1' -> "a hard link";
          case '2' -> "a symbolic link";
          case '3' -> "a character device";
          case '4' -> "a block device";
          case '6' -> "a FIFO";
          default -> "an entry of unsupported type '" + header.type() + "'";
        };
    throw new InvalidChartException(
        "it contains " + what + "; only files and directories are allowed", header.name());
  }

  private ChartYaml chartYaml(EntryName name, TarHeader header, InputStream content, String top)
      throws IOException {
    if (header.size() > limits.maxChartYamlBytes()) {
      throw new InvalidChartException(
          "its Chart.yaml of "
              + header.size()
              + " bytes is larger than "
              + limits.maxChartYamlBytes(),
          header.name());
    }
    byte[] bytes = content.readNBytes((int) header.size());
    if (bytes.length < header.size()) {
      throw new EOFException("the archive ends inside Chart.yaml");
    }
    ChartYaml chartYaml = ChartYaml.parse(name.path(), decode(name.path(), bytes));
    if (!chartYaml.name().equals(top)) {
      throw new InvalidChartException(
          "its Chart.yaml names the chart '"
              + chartYaml.name()
              + "' but its top directory is '"
              + top
              + "/'",
          header.name());
    }
    return chartYaml;
  }

  /** Strict UTF-8, so that encoding the text again gives back the same bytes. */
  static String decode(String path, byte[] bytes) {
    return FileText.utf8(path, bytes);
  }
}
