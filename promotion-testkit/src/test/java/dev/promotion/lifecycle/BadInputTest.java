package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.Promotions;
import dev.promotion.error.InvalidChartException;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidReferenceException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.error.InvalidVersionException;
import dev.promotion.error.NotAReleaseCandidateException;
import dev.promotion.error.NothingDeployedException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.error.TagConflictException;
import dev.promotion.error.UnknownApplicationException;
import dev.promotion.error.UnknownEnvironmentException;
import dev.promotion.error.VersionAlreadyReleasedException;
import dev.promotion.spi.ChartContent;
import dev.promotion.testkit.fixture.GitOpsFixture;
import dev.promotion.version.Bump;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input ends in a typed error, and nothing is written anywhere. */
@DisplayName("Bad input")
class BadInputTest {
  @TempDir Path tmp;
  World world;
  Promotions promotions;

  @BeforeEach
  void world() {
    world = new World(tmp);
    promotions = world.promotions();
  }

  private void assertRejectedWithoutWrites(
      Class<? extends Throwable> type, ThrowingCallable operation) {
    World.Snapshot before = world.snapshot();

    assertThatThrownBy(operation).isInstanceOf(type);

    assertThat(world.snapshot()).isEqualTo(before);
  }

  private void releaseCandidateInStage() {
    world.publish("main");
    promotions.promote("api", "test");
    promotions.promote("api", "stage");
  }

