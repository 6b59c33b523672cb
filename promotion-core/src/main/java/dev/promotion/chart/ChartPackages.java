package dev.promotion.chart;

import dev.promotion.error.InvalidChartException;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads, re-versions and builds Helm chart packages ({@code .tgz}): a gzip-compressed tar whose
 * entries all live under one top directory named after the chart, with the chart's {@code
 * Chart.yaml} at {@code <name>/Chart.yaml}.
 *
 * <p>Packages are untrusted: they are read in one streaming pass under {@link ChartLimits} (entry
 * count, entry size, total size, compression ratio, {@code Chart.yaml} size), and entries that
 * escape the top directory, links, devices and FIFOs are refused. Memory use does not grow with the
 * size of a package.
 *
 * <p>Packages written here are deterministic: the same input gives the same bytes, hence the same
 * digest. Tar headers carry mtime 0, uid and gid 0, no user or group name, mode 0644 for files and
 * 0755 for directories; the gzip header carries mtime 0, no file name and the "unknown" OS byte.
 *
 * <p>None of these methods closes the streams passed in. A method that writes may have written part
 * of a package to {@code out} before it finds a problem late in the input; it then stops writing,
 * never completes the package and throws. Write to a temporary file and discard it on any
 * exception; never publish a partially written package.
 */
public final class ChartPackages {
  private ChartPackages() {}

  /** {@link #read(InputStream, ChartLimits)} with {@link ChartLimits#defaults()}. */
  public static ChartMetadata read(InputStream tgz) {
    return read(tgz, ChartLimits.defaults());
  }

  /**
   * Validates the whole package and returns the metadata of its top-level {@code Chart.yaml}.
   * Subcharts' {@code Chart.yaml} files are validated as entries but do not count as metadata.
   *
   * @throws InvalidChartException if the package is malformed, hostile or over a limit
   * @throws InvalidManifestException if its {@code Chart.yaml} is invalid
   * @throws UncheckedIOException if reading {@code tgz} fails
   */
  public static ChartMetadata read(InputStream tgz, ChartLimits limits) {
    return readChartYaml(tgz, limits).metadata();
  }

  /**
   * Validates the whole package, as {@link #read(InputStream, ChartLimits)}, and returns its
   * top-level {@code Chart.yaml} (its text exactly as stored), for example to derive a registry's
   * metadata from it.
   *
   * @throws InvalidChartException if the package is malformed, hostile or over a limit
   * @throws InvalidManifestException if its {@code Chart.yaml} is invalid
   * @throws UncheckedIOException if reading {@code tgz} fails
   */
  public static ChartYaml readChartYaml(InputStream tgz, ChartLimits limits) {
    Objects.requireNonNull(tgz, "tgz");
    Objects.requireNonNull(limits, "limits");
    ChartYaml[] top = new ChartYaml[1];
    new ChartArchiveReader(limits)
        .read(
            tgz,
            new ChartArchiveReader.Visitor() {
              @Override
              public void directory(String name) {
                // nothing to do: validation happens in the reader
              }

              @Override
              public void file(String name, long size, InputStream content) {
                // the reader skips the content, still through its limits
              }

              @Override
              public ChartYaml chartYaml(String name, ChartYaml chartYaml) {
                top[0] = chartYaml;
                return chartYaml;
              }
            });
    return top[0];
  }

  /**
   * {@link #reversion(InputStream, OutputStream, ChartVersion, ChartLimits)} with {@link
   * ChartLimits#defaults()}.
   */
  public static ChartMetadata reversion(InputStream tgz, OutputStream out, ChartVersion version) {
    return reversion(tgz, out, version, ChartLimits.defaults());
  }

