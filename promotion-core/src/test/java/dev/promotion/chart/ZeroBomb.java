package dev.promotion.chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a valid gzip stream of {@code prefix}, then many MiB of zeros, then {@code suffix},
 * without compressing the zeros more than twice: a deflate chunk for one MiB of zeros that follows
 * zeros is valid wherever zeros precede it, so it is written again and again. The result is a real
 * compression bomb (about 1 KiB per MiB) made in milliseconds.
 */
final class ZeroBomb {
  private static final int MIB = 1024 * 1024;
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private ZeroBomb() {}

  static void write(OutputStream out, byte[] prefix, int zeroMebibytes, byte[] suffix)
      throws IOException {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    CRC32 crc = new CRC32();
    byte[] zeros = new byte[MIB];
    try {
      out.write(GZIP_HEADER);
      out.write(deflate(deflater, prefix, Deflater.SYNC_FLUSH));
      crc.update(prefix);
      byte[] first = deflate(deflater, zeros, Deflater.SYNC_FLUSH);
      byte[] repeated = deflate(deflater, zeros, Deflater.SYNC_FLUSH);
      for (int i = 0; i < zeroMebibytes; i++) {
        out.write(i == 0 ? first : repeated);
        crc.update(zeros);
      }
      deflater.setInput(suffix);
      deflater.finish();
      out.write(drain(deflater, Deflater.NO_FLUSH));
      crc.update(suffix);
      long size = prefix.length + (long) zeroMebibytes * MIB + suffix.length;
      out.write(littleEndian(crc.getValue()));
      out.write(littleEndian(size & 0xffffffffL));
    } finally {
      deflater.end();
    }
  }

  private static byte[] deflate(Deflater deflater, byte[] input, int flush) {
    deflater.setInput(input);
    return drain(deflater, flush);
  }

  private static byte[] drain(Deflater deflater, int flush) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    while (true) {
      int n = deflater.deflate(buffer, 0, buffer.length, flush);
      out.write(buffer, 0, n);
      if (deflater.finished() || (n < buffer.length && deflater.needsInput())) {
        return out.toByteArray();
      }
    }
  }

  private static byte[] littleEndian(long value) {
    return new byte[] {
      (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)
    };
  }
}
