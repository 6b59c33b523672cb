package dev.promotion.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidChartException;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hostile or broken package is refused with a typed error, by {@code read} and by {@code
 * reversion}, and {@code reversion} never leaves a complete package in its output.
 */
@DisplayName("Hostile and broken chart packages")
class HostileArchivesTest {
  private static final ChartVersion RELEASE = ChartVersion.parse("0.2.0");

  @Test
  @DisplayName("an entry with '..' segments is refused")
  void parentSegments() {
    assertRefused(
        TestArchive.chart().file("api/../../etc/cron.d/x", "boom").tgz(),
        "parent directory",
        "api/../../etc/cron.d/x");
  }

  @Test
  @DisplayName("an entry with an absolute path is refused")
  void absolutePath() {
    assertRefused(
        TestArchive.chart().file("/etc/passwd", "root").tgz(), "absolute path", "/etc/passwd");
  }

  @Test
  @DisplayName("a symbolic link is refused")
  void symlink() {
    assertRefused(
        TestArchive.chart()
            .link("api/templates/secret.yaml", "/etc/shadow", TestArchive.SYMLINK)
            .tgz(),
        "symbolic link",
        "api/templates/secret.yaml");
  }

  @Test
  @DisplayName("a hard link is refused")
  void hardlink() {
    assertRefused(
        TestArchive.chart().link("api/values2.yaml", "api/values.yaml", TestArchive.HARDLINK).tgz(),
        "hard link",
        "api/values2.yaml");
  }

  @Test
  @DisplayName("a character device is refused")
  void characterDevice() {
    assertRefused(
        TestArchive.chart().special("api/null", TestArchive.CHARACTER_DEVICE).tgz(),
        "character device",
        "api/null");
  }

  @Test
  @DisplayName("a block device and a FIFO are refused")
  void blockDeviceAndFifo() {
    assertRefused(
        TestArchive.chart().special("api/sda", TestArchive.BLOCK_DEVICE).tgz(),
        "block device",
        "api/sda");
    assertRefused(
        TestArchive.chart().special("api/pipe", TestArchive.FIFO).tgz(), "FIFO", "api/pipe");
  }

  @Test
  @DisplayName("more entries than the limit are refused")
  void tooManyEntries() {
    // given
    TestArchive archive = TestArchive.chart();
    for (int i = 0; i < 20; i++) {
      archive.file("api/files/f" + i, "x");
    }
    ChartLimits limits = new ChartLimits(10, 1024, 1024 * 1024, 100, 1024);

    // then
    assertRefused(archive.tgz(), limits, "more than 10 entries", "api/files/f7");
  }

  @Test
  @DisplayName("an entry larger than the limit is refused from its header, before reading it")
  void entryTooLarge() {
    // given
    ChartLimits limits = new ChartLimits(100, 1000, 1024 * 1024, 100, 1024);

    // then
    assertRefused(
        TestArchive.chart().large("api/big.bin", 5000).tgz(),
        limits,
        "larger than 1000",
        "api/big.bin");
  }

  @Test
  @DisplayName("files adding up to more than the total limit are refused")
  void totalTooLarge() {
    // given
    ChartLimits limits = new ChartLimits(100, 1000, 2500, 100, 1024);
    TestArchive archive =
        TestArchive.chart().large("api/a.bin", 900).large("api/b.bin", 900).large("api/c.bin", 900);

    // then
    assertRefused(archive.tgz(), limits, "more than 2500 bytes", "api/c.bin");
  }

  @Test
  @DisplayName("a Chart.yaml larger than its limit is refused")
  void chartYamlTooLarge() {
    // given
    ChartLimits limits = new ChartLimits(100, 100_000, 1024 * 1024, 100, 64);

    // then
    assertRefused(TestArchive.chart().tgz(), limits, "Chart.yaml of", "api/Chart.yaml");
  }

