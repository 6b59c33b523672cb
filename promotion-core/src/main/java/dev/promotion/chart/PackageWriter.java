package dev.promotion.chart;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes a chart package deterministically: a {@link TarWriter} stream inside a gzip stream whose
 * header has mtime 0, no file name, no comment and the "unknown" OS byte, compressed at zlib's
 * default level. Same entries in, same bytes out, on a given Java runtime.
 *
 * <p>Only {@link #commit()} completes the package (end-of-archive marker and gzip trailer). Closing
 * without committing severs the caller's stream first, so an abandoned package is never complete.
 */
final class PackageWriter implements Closeable {
  private static final int OS_UNKNOWN = 255;

  private final PackageOutput output;
  private final GzipCompressorOutputStream gzip;
  private final TarWriter tar;
  private boolean done;

  private PackageWriter(PackageOutput output, GzipCompressorOutputStream gzip) {
    this.output = output;
    this.gzip = gzip;
    this.tar = new TarWriter(gzip);
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
    tar.directory(name);
  }

  void file(String name, byte[] content) throws IOException {
    tar.file(name, content);
  }

  void file(String name, long size, InputStream content) throws IOException {
    tar.file(name, size, content);
  }

  /** Completes the package and flushes it to the caller's stream, which stays open. */
  void commit() throws IOException {
    tar.finish();
    done = true;
    gzip.close();
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
