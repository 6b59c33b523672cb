package dev.promotion.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidChartException;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.spi.ChartContent;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Chart packages")
class ChartPackagesTest {
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");
  private static final ChartVersion RELEASE = ChartVersion.parse("0.2.0");

  @Nested
  @DisplayName("reading")
  class Reading {

    @Test
    @DisplayName("the metadata comes from the top-level Chart.yaml, not from a subchart's")
    void topLevelMetadata() {
      // given a subchart whose Chart.yaml comes first
      byte[] tgz =
          TestArchive.of()
              .file("api/charts/redis/Chart.yaml", "name: redis\nversion: 17.0.0\n")
              .file("api/Chart.yaml", TestArchive.CHART_YAML)
              .tgz();

      // when
      ChartMetadata metadata = ChartPackages.read(new ByteArrayInputStream(tgz));

      // then
      assertThat(metadata)
          .isEqualTo(new ChartMetadata("api", ChartVersion.parse("0.1.0"), Optional.of("abc1234")));
    }

    @Test
    @DisplayName("PAX and GNU long names and directory entries are read")
    void longNames() {
      // given
      String longName = "api/templates/" + "nested/".repeat(40) + "deployment.yaml";
      byte[] pax = TestArchive.chart().directory("api/templates").file(longName, "x").tgz();
      TestArchive gnu =
          TestArchive.chart()
              .entry(tar -> tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU))
              .file(longName, "x");

      // then
      assertThat(ChartPackages.read(new ByteArrayInputStream(pax)).name()).isEqualTo("api");
      assertThat(ChartPackages.read(new ByteArrayInputStream(gnu.tgz())).name()).isEqualTo("api");
    }

