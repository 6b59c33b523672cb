package dev.promotion.chart;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes a chart package deterministically: a commons-compress tar stream of {@link GoTarEntry}
 * headers inside a gzip stream whose header has mtime 0, no file name, no comment and the "unknown"
 * OS byte, compressed at zlib's default level. Same entries in, same bytes out, on a given Java
 * runtime.
 *
 * <p>Only {@link #commit()} completes the package (end-of-archive marker and gzip trailer). Closing
 * without committing severs the caller's stream first, so an abandoned package is never complete.
 */
final class PackageWriter implements Closeable {
  private static final int OS_UNKNOWN = 255;

  private final PackageOutput output;
  private final GzipCompressorOutputStream gzip;
  private final TarArchiveOutputStream tar;
  private boolean done;

  private PackageWriter(PackageOutput output, GzipCompressorOutputStream gzip) {
    this.output = output;
    this.gzip = gzip;
    this.tar = new TarArchiveOutputStream(gzip, StandardCharsets.UTF_8.name());
    // GoTarEntry keeps every header name within 100 bytes (USTAR prefix or its own PAX header),
    // so nothing is ever truncated; STAR only stops commons-compress refusing sizes over 8 GiB,
    // which GoTarEntry also carries in its PAX header.
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
  }

  static PackageWriter to(OutputStream out) throws IOException {
    GzipParameters parameters = new GzipParameters();
    parameters.setModificationTime(0);
    parameters.setOperatingSystem(OS_UNKNOWN);
    parameters.setCompressionLevel(Deflater.DEFAULT_COMPRESSION);
    PackageOutput output = new PackageOutput(out);
    return new PackageWriter(output, new GzipCompressorOutputStream(output, parameters));
  }

  void directory(String name) throws IOException {
    put(GoTarEntry.directory(name));
    tar.closeArchiveEntry();
  }

  void file(String name, byte[] content) throws IOException {
    put(GoTarEntry.file(name, content.length));
    tar.write(content);
    tar.closeArchiveEntry();
  }

  /**
   * Writes exactly {@code size} bytes from {@code content}.
   *
   * @throws IOException if the content is shorter or longer than {@code size}
   */
  void file(String name, long size, InputStream content) throws IOException {
    put(GoTarEntry.file(name, size));
    content.transferTo(tar);
    tar.closeArchiveEntry();
  }

  private void put(GoTarEntry entry) throws IOException {
    if (entry.paxHeader().isPresent()) {
      GoTarEntry.Pax pax = entry.paxHeader().get();
      tar.putArchiveEntry(pax.entry());
      tar.write(pax.records());
      tar.closeArchiveEntry();
    }
    tar.putArchiveEntry(entry);
  }

  /** Completes the package and flushes it to the caller's stream, which stays open. */
  void commit() throws IOException {
    tar.finish();
    done = true;
    tar.close();
  }

  /** Releases the compressor; without {@link #commit()} nothing more reaches the caller. */
  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      output.sever();
      gzip.close();
    }
  }
}