  @Test
  @DisplayName("a gzip bomb of 1 GiB of zeros in ~1 MB is stopped early, without inflating it all")
  @Timeout(30)
  void gzipBomb(@TempDir Path dir) throws IOException {
    // given a chart whose second entry announces 1 GiB, every byte of it a zero
    Path bomb = dir.resolve("bomb.tgz");
    ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    prefix.write(header("api/Chart.yaml", TestArchive.CHART_YAML.length()));
    prefix.write(padded(TestArchive.CHART_YAML.getBytes()));
    prefix.write(header("api/zeros.bin", 1L << 30));
    try (OutputStream file = Files.newOutputStream(bomb)) {
      ZeroBomb.write(file, prefix.toByteArray(), 1024, new byte[1024]);
    }
    long size = Files.size(bomb);
    assertThat(size).isLessThan(2 * 1024 * 1024);
    ChartLimits generous = new ChartLimits(10_000, 2L << 30, 4L << 30, 100, 1 << 20);

    // when
    CountingStream input = new CountingStream(Files.newInputStream(bomb));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // then
    try (input) {
      assertThatThrownBy(() -> ChartPackages.reversion(input, out, RELEASE, generous))
          .isInstanceOf(InvalidChartException.class)
          .hasMessageContaining("more than 100 times its compressed size");
    }
    assertThat(input.count).as("compressed bytes read").isLessThan(size / 10);
    assertNotAPackage(out.toByteArray());
    try (InputStream again = Files.newInputStream(bomb)) {
      assertThatThrownBy(() -> ChartPackages.read(again))
          .as("with the default limits, the header alone is refused")
          .isInstanceOf(InvalidChartException.class)
          .hasMessageContaining("larger than");
    }
  }

  @Test
  @DisplayName("a gzip bomb inside a file under the size limit is stopped by its ratio")
  @Timeout(30)
  void gzipBombOfSmallFiles() throws IOException {
    // given a 4 MiB file of zeros, within the default limits, followed by 1 GiB more zeros
    ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    prefix.write(header("api/Chart.yaml", TestArchive.CHART_YAML.length()));
    prefix.write(padded(TestArchive.CHART_YAML.getBytes()));
    prefix.write(header("api/zeros/0", 4L << 20));
    ByteArrayOutputStream tgz = new ByteArrayOutputStream();
    ZeroBomb.write(tgz, prefix.toByteArray(), 1024, new byte[1024]);

    // then the defaults stop it after a few MiB, not at the 100 MiB total limit
    assertRefused(tgz.toByteArray(), "times its compressed size", null);
  }

  @Test
  @DisplayName("input that is not gzip is refused")
  void notGzip() {
    assertRefused(TestArchive.chart().tar(), "not a gzip-compressed tar archive", null);
    assertRefused(
        "apiVersion: v2\nname: api\n".getBytes(), "not a gzip-compressed tar archive", null);
    assertRefused(new byte[0], "not a gzip-compressed tar archive", null);
  }

  @Test
  @DisplayName("a truncated archive is refused, wherever it is cut")
  void truncated() {
    byte[] tgz = TestArchive.chart().file("api/README.md", "x".repeat(5000)).tgz();
    for (int cut : new int[] {tgz.length - 1, tgz.length - 8, tgz.length / 2, 20}) {
      assertRefused(Arrays.copyOf(tgz, cut), "truncated", null);
    }
  }

  @Test
  @DisplayName("a tar stream cut before its end-of-archive marker is refused as truncated")
  void missingEndMarker() throws IOException {
    // given
    byte[] tar = TestArchive.chart().tar();
    int end = tar.length;
    while (end > 0 && tar[end - 1] == 0) {
      end--;
    }
    int cut = (end + 511) / 512 * 512;
    ByteArrayOutputStream tgz = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(tgz)) {
      gzip.write(tar, 0, cut);
    }