    @Test
    @DisplayName("neither read nor reversion closes the streams it is given")
    void streamsStayOpen() {
      // given
      ClosingRecorder in = new ClosingRecorder(TestArchive.chart().tgz());
      ClosingRecorder again = new ClosingRecorder(TestArchive.chart().tgz());
      RecordingOutput out = new RecordingOutput();

      // when
      ChartPackages.read(in);
      ChartPackages.reversion(again, out, RC);

      // then
      assertThat(in.closed).isFalse();
      assertThat(again.closed).isFalse();
      assertThat(out.closed).isFalse();
    }
  }

  @Nested
  @DisplayName("re-versioning")
  class Reversioning {

    @Test
    @DisplayName("only version changes: same entries, same order, same contents, appVersion kept")
    void onlyVersionChanges() {
      // given
      byte[] tgz =
          TestArchive.chart()
              .directory("api/files")
              .file("api/files/data.bin", new byte[] {0, 1, 2, (byte) 0xff})
              .file("api/charts/redis/Chart.yaml", "name: redis\nversion: 17.0.0\n")
              .tgz();

      // when
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ChartMetadata metadata = ChartPackages.reversion(new ByteArrayInputStream(tgz), out, RC);

      // then
      assertThat(metadata).isEqualTo(new ChartMetadata("api", RC, Optional.of("abc1234")));
      Map<String, String> before = PackageEntries.of(tgz);
      Map<String, String> after = PackageEntries.of(out.toByteArray());
      assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
      before.forEach(
          (name, content) -> {
            if (name.equals("api/Chart.yaml")) {
              assertThat(after.get(name))
                  .isEqualTo(
                      content.replace(
                          "version: 0.1.0 # managed", "version: 0.2.0-rc.abc1234 # managed"));
            } else {
              assertThat(after.get(name)).as(name).isEqualTo(content);
            }
          });
      assertThat(ChartPackages.read(new ByteArrayInputStream(out.toByteArray())))
          .isEqualTo(metadata);
    }

    @Test
    @DisplayName("re-versioning the same input twice gives identical bytes")
    void deterministic() {
      // given two packages of the same chart built at different times
      byte[] first = TestArchive.chart().tgz();
      byte[] second = TestArchive.chart().entry(tar -> sleepBriefly()).tgz();

      // when
      byte[] a = reversioned(first, RELEASE);
      byte[] b = reversioned(first, RELEASE);
      byte[] c = reversioned(second, RELEASE);

      // then
      assertThat(a).isEqualTo(b);
      assertThat(ChartContent.of(a).digest()).isEqualTo(ChartContent.of(b).digest());
      assertThat(c).as("headers are normalised, so build time does not matter").isEqualTo(a);
      assertThat(reversioned(a, RELEASE)).as("re-versioning is idempotent").isEqualTo(a);
    }

    @Test
    @DisplayName("headers are normalised: mtime 0, uid and gid 0, no owner names, 0644 and 0755")
    void normalisedHeaders() {
      // given
      byte[] tgz = TestArchive.chart().directory("api/templates").tgz();

      // when
      byte[] out = reversioned(tgz, RC);

      // then
      List<String> seen = new ArrayList<>();
      PackageEntries.forEach(
          out,
          (entry, content) -> {
            seen.add(entry.getName());
            assertThat(entry.getModTime().getTime()).isZero();
            assertThat(entry.getLongUserId()).isZero();
            assertThat(entry.getLongGroupId()).isZero();
            assertThat(entry.getUserName()).isEmpty();
            assertThat(entry.getGroupName()).isEmpty();
            assertThat(entry.getMode() & 07777).isEqualTo(entry.isDirectory() ? 0755 : 0644);
          });
      assertThat(seen).contains("api/templates/", "api/Chart.yaml");
    }

    @Test
    @DisplayName("the gzip header has mtime 0, no name, no comment and the unknown OS byte")
    void gzipHeader() {
      // when
      byte[] out = reversioned(TestArchive.chart().tgz(), RC);

      // then
      assertThat(out[0]).isEqualTo((byte) 0x1f);
      assertThat(out[1]).isEqualTo((byte) 0x8b);
      assertThat(out[3]).as("flags: no name, comment, extra or header CRC").isZero();
      assertThat(new byte[] {out[4], out[5], out[6], out[7]}).containsOnly(0);
      assertThat(out[9]).isEqualTo((byte) 0xff);
    }

    @Test
    @DisplayName("long and non-ASCII names survive, through a USTAR prefix or a PAX record")
    void longNamesRoundTrip() {
      // given
      String ustar = "api/templates/" + "a".repeat(90) + "/" + "b".repeat(90) + ".yaml";
      String pax = "api/templates/" + "c".repeat(200) + ".yaml";
      String unicode = "api/files/\u00e9t\u00e9-\uD83D\uDE00.txt";
      byte[] tgz = TestArchive.chart().file(ustar, "1").file(pax, "2").file(unicode, "3").tgz();

      // when
      byte[] out = reversioned(tgz, RC);

      // then
      Map<String, String> entries = PackageEntries.of(out);
      assertThat(entries)
          .containsEntry(ustar, "1")
          .containsEntry(pax, "2")
          .containsEntry(unicode, "3");
      assertThat(ChartPackages.read(new ByteArrayInputStream(out)).version()).isEqualTo(RC);
    }

    @Test
    @DisplayName("a failing output stream is an I/O error and nothing complete is written")
    void failingOutput() {
      // given
      OutputStream failing =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              throw new IOException("disk full");
            }
          };

      // then
      assertThatThrownBy(
              () ->
                  ChartPackages.reversion(
                      new ByteArrayInputStream(TestArchive.chart().tgz()), failing, RC))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("disk full");
    }
  }

  @Nested
  @DisplayName("packaging a directory")
  class Packaging {

    @Test
    @DisplayName("entries are the chart's name plus sorted paths, with version and appVersion set")
    void packagesDirectory(@TempDir Path dir) throws IOException {
      // given a chart in a directory not named after it
      Path chart = dir.resolve("checkout");
      write(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: api # the name\nversion: 0.1.0\n");
      write(chart.resolve("values.yaml"), "image:\n  tag: \"\"\n");
      write(chart.resolve("templates/deployment.yaml"), "kind: Deployment\n");
      write(chart.resolve("templates/_helpers.tpl"), "{{/* helpers */}}\n");
      write(chart.resolve("README.md"), "# api\n");

      // when
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ChartMetadata metadata = ChartPackages.packageDirectory(chart, RC, "abc1234", out);

      // then
      assertThat(metadata).isEqualTo(new ChartMetadata("api", RC, Optional.of("abc1234")));
      Map<String, String> entries = PackageEntries.of(out.toByteArray());
      assertThat(entries.keySet())
          .containsExactly(
              "api/Chart.yaml",
              "api/README.md",
              "api/templates/_helpers.tpl",
              "api/templates/deployment.yaml",
              "api/values.yaml");
      assertThat(entries.get("api/Chart.yaml"))
          .isEqualTo(
              "apiVersion: v2\nname: api # the name\nversion: 0.2.0-rc.abc1234\nappVersion: abc1234\n");
      assertThat(ChartPackages.read(new ByteArrayInputStream(out.toByteArray())))
          .isEqualTo(metadata);
    }

    @Test
    @DisplayName("packaging twice gives identical bytes, whatever the files' times")
    void deterministic(@TempDir Path dir) throws IOException {
      // given
      Path chart = dir.resolve("api");
      write(chart.resolve("Chart.yaml"), TestArchive.CHART_YAML);
      write(chart.resolve("templates/a.yaml"), "a: 1\n");
      ByteArrayOutputStream first = new ByteArrayOutputStream();
      ChartPackages.packageDirectory(chart, RC, "abc1234", first);

      // when
      Files.setLastModifiedTime(
          chart.resolve("templates/a.yaml"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
      ByteArrayOutputStream second = new ByteArrayOutputStream();
      ChartPackages.packageDirectory(chart, RC, "abc1234", second);

      // then
      assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
    }

    @Test
    @DisplayName(".helmignore leaves out what Helm leaves out, and templates/ dotfiles always")
    void honoursHelmignore(@TempDir Path dir) throws IOException {
      // given
      Path chart = dir.resolve("api");
      write(chart.resolve("Chart.yaml"), TestArchive.CHART_YAML);
      write(
          chart.resolve(".helmignore"),
          "# comment\n*.bak\n/ci/\ndocs/\ntemplates/tests/*.txt\n.git\n");
      write(chart.resolve("values.yaml.bak"), "x");
      write(chart.resolve("templates/deployment.yaml.bak"), "x");
      write(chart.resolve("templates/deployment.yaml"), "x");
      write(chart.resolve("templates/tests/note.txt"), "x");
      write(chart.resolve("templates/tests/test.yaml"), "x");
      write(chart.resolve("templates/.hidden"), "x");
      write(chart.resolve("ci/values.yaml"), "x");
      write(chart.resolve("docs/a.md"), "x");
      write(chart.resolve("sub/docs/b.md"), "x");
      write(chart.resolve(".git/HEAD"), "x");

      // when
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ChartPackages.packageDirectory(chart, RC, "a", out);

      // then
      assertThat(PackageEntries.of(out.toByteArray()).keySet())
          .containsExactly(
              "api/.helmignore",
              "api/Chart.yaml",
              "api/templates/deployment.yaml",
              "api/templates/tests/test.yaml");
    }

    @Test
    @DisplayName("symbolic links inside the chart are followed, as Helm does")
    void followsInnerLinks(@TempDir Path dir) throws IOException {
      // given
      Path chart = dir.resolve("api");
      write(chart.resolve("Chart.yaml"), TestArchive.CHART_YAML);
      write(chart.resolve("shared/common.yaml"), "common: true\n");
      Files.createSymbolicLink(chart.resolve("values.yaml"), chart.resolve("shared/common.yaml"));
      Files.createSymbolicLink(chart.resolve("templates"), Path.of("shared"));

      // when
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ChartPackages.packageDirectory(chart, RC, "a", out);

      // then
      assertThat(PackageEntries.of(out.toByteArray()))
          .containsEntry("api/values.yaml", "common: true\n")
          .containsEntry("api/templates/common.yaml", "common: true\n")
          .containsEntry("api/shared/common.yaml", "common: true\n");
    }

    @Test
    @DisplayName("a symbolic link leaving the chart directory is refused")
    void refusesEscapingLinks(@TempDir Path dir) throws IOException {
      // given
      Path chart = dir.resolve("api");
      write(chart.resolve("Chart.yaml"), TestArchive.CHART_YAML);
      write(dir.resolve("secret.txt"), "secret");
      Files.createSymbolicLink(chart.resolve("values.yaml"), dir.resolve("secret.txt"));

      // then
      assertThatThrownBy(
              () -> ChartPackages.packageDirectory(chart, RC, "a", new ByteArrayOutputStream()))
          .isInstanceOfSatisfying(
              InvalidChartException.class,
              e -> {
                assertThat(e).hasMessageContaining("outside the chart directory");
                assertThat(e.entry()).contains("values.yaml");
              });
    }

    @Test
    @DisplayName("a symbolic link out of the chart that .helmignore leaves out does no harm")
    void ignoredEscapingLink(@TempDir Path dir) throws IOException {
      // given
      Path chart = dir.resolve("api");
      write(chart.resolve("Chart.yaml"), TestArchive.CHART_YAML);
      write(chart.resolve(".helmignore"), "node_modules/\nsecret.txt\n");
      Files.createDirectories(dir.resolve("elsewhere"));
      write(dir.resolve("secret.txt"), "secret");
      Files.createSymbolicLink(chart.resolve("node_modules"), dir.resolve("elsewhere"));
      Files.createSymbolicLink(chart.resolve("secret.txt"), dir.resolve("secret.txt"));

      // when
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ChartPackages.packageDirectory(chart, RC, "a", out);

      // then
      assertThat(PackageEntries.of(out.toByteArray()).keySet())
          .containsExactly("api/.helmignore", "api/Chart.yaml");
    }

    @Test
    @DisplayName("a symbolic link loop and a dangling link are refused")
    void refusesLoops(@TempDir Path dir) throws IOException {
      // given
      Path chart = dir.resolve("api");
      write(chart.resolve("Chart.yaml"), TestArchive.CHART_YAML);
      Files.createDirectories(chart.resolve("templates"));
      Files.createSymbolicLink(chart.resolve("templates/loop"), Path.of(".."));

      // then
      assertThatThrownBy(
              () -> ChartPackages.packageDirectory(chart, RC, "a", new ByteArrayOutputStream()))
          .isInstanceOf(InvalidChartException.class)
          .hasMessageContaining("loops back");
      Files.delete(chart.resolve("templates/loop"));
      Files.createSymbolicLink(chart.resolve("templates/gone"), Path.of("nowhere"));
      assertThatThrownBy(
              () -> ChartPackages.packageDirectory(chart, RC, "a", new ByteArrayOutputStream()))
          .isInstanceOf(InvalidChartException.class)
          .hasMessageContaining("points to nothing");
    }

    @Test
    @DisplayName("a directory without Chart.yaml, or with an invalid one, is refused")
    void refusesMissingChartYaml(@TempDir Path dir) throws IOException {
      // given
      Path chart = dir.resolve("api");
      write(chart.resolve("values.yaml"), "a: 1\n");

      // then
      assertThatThrownBy(
              () -> ChartPackages.packageDirectory(chart, RC, "a", new ByteArrayOutputStream()))
          .isInstanceOf(InvalidChartException.class)
          .hasMessageContaining("no Chart.yaml");
      write(chart.resolve("Chart.yaml"), "name: api\n");
      assertThatThrownBy(
              () -> ChartPackages.packageDirectory(chart, RC, "a", new ByteArrayOutputStream()))
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining("version");
    }

    @Test
    @DisplayName("the limits apply to directories too")
    void limits(@TempDir Path dir) throws IOException {
      // given
      Path chart = dir.resolve("api");
      write(chart.resolve("Chart.yaml"), TestArchive.CHART_YAML);
      write(chart.resolve("big.bin"), "x".repeat(2000));
      ChartLimits limits = new ChartLimits(100, 1000, 100_000, 100, 1000);

      // then
      assertThatThrownBy(
              () ->
                  ChartPackages.packageDirectory(
                      chart, RC, "a", new ByteArrayOutputStream(), limits))
          .isInstanceOf(InvalidChartException.class)
          .hasMessageContaining("larger than 1000");
    }
  }

  static byte[] reversioned(byte[] tgz, ChartVersion version) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChartPackages.reversion(new ByteArrayInputStream(tgz), out, version);
    return out.toByteArray();
  }

  static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(1100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class ClosingRecorder extends ByteArrayInputStream {
    boolean closed;

    ClosingRecorder(byte[] bytes) {
      super(bytes);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static final class RecordingOutput extends ByteArrayOutputStream {
    boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }
}