  @Nested
  @DisplayName("versions and references")
  class VersionsAndReferences {
    @ParameterizedTest
    @ValueSource(strings = {"1.2", "01.2.3", "1.2.3+build", "99999999999999999999.0.0", "latest"})
    @DisplayName("a malformed or out-of-range version to roll back to")
    void malformedVersion(String version) {
      world.publish("main");
      assertRejectedWithoutWrites(
          InvalidVersionException.class,
          () -> promotions.rollback("api", "dev", Optional.of(ChartVersion.parse(version))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.1.0", "v0.1", "v0.1.0-rc.abc1234", "release", "v01.0.0"})
    @DisplayName("a hotfix tag that is not vX.Y.Z")
    void tagNotVxyz(String tag) {
      assertRejectedWithoutWrites(
          InvalidReferenceException.class, () -> promotions.startHotfix("api", tag));
    }

    @Test
    @DisplayName("a hotfix tag that does not exist")
    void tagMissing() {
      assertRejectedWithoutWrites(
          ReferenceNotFoundException.class, () -> promotions.startHotfix("api", "v9.9.9"));
    }

    @Test
    @DisplayName("a hotfix whose version is already released")
    void hotfixAlreadyReleased() {
      String commit = world.scm.resolveCommit("main");
      world.scm.tag("v0.1.0", commit);
      world.scm.tag("v0.1.1", commit);
      assertRejectedWithoutWrites(
          VersionAlreadyReleasedException.class, () -> promotions.startHotfix("api", "v0.1.0"));
    }

    @Test
    @DisplayName("a bump level that does not exist")
    void bumpLevel() {
      assertRejectedWithoutWrites(
          InvalidVersionException.class, () -> promotions.bumpVersion("api", Bump.parse("huge")));
    }

    @Test
    @DisplayName("a rollback to a version that never ran there")
    void rollbackToUnknownVersion() {
      world.publish("main");
      assertRejectedWithoutWrites(
          InvalidRequestException.class,
          () -> promotions.rollback("api", "dev", Optional.of(ChartVersion.parse("0.0.1"))));
    }
  }

  @Nested
  @DisplayName("environments and apps")
  class EnvironmentsAndApps {
    @Test
    @DisplayName("an unknown environment")
    void unknownEnvironment() {
      world.publish("main");
      assertRejectedWithoutWrites(
          UnknownEnvironmentException.class, () -> promotions.promote("api", "qa"));
    }

    @Test
    @DisplayName("an unknown app")
    void unknownApp() {
      assertRejectedWithoutWrites(
          UnknownApplicationException.class, () -> promotions.promote("web", "test"));
    }

    @Test
    @DisplayName("nothing deployed in the source environment")
    void nothingDeployed() {
      assertRejectedWithoutWrites(
          NothingDeployedException.class, () -> promotions.promote("api", "test"));
    }

    @Test
    @DisplayName(
        "promoting into the first environment, or a release candidate into the release"
            + " environment")
    void wrongTargets() {
      world.publish("main");
      assertRejectedWithoutWrites(
          InvalidRequestException.class, () -> promotions.promote("api", "dev"));
      world.promotions().promote("api", "test");
      world.promotions().promote("api", "stage");
      assertRejectedWithoutWrites(
          InvalidRequestException.class, () -> promotions.promote("api", "prod"));
    }

    @Test
    @DisplayName("stage holding a release instead of a release candidate")
    void stageHoldsRelease() {
      GitOpsFixture.on(world.store).env("stage").app("api").version("0.1.0");
      assertRejectedWithoutWrites(
          NotAReleaseCandidateException.class, () -> promotions.release("api"));
    }

    @Test
    @DisplayName("a release tag that already exists at another commit")
    void releaseTagElsewhere() {
      releaseCandidateInStage();
      String other = world.push("main", "Unrelated", "src/other.txt", "x\n");
      world.scm.tag("v0.1.0", other);
      assertRejectedWithoutWrites(TagConflictException.class, () -> promotions.release("api"));
    }

    @Test
    @DisplayName("nothing in stage to release")
    void nothingToRelease() {
      assertRejectedWithoutWrites(NothingDeployedException.class, () -> promotions.release("api"));
    }
  }

  @Nested
  @DisplayName("Chart.yaml")
  class ChartYamls {
    private void commitChartYaml(String text) {
      world.push("main", "Break the chart", "charts/api/Chart.yaml", text);
    }

    @Test
    @DisplayName("missing")
    void missing() {
      World other = new World(tmp.resolve("other"));
      Promotions noChart =
          Promotions.builder()
              .pipeline(World.PIPELINE)
              .application(
                  new dev.promotion.pipeline.Application("api", "api", "charts/none", "api"))
              .environments(other.store)
              .registry(other.registry)
              .sourceControl(other.scm)
              .settings(other.settings())
              .build();
      World.Snapshot before = other.snapshot();

      assertThatThrownBy(() -> noChart.bumpVersion("api", Bump.MINOR))
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining("charts/none/Chart.yaml");
      assertThat(other.snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName(
        "not UTF-8 (saved as Latin-1): refused naming ref and file, never rewritten with U+FFFD")
    void notUtf8() {
      world.clock.advance(java.time.Duration.ofMinutes(1));
      world
          .scm
          .branch("main")
          .commitBytes(
              "Save the chart as Latin-1",
              Map.of(
                  "charts/api/Chart.yaml",
                  "apiVersion: v2\nname: api\ndescription: Caf\u00e9\nversion: 0.1.0\n"
                      .getBytes(StandardCharsets.ISO_8859_1)));

      assertRejectedWithoutWrites(
          InvalidManifestException.class, () -> promotions.bumpVersion("api", Bump.PATCH));
      assertRejectedWithoutWrites(InvalidManifestException.class, () -> world.publish("main"));
      assertThatThrownBy(() -> promotions.bumpVersion("api", Bump.PATCH))
          .hasMessageStartingWith("main:charts/api/Chart.yaml: is not valid UTF-8");
    }

    @Test
    @DisplayName("without version")
    void withoutVersion() {
      commitChartYaml("apiVersion: v2\nname: api\n");
      assertRejectedWithoutWrites(InvalidManifestException.class, () -> world.publish("main"));
      assertRejectedWithoutWrites(
          InvalidManifestException.class, () -> promotions.bumpVersion("api", Bump.PATCH));
    }

    @Test
    @DisplayName("with an invalid version")
    void invalidVersion() {
      commitChartYaml("apiVersion: v2\nname: api\nversion: 1.2\n");
      assertRejectedWithoutWrites(
          InvalidManifestException.class, () -> promotions.bumpVersion("api", Bump.PATCH));
    }

    @Test
    @DisplayName("malformed YAML")
    void malformed() {
      commitChartYaml("apiVersion: v2\nname: [api\nversion: 0.1.0\n");
      assertRejectedWithoutWrites(
          InvalidManifestException.class, () -> promotions.bumpVersion("api", Bump.PATCH));
    }

    @Test
    @DisplayName("an alias bomb")
    void aliasBomb() {
      StringBuilder bomb = new StringBuilder("apiVersion: v2\nname: api\nversion: 0.1.0\n");
      bomb.append(
          "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
      for (char c = 'b'; c <= 'j'; c++) {
        char p = (char) (c - 1);
        bomb.append(c).append(": &").append(c).append(" [");
        for (int i = 0; i < 9; i++) {
          bomb.append(i == 0 ? "" : ",").append('*').append(p);
        }
        bomb.append("]\n");
      }
      commitChartYaml(bomb.toString());
      assertRejectedWithoutWrites(
          InvalidManifestException.class, () -> promotions.bumpVersion("api", Bump.PATCH));
    }

    @Test
    @DisplayName("deep nesting")
    void deepNesting() {
      String deep = "x: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
      commitChartYaml("apiVersion: v2\nname: api\nversion: 0.1.0\n" + deep);
      assertRejectedWithoutWrites(
          InvalidManifestException.class, () -> promotions.bumpVersion("api", Bump.PATCH));
    }
  }

  @Nested
  @DisplayName("chart archives pulled for a release")
  class ChartArchives {
    private ChartVersion rc;

    @BeforeEach
    void candidateOfMain() {
      rc = ChartVersion.parse("0.1.0").rc(world.scm.resolveCommit("main"));
    }

    private void assertReleaseRejected(byte[] archive) {
      world.registry.push("api", rc, ChartContent.of(archive), Map.of());
      GitOpsFixture.on(world.store).env("stage").app("api").version(rc);
      assertRejectedWithoutWrites(InvalidChartException.class, () -> promotions.release("api"));
    }

    @Test
    @DisplayName("an entry with ../")
    void dotDot() throws IOException {
      assertReleaseRejected(archive(entry("api/../../etc/passwd", "x")));
    }

    @Test
    @DisplayName("an absolute path")
    void absolute() throws IOException {
      assertReleaseRejected(archive(entry("/api/Chart.yaml", chartYaml())));
    }

    @Test
    @DisplayName("a symbolic link")
    void symlink() throws IOException {
      TarArchiveEntry link = new TarArchiveEntry("api/templates/x", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("/etc/passwd");
      assertReleaseRejected(archive(entry("api/Chart.yaml", chartYaml()), new Entry(link, null)));
    }

    @Test
    @DisplayName("a hard link")
    void hardlink() throws IOException {
      TarArchiveEntry link = new TarArchiveEntry("api/templates/x", TarArchiveEntry.LF_LINK);
      link.setLinkName("api/Chart.yaml");
      assertReleaseRejected(archive(entry("api/Chart.yaml", chartYaml()), new Entry(link, null)));
    }

    @Test
    @DisplayName("a device")
    void device() throws IOException {
      TarArchiveEntry dev = new TarArchiveEntry("api/templates/x", TarArchiveEntry.LF_CHR);
      assertReleaseRejected(archive(entry("api/Chart.yaml", chartYaml()), new Entry(dev, null)));
    }

    @Test
    @DisplayName("too many entries")
    void tooManyEntries() throws IOException {
      Entry[] entries = new Entry[20_001];
      entries[0] = entry("api/Chart.yaml", chartYaml());
      for (int i = 1; i < entries.length; i++) {
        entries[i] = entry("api/templates/f" + i + ".yaml", "");
      }
      assertReleaseRejected(archive(entries));
    }

    @Test
    @DisplayName("a gzip bomb")
    void gzipBomb() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(bytes);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        write(tar, entry("api/Chart.yaml", chartYaml()));
        long size = 512L * 1024 * 1024;
        TarArchiveEntry zeros = new TarArchiveEntry("api/templates/zeros");
        zeros.setSize(size);
        tar.putArchiveEntry(zeros);
        byte[] block = new byte[1 << 20];
        for (long written = 0; written < size; written += block.length) {
          tar.write(block);
        }
        tar.closeArchiveEntry();
      }
      assertThat(bytes.size()).isLessThan(2 * 1024 * 1024);
      assertReleaseRejected(bytes.toByteArray());
    }

    private String chartYaml() {
      return "apiVersion: v2\nname: api\nversion: " + rc + "\nappVersion: abc1234\n";
    }
  }

  record Entry(TarArchiveEntry header, byte[] content) {}

  static Entry entry(String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry header = new TarArchiveEntry(name, true);
    header.setSize(bytes.length);
    return new Entry(header, bytes);
  }

  static byte[] archive(Entry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gzip = new GzipCompressorOutputStream(bytes);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry entry : entries) {
        write(tar, entry);
      }
    }
    return bytes.toByteArray();
  }

  static void write(TarArchiveOutputStream tar, Entry entry) throws IOException {
    tar.putArchiveEntry(entry.header());
    if (entry.content() != null) {
      tar.write(entry.content());
    }
    tar.closeArchiveEntry();
  }
}
