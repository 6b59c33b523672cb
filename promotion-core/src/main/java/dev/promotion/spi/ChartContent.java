package dev.promotion.spi;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * The bytes of a chart package to push, readable as often as needed (a push may retry), with their
 * size and digest known up front.
 */
public final class ChartContent {
  private final Path file;
  private final byte[] bytes;
  private final long size;
  private final String digest;
  private final LongConsumer observer;

  private ChartContent(Path file, byte[] bytes, long size, String digest, LongConsumer observer) {
    this.file = file;
    this.bytes = bytes;
    this.size = size;
    this.digest = digest;
    this.observer = observer;
  }

  /** Content held in memory, for small charts and tests. */
  public static ChartContent of(byte[] bytes) {
    byte[] copy = bytes.clone();
    return new ChartContent(
        null, copy, copy.length, digestOf(new ByteArrayInputStream(copy)), null);
  }

  /** Content in a file, which must not change while this object is used. */
  public static ChartContent of(Path file) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return new ChartContent(file, null, Files.size(file), digestOf(in), null);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read chart package " + file, e);
    }
  }

  /**
   * The {@code sha256:<hex>} digest of everything the stream yields; the stream is read to its end
   * but not closed.
   */
  public static String digestOf(InputStream in) {
    MessageDigest sha = sha256();
    byte[] buffer = new byte[64 * 1024];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Formats a finished digest as {@code sha256:<hex>}. */
  public static String format(DigestInputStream in) {
    return "sha256:" + HexFormat.of().formatHex(in.getMessageDigest().digest());
  }

  /**
   * The same content (same bytes, size and digest, nothing re-read) whose streams from {@link
   * #open()} pass the number of bytes of every read to {@code bytesRead}, as it happens: for
   * progress reports of a push. Every stream opened reports, so a registry that reads the content
   * twice reports its size twice. An observer already set on this content keeps being called,
   * first.
   *
   * @param bytesRead called with a positive count after each read, on the reading thread
   * @return a new content; this one is unchanged
   */
  public ChartContent observed(LongConsumer bytesRead) {
    Objects.requireNonNull(bytesRead, "bytesRead");
    LongConsumer chained = observer == null ? bytesRead : observer.andThen(bytesRead);
    return new ChartContent(file, bytes, size, digest, chained);
  }

  /** Opens the content from its first byte; the caller closes the stream. */
  public InputStream open() {
    InputStream in = openBytes();
    return observer == null ? in : new ObservedInputStream(in, observer);
  }

  /**
   * Opens the content from its first byte without reporting the reads to an {@linkplain #observed
   * observer}: for a registry's own preparation before the transfer (validating the package,
   * staging a copy to build a manifest), so that progress follows the transfer itself, which reads
   * through {@link #open()}. The caller closes the stream.
   */
  public InputStream inspect() {
    return openBytes();
  }

  private InputStream openBytes() {
    if (bytes != null) {
      return new ByteArrayInputStream(bytes);
    }
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read chart package " + file, e);
    }
  }

  private static final class ObservedInputStream extends FilterInputStream {
    private final LongConsumer observer;

    ObservedInputStream(InputStream in, LongConsumer observer) {
      super(in);
      this.observer = observer;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        observer.accept(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        observer.accept(n);
      }
      return n;
    }
  }

  /** The size in bytes. */
  public long size() {
    return size;
  }

  /** {@code sha256:<hex>} of the bytes. */
  public String digest() {
    return digest;
  }

  @Override
  public String toString() {
    return "ChartContent[" + digest + ", " + size + " bytes]";
  }
}
