package dev.promotion.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.spi.ChartContent;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digests of packages written here are part of the contract: a release chart pushed by one
 * version of this library must be re-created byte for byte by the next, or a resumed release meets
 * an "immutable artifact conflict". These digests were computed by the hand-written tar writer that
 * commons-compress replaced (commit "chart: pin package digests"), and the package and its inner
 * tar stream must keep them.
 */
@DisplayName("Package digests stay what earlier versions wrote")
class PinnedDigestsTest {
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");
  private static final ChartVersion RELEASE = ChartVersion.parse("0.2.0");

  @Test
  @DisplayName("a realistic chart directory packages to the same digest")
  void packagedDirectory(@TempDir Path dir) throws IOException {
    // given
    Path chart = HelmCompatibilityTest.realisticChart(dir.resolve("demo"));

    // when
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChartPackages.packageDirectory(chart, RC, "abc1234", out);

    // then
    assertDigests(
        out.toByteArray(),
        "sha256:580252c60cd4e7f67d0b1490279b58b5071b506623410266a35aa71d4dce69ae",
        "sha256:6c308c44e90d77d62c8ff9b0c2df3e0e28960a11b55bd2ad84734d3c606e6fe7");
  }

  @Test
  @DisplayName("re-versioning the same RC gives the same release digest")
  void reversionedPackage() {
    // given
    byte[] rc =
        TestArchive.chart()
            .directory("api/files")
            .file("api/files/data.bin", new byte[] {0, 1, 2, (byte) 0xff})
            .file("api/charts/redis/Chart.yaml", "name: redis\nversion: 17.0.0\n")
            .tgz();

    // then
    assertDigests(
        ChartPackagesTest.reversioned(rc, RELEASE),
        "sha256:ee0ecd8d0e62e5194fb792eb83851d074eaf6af2f0d6e4c25013f256020392ac",
        "sha256:1421aff3377019694c264ec3cf722e84ff77f935271c272ea155c38451ba6ac5");
  }

  @Test
  @DisplayName("long, exactly-100-byte, deep and non-ASCII names keep their headers")
  void awkwardNames() {
    // given names that take the USTAR prefix, fill the name field, need a PAX path, are not ASCII
    String exactly100 = "api/" + "n".repeat(96);
    String ustarSplit = "api/templates/" + "nested/".repeat(15) + "deployment.yaml";
    String longLeaf = "api/" + "l".repeat(120);
    String tooDeep = "api/templates/" + "nested/".repeat(40) + "deployment.yaml";
    byte[] rc =
        TestArchive.chart()
            .file(exactly100, "100")
            .directory("api/" + "d".repeat(99))
            .file(ustarSplit, "split")
            .file(longLeaf, "leaf")
            .file(tooDeep, "pax")
            .file("api/files/caf\u00e9-\u65e5\u672c.txt", "utf-8")
            .directory("api/files/\u00fcber")
            .tgz();

    // then
    assertDigests(
        ChartPackagesTest.reversioned(rc, RC),
        "sha256:22687ba847f61a5a4cde55c7049983f02773ca2d9cce02e2096ffad8728a17a7",
        "sha256:0e44cb04fa690c5ab7684072800aa8839e783ecb88daf32ca394cbc664031b5b");
  }

  private static void assertDigests(byte[] tgz, String packageDigest, String tarDigest) {
    assertThat(ChartContent.of(gunzip(tgz)).digest()).as("tar stream").isEqualTo(tarDigest);
    assertThat(ChartContent.of(tgz).digest()).as("package").isEqualTo(packageDigest);
  }

  private static byte[] gunzip(byte[] tgz) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