    // then
    assertRefused(tgz.toByteArray(), "truncated", null);
  }

  @Test
  @DisplayName("a corrupted header checksum is refused")
  void corruptChecksum() throws IOException {
    // given
    byte[] tar = TestArchive.chart().tar();
    tar[101] ^= 0x01;
    ByteArrayOutputStream tgz = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(tgz)) {
      gzip.write(tar);
    }

    // then
    assertRefused(tgz.toByteArray(), "checksum", null);
  }

  @Test
  @DisplayName("a package without a top-level Chart.yaml is refused")
  void missingChartYaml() {
    assertRefused(
        TestArchive.of()
            .file("api/values.yaml", "a: 1\n")
            .file("api/charts/sub/Chart.yaml", "name: sub\nversion: 1.0.0\n")
            .tgz(),
        "no Chart.yaml in its top directory 'api/'",
        null);
    assertRefused(TestArchive.of().tgz(), "empty", null);
  }

  @Test
  @DisplayName("entries under two top directories are refused")
  void twoTopDirectories() {
    assertRefused(
        TestArchive.chart().file("other/Chart.yaml", "name: other\nversion: 1.0.0\n").tgz(),
        "one top directory",
        "other/Chart.yaml");
  }

  @Test
  @DisplayName("a file outside any directory is refused")
  void fileAtTheTop() {
    assertRefused(
        TestArchive.of().file("Chart.yaml", TestArchive.CHART_YAML).tgz(),
        "outside the chart's top directory",
        "Chart.yaml");
  }

  @Test
  @DisplayName("a Chart.yaml whose name differs from the top directory is refused")
  void nameMismatch() {
    assertRefused(
        TestArchive.of().file("web/Chart.yaml", TestArchive.CHART_YAML).tgz(),
        "names the chart 'api' but its top directory is 'web/'",
        "web/Chart.yaml");
  }

  @Test
  @DisplayName(
      "the same entry twice is refused, so a second Chart.yaml cannot hide behind the first")
  void duplicateEntry() {
    assertRefused(
        TestArchive.chart().file("api/Chart.yaml", "name: api\nversion: 9.9.9\n").tgz(),
        "same entry twice",
        "api/Chart.yaml");
  }

  @Test
  @DisplayName("backslashes, empty segments and control characters in names are refused")
  void oddNames() {
    assertRefused(TestArchive.chart().file("api\\..\\x", "x").tgz(), "backslash", "api\\..\\x");
    assertRefused(TestArchive.chart().file("api//x", "x").tgz(), "empty or '.' segment", "api//x");
    assertRefused(
        TestArchive.chart().file("api/./x", "x").tgz(), "empty or '.' segment", "api/./x");
    assertRefused(
        TestArchive.chart().file("api/x\u0007", "x").tgz(), "control character", "api/x\u0007");
    assertRefused(TestArchive.chart().file("C:/x/y", "x").tgz(), "absolute path", "C:/x/y");
  }

  @Test
  @DisplayName("a PAX header too large to be a name is refused without reading it into memory")
  void hugePaxHeader() {
    // given a PAX header whose one path record is a million bytes long
    int length = 1_000_000;
    String record = length + " path=api/" + "d".repeat(length - 18) + "\n";
    TestArchive archive =
        TestArchive.chart()
            .entry(
                tar -> {
                  TarArchiveEntry pax =
                      new TarArchiveEntry("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
                  pax.setSize(record.length());
                  try {
                    tar.putArchiveEntry(pax);
                    tar.write(record.getBytes());
                    tar.closeArchiveEntry();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                })
            .file("api/x", "x");

    // then
    assertRefused(archive.tgz(), "extended header of 1000000 bytes", null);
  }

  @Test
  @DisplayName("a GNU long name too large to be a name is refused without reading it into memory")
  void hugeGnuLongName() throws IOException {
    // given a GNU long-name entry of 1 MB before a file
    byte[] name = ("api/" + "n".repeat(1_000_000 - 4)).getBytes();
    byte[] tgz =
        tgz(
            chartEntries(),
            typed(header("././@LongLink", name.length), TarConstants.LF_GNUTYPE_LONGNAME),
            padded(name),
            header("api/x", 0));

    // then
    assertRefused(tgz, "extended header of 1000000 bytes", null);
  }

  @Test
  @DisplayName("a chain of PAX headers is refused after 8, before it can exhaust the stack")
  void paxHeaderChain() throws IOException {
    // given 10,000 PAX headers in a row (commons-compress recurses once per header)
    byte[] record = "14 path=api/x\n".getBytes();
    ByteArrayOutputStream chain = new ByteArrayOutputStream();
    for (int i = 0; i < 10_000; i++) {
      chain.write(
          typed(header("PaxHeaders/x", record.length), TarConstants.LF_PAX_EXTENDED_HEADER_LC));
      chain.write(padded(record));
    }
    byte[] tgz = tgz(chartEntries(), chain.toByteArray(), header("api/x", 0));

    // then
    assertRefused(tgz, "more than 8 extended headers in a row", null);
  }

  @Test
  @DisplayName("a sparse file is refused")
  void sparseFile() throws IOException {
    byte[] tgz =
        tgz(chartEntries(), typed(header("api/sparse", 0), TarConstants.LF_GNUTYPE_SPARSE));
    assertRefused(tgz, "sparse files are not supported", null);
  }

  @Test
  @DisplayName("a PAX 1.0 sparse file is refused before its sparse map is read")
  void paxSparseFile() throws IOException {
    // given PAX records announcing a GNU 1.0 sparse file, whose map claims 10^12 entries
    String records =
        "22 GNU.sparse.major=1\n" + "22 GNU.sparse.minor=0\n" + "28 GNU.sparse.realsize=1024\n";
    byte[] map = ("1000000000000\n" + "0\n0\n".repeat(1000)).getBytes();
    byte[] tgz =
        tgz(
            chartEntries(),
            typed(
                header("PaxHeaders/sparse", records.length()),
                TarConstants.LF_PAX_EXTENDED_HEADER_LC),
            padded(records.getBytes()),
            header("api/sparse", map.length),
            padded(map));

    // then
    assertRefused(tgz, "sparse files are not supported", null);
  }

  @Test
  @DisplayName("a zero block followed by another header is refused, not read as the end")
  void dataAfterZeroBlock() throws IOException {
    byte[] tgz = tgz(chartEntries(), new byte[512], header("api/hidden", 0));
    assertRefused(tgz, "a zero block is followed by data", null);
  }

  @Test
  @DisplayName("an entry name that is not UTF-8 is refused, not replaced with U+FFFD")
  void nameNotUtf8() throws IOException {
    // given a name whose last byte is 0xE9 alone (Latin-1 'e' acute)
    byte[] header = header("api/caf_", 1);
    header[7] = (byte) 0xe9;
    byte[] tgz = tgz(chartEntries(), checksummed(header), padded(new byte[] {'x'}));

    // then
    assertRefused(tgz, "not valid UTF-8", null);
  }

  @Test
  @DisplayName("an invalid Chart.yaml inside a package is an invalid manifest naming the entry")
  void invalidChartYaml() {
    // given
    byte[] tgz =
        TestArchive.of().file("api/Chart.yaml", "name: api\nversion: not-a-version\n").tgz();

    // then
    assertThatThrownBy(() -> ChartPackages.read(new ByteArrayInputStream(tgz)))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e -> {
              assertThat(e.path()).isEqualTo("api/Chart.yaml");
              assertThat(e.line()).contains(2);
            });
  }

  @Test
  @DisplayName("a Chart.yaml that is not UTF-8 is an invalid manifest")
  void chartYamlNotUtf8() {
    byte[] tgz = TestArchive.of().file("api/Chart.yaml", new byte[] {'n', 'a', (byte) 0xff}).tgz();
    assertThatThrownBy(() -> ChartPackages.read(new ByteArrayInputStream(tgz)))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  @DisplayName("a failing input stream is an I/O error, not a corrupt chart")
  void failingInput() {
    // given
    byte[] tgz = TestArchive.chart().tgz();
    InputStream failing =
        new FilterInputStream(new ByteArrayInputStream(tgz, 0, 40)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
              throw new IOException("connection reset");
            }
            return n;
          }
        };

    // then
    assertThatThrownBy(() -> ChartPackages.read(failing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("connection reset");
  }

  private static void assertRefused(byte[] tgz, String reason, String entry) {
    assertRefused(tgz, ChartLimits.defaults(), reason, entry);
  }

  /** Both read and reversion refuse it, and reversion leaves no complete package behind. */
  private static void assertRefused(byte[] tgz, ChartLimits limits, String reason, String entry) {
    assertThatThrownBy(() -> ChartPackages.read(new ByteArrayInputStream(tgz), limits))
        .isInstanceOfSatisfying(
            InvalidChartException.class,
            e -> {
              assertThat(e).hasMessageContaining(reason);
              if (entry != null) {
                assertThat(e.entry()).contains(entry);
              }
            });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(
            () -> ChartPackages.reversion(new ByteArrayInputStream(tgz), out, RELEASE, limits))
        .isInstanceOf(InvalidChartException.class)
        .hasMessageContaining(reason);
    assertNotAPackage(out.toByteArray());
  }

  private static void assertNotAPackage(byte[] written) {
    if (written.length > 0) {
      assertThatThrownBy(() -> ChartPackages.read(new ByteArrayInputStream(written)))
          .as("what reversion wrote before failing must not read as a package")
          .isInstanceOf(InvalidChartException.class);
    }
  }

  private static byte[] header(String name, long size) {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    byte[] header = new byte[512];
    entry.writeEntryHeader(header);
    return header;
  }

  /** The headers and contents of a small valid chart, without the end-of-archive marker. */
  private static byte[] chartEntries() throws IOException {
    ByteArrayOutputStream entries = new ByteArrayOutputStream();
    entries.write(header("api/Chart.yaml", TestArchive.CHART_YAML.length()));
    entries.write(padded(TestArchive.CHART_YAML.getBytes()));
    return entries.toByteArray();
  }

  /** The parts, then the end-of-archive marker, gzip-compressed. */
  private static byte[] tgz(byte[]... parts) throws IOException {
    ByteArrayOutputStream tgz = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(tgz)) {
      for (byte[] part : parts) {
        gzip.write(part);
      }
      gzip.write(new byte[1024]);
    }
    return tgz.toByteArray();
  }

  private static byte[] typed(byte[] header, byte type) {
    header[156] = type;
    return checksummed(header);
  }

  private static byte[] checksummed(byte[] header) {
    Arrays.fill(header, 148, 156, (byte) ' ');
    TarUtils.formatCheckSumOctalBytes(TarUtils.computeCheckSum(header), header, 148, 8);
    return header;
  }

  private static byte[] padded(byte[] content) {
    return Arrays.copyOf(content, (content.length + 511) / 512 * 512);
  }

  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(0, n);
      return n;
    }
  }
}
