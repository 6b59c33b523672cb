package dev.promotion.spi;

import java.io.ByteArrayInputStream;
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

/**
 * The bytes of a chart package to push, readable as often as needed (a push may retry), with their
 * size and digest known up front.
 */
public final class ChartContent {
  private final Path file;
  private final byte[] bytes;
  private final long size;
  private final String digest;

  private ChartContent(Path file, byte[] bytes, long size, String digest) {
    this.file = file;
    this.bytes = bytes;
    this.size = size;
    this.digest = digest;
  }

  /** Content held in memory, for small charts and tests. */
  public static ChartContent of(byte[] bytes) {
    byte[] copy = bytes.clone();
    return new ChartContent(null, copy, copy.length, digestOf(new ByteArrayInputStream(copy)));
  }

  /** Content in a file, which must not change while this object is used. */
  public static ChartContent of(Path file) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return new ChartContent(file, null, Files.size(file), digestOf(in));
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

  /** Opens the content from its first byte; the caller closes the stream. */
  public InputStream open() {
    if (bytes != null) {
      return new ByteArrayInputStream(bytes);
    }
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read chart package " + file, e);
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
