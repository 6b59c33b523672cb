package dev.promotion.chart;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The caller's output stream, which this library writes to but never closes. Once {@link #sever}ed
 * it drops everything, so that abandoning a package on bad input never completes it (no gzip
 * trailer, no end-of-archive marker reaches the caller). Write failures are marked as {@link
 * OutputIOException} so they are not mistaken for bad input.
 */
final class PackageOutput extends FilterOutputStream {
  private boolean severed;

  PackageOutput(OutputStream out) {
    super(out);
  }

  void sever() {
    severed = true;
  }

  @Override
  public void write(int b) throws IOException {
    if (!severed) {
      try {
        out.write(b);
      } catch (IOException e) {
        throw new OutputIOException(e);
      }
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (!severed) {
      try {
        out.write(bytes, offset, length);
      } catch (IOException e) {
        throw new OutputIOException(e);
      }
    }
  }

  @Override
  public void flush() throws IOException {
    if (!severed) {
      try {
        out.flush();
      } catch (IOException e) {
        throw new OutputIOException(e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  /** An I/O failure of the caller's output stream. */
  static final class OutputIOException extends IOException {
    private static final long serialVersionUID = 1L;

    OutputIOException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