  /**
   * Copies a package to {@code out} in one streaming pass, changing only the {@code version} of its
   * top-level {@code Chart.yaml} (surgically: every other byte of it is kept, {@code appVersion}
   * included). Every other entry is copied unchanged, in the same order; headers are rewritten
   * deterministically.
   *
   * @return the metadata of the package written
   * @throws InvalidChartException if the input package is malformed, hostile or over a limit
   * @throws InvalidManifestException if its {@code Chart.yaml} is invalid
   * @throws UncheckedIOException if reading {@code tgz} or writing {@code out} fails
   */
  public static ChartMetadata reversion(
      InputStream tgz, OutputStream out, ChartVersion version, ChartLimits limits) {
    Objects.requireNonNull(tgz, "tgz");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(limits, "limits");
    Reversioning reversioning = new Reversioning(out, version);
    try {
      ChartMetadata metadata = new ChartArchiveReader(limits).read(tgz, reversioning);
      reversioning.commit();
      return metadata;
    } catch (RuntimeException e) {
      try {
        reversioning.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * {@link #packageDirectory(Path, ChartVersion, String, OutputStream, ChartLimits)} with {@link
   * ChartLimits#defaults()}.
   */
  public static ChartMetadata packageDirectory(
      Path chartDir, ChartVersion version, String appVersion, OutputStream out) {
    return packageDirectory(chartDir, version, appVersion, out, ChartLimits.defaults());
  }

  /**
   * Packages a chart directory as {@code helm package --version V --app-version A} would: the files
   * {@code .helmignore} keeps (with Helm's rules), under {@code <name>/} where {@code name} comes
   * from {@code Chart.yaml} (the directory's own name does not matter), sorted by path, with {@code
   * version} and {@code appVersion} set surgically in {@code Chart.yaml}. Unlike Helm, files are
   * copied byte for byte (Helm re-serialises {@code Chart.yaml} and strips byte order marks) and
   * {@code charts/} is copied as it is (Helm re-packs subcharts as directories). Symbolic links are
   * followed if they stay inside the chart directory.
   *
   * @return the metadata of the package written
   * @throws InvalidChartException if there is no {@code Chart.yaml}, a symbolic link leaves the
   *     directory, a file is not regular, {@code .helmignore} is malformed, or a limit is broken
   * @throws InvalidManifestException if {@code Chart.yaml} is invalid
   * @throws UncheckedIOException if reading the directory or writing {@code out} fails
   */
  public static ChartMetadata packageDirectory(
      Path chartDir,
      ChartVersion version,
      String appVersion,
      OutputStream out,
      ChartLimits limits) {
    Objects.requireNonNull(chartDir, "chartDir");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(appVersion, "appVersion");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(limits, "limits");
    Path root = realDirectory(chartDir);
    ChartYaml chartYaml =
        readChartYaml(root, limits).withVersion(version).withAppVersion(appVersion);
    List<ChartDirectory.ChartFile> files = ChartDirectory.files(root, limits);
    try {
      writePackage(chartYaml, files, out);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot package the chart in " + chartDir + ": " + e.getMessage(), e);
    }
    return chartYaml.metadata();
  }

  /** Writes the files under the chart's name, with the edited Chart.yaml in place of the file. */
  private static void writePackage(
      ChartYaml chartYaml, List<ChartDirectory.ChartFile> files, OutputStream out)
      throws IOException {
    byte[] chartYamlBytes = chartYaml.text().getBytes(StandardCharsets.UTF_8);
    boolean chartYamlWritten = false;
    try (PackageWriter writer = PackageWriter.to(out)) {
      for (ChartDirectory.ChartFile file : files) {
        String name = chartYaml.name() + "/" + file.relativePath();
        if (file.relativePath().equals("Chart.yaml")) {
          writer.file(name, chartYamlBytes);
          chartYamlWritten = true;
        } else {
          try (InputStream content = Files.newInputStream(file.source())) {
            writer.file(name, file.size(), content);
          }
        }
      }
      if (!chartYamlWritten) {
        writer.file(chartYaml.name() + "/Chart.yaml", chartYamlBytes);
      }
      writer.commit();
    }
  }

  private static Path realDirectory(Path chartDir) {
    try {
      Path root = chartDir.toRealPath();
      if (!Files.isDirectory(root)) {
        throw new InvalidChartException(chartDir + " is not a directory");
      }
      return root;
    } catch (IOException e) {
      throw new InvalidChartException(chartDir + " does not exist or cannot be read", null, e);
    }
  }

  private static ChartYaml readChartYaml(Path root, ChartLimits limits) {
    Path file = root.resolve("Chart.yaml");
    try {
      if (!Files.isRegularFile(file)) {
        throw new InvalidChartException("the chart directory " + root + " has no Chart.yaml");
      }
      Path real = file.toRealPath();
      if (!real.startsWith(root)) {
        throw new InvalidChartException(
            "Chart.yaml is a symbolic link outside the chart directory", "Chart.yaml");
      }
      long size = Files.size(real);
      if (size > limits.maxChartYamlBytes()) {
        throw new InvalidChartException(
            "its Chart.yaml of " + size + " bytes is larger than " + limits.maxChartYamlBytes(),
            "Chart.yaml");
      }
      return ChartYaml.parse(
          file.toString(), ChartArchiveReader.decode(file.toString(), Files.readAllBytes(real)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** The visitor that re-versions: copies entries to a package writer opened on first use. */
  private static final class Reversioning implements ChartArchiveReader.Visitor {
    private final OutputStream out;
    private final ChartVersion version;
    private PackageWriter writer;

    Reversioning(OutputStream out, ChartVersion version) {
      this.out = out;
      this.version = version;
    }

    private PackageWriter writer() throws IOException {
      if (writer == null) {
        writer = PackageWriter.to(out);
      }
      return writer;
    }

    @Override
    public void directory(String name) throws IOException {
      writer().directory(name);
    }

    @Override
    public void file(String name, long size, InputStream content) throws IOException {
      writer().file(name, size, content);
    }

    @Override
    public ChartYaml chartYaml(String name, ChartYaml chartYaml) throws IOException {
      ChartYaml reversioned = chartYaml.withVersion(version);
      writer().file(name, reversioned.text().getBytes(StandardCharsets.UTF_8));
      return reversioned;
    }

    void commit() {
      try {
        writer().commit();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the chart package: " + e.getMessage(), e);
      }
    }

    void close() {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot release the chart package writer", e);
        }
      }
    }
  }
}
