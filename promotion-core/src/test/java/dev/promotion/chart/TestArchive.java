package dev.promotion.chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds chart packages in memory with commons-compress, including hostile ones. */
final class TestArchive {
  static final String CHART_YAML =
      """
      apiVersion: v2
      name: api
      version: 0.1.0 # managed
      appVersion: "abc1234"
      """;

  private final List<Consumer<TarArchiveOutputStream>> entries = new ArrayList<>();

  static TestArchive of() {
    return new TestArchive();
  }

  /** A small valid chart named {@code api}. */
  static TestArchive chart() {
    return of().file("api/Chart.yaml", CHART_YAML)
        .file("api/values.yaml", "image:\n  tag: \"\"\n")
        .file("api/templates/deployment.yaml", "kind: Deployment\n");
  }

  TestArchive file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  TestArchive file(String name, byte[] content) {
    return entry(
        tar -> {
          TarArchiveEntry entry = new TarArchiveEntry(name, true);
          entry.setSize(content.length);
          put(tar, entry, content);
        });
  }

  TestArchive directory(String name) {
    return entry(
        tar -> put(tar, new TarArchiveEntry(name.endsWith("/") ? name : name + "/"), new byte[0]));
  }

  TestArchive link(String name, String target, byte type) {
    return entry(
        tar -> {
          TarArchiveEntry entry = new TarArchiveEntry(name, type);
          entry.setLinkName(target);
          put(tar, entry, new byte[0]);
        });
  }

  TestArchive special(String name, byte type) {
    return entry(tar -> put(tar, new TarArchiveEntry(name, type), new byte[0]));
  }

  /** An entry whose header announces {@code size} bytes, with that many zero bytes. */
  TestArchive large(String name, long size) {
    return entry(
        tar -> {
          TarArchiveEntry entry = new TarArchiveEntry(name);
          entry.setSize(size);
          try {
            tar.putArchiveEntry(entry);
            byte[] zeros = new byte[64 * 1024];
            for (long left = size; left > 0; left -= zeros.length) {
              tar.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
            tar.closeArchiveEntry();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  TestArchive entry(Consumer<TarArchiveOutputStream> entry) {
    entries.add(entry);
    return this;
  }

  private static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, byte[] content) {
    try {
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The uncompressed tar stream. */
  byte[] tar() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTar(out);
    return out.toByteArray();
  }

  /** The gzip-compressed tar stream: a {@code .tgz}. */
  byte[] tgz() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTgz(out);
    return out.toByteArray();
  }

  void writeTgz(OutputStream out) {
    try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out)) {
      writeTar(gzip);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeTar(OutputStream out) {
    try {
      TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      entries.forEach(entry -> entry.accept(tar));
      tar.finish();
      tar.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final byte SYMLINK = TarConstants.LF_SYMLINK;
  static final byte HARDLINK = TarConstants.LF_LINK;
  static final byte CHARACTER_DEVICE = TarConstants.LF_CHR;
  static final byte BLOCK_DEVICE = TarConstants.LF_BLK;
  static final byte FIFO = TarConstants.LF_FIFO;
}
