package dev.promotion.chart;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a tar stream header by header without trusting it: checksums are verified, numbers parsed
 * strictly, names must be UTF-8, and PAX and GNU long-name records are bounded in size, so a
 * hostile header cannot make the reader allocate without limit. Only the structure is read here;
 * what an entry may be is decided by {@link ChartArchiveReader}.
 */
final class TarReader {
  private static final int BLOCK = 512;
  private static final int MAX_META_BYTES = 64 * 1024;
  private static final int MAX_META_HEADERS = 8;

  private final InputStream in;
  private final byte[] block = new byte[BLOCK];
  private long remaining;
  private long padding;

  TarReader(InputStream in) {
    this.in = in;
  }

  /** The next entry, or empty at the end-of-archive marker (two zero blocks). */
  Optional<TarHeader> next() throws IOException {
    skipRest();
    String longName = null;
    String paxPath = null;
    Long paxSize = null;
    for (int meta = 0; meta <= MAX_META_HEADERS; meta++) {
      readBlock();
      if (isZero(block)) {
        readBlock();
        if (!isZero(block)) {
          throw new MalformedArchiveException("a zero block is followed by data");
        }
        return Optional.empty();
      }
      verifyChecksum();
      char type = (char) (block[156] & 0xff);
      long size = number(124, 12);
      switch (type) {
        case 'x' -> {
          PaxRecords pax = PaxRecords.parse(readMeta(size));
          paxPath = pax.path().orElse(paxPath);
          paxSize = pax.size().orElse(paxSize);
        }
        case 'g' -> readMeta(size);
        case 'L' -> longName = cString(readMeta(size), 0, (int) size);
        case 'K' -> readMeta(size);
        default -> {
          String name = paxPath != null ? paxPath : longName != null ? longName : headerName();
          long entrySize = paxSize != null ? paxSize : size;
          remaining = entrySize;
          padding = paddingOf(entrySize);
          return Optional.of(new TarHeader(name, type, entrySize));
        }
      }
    }
    throw new MalformedArchiveException(
        "more than " + MAX_META_HEADERS + " extended headers in a row");
  }

  /** The content of the current entry; reading it past its size returns end of stream. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) {
          return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
          throw new EOFException("the archive ends inside an entry");
        }
        remaining -= n;
        return n;
      }
    };
  }

  private void skipRest() throws IOException {
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
  }

  private void skip(long count) throws IOException {
    byte[] buffer = new byte[8192];
    while (count > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, count));
      if (n < 0) {
        throw new EOFException("the archive ends inside an entry");
      }
      count -= n;
    }
  }

  private byte[] readMeta(long size) throws IOException {
    if (size > MAX_META_BYTES) {
      throw new MalformedArchiveException(
          "an extended header of " + size + " bytes is larger than " + MAX_META_BYTES);
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new EOFException("the archive ends inside an extended header");
    }
    skip(paddingOf(size));
    return data;
  }

  private void readBlock() throws IOException {
    if (in.readNBytes(block, 0, BLOCK) < BLOCK) {
      throw new EOFException("the archive ends before its end-of-archive marker");
    }
  }

  private static long paddingOf(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static boolean isZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private void verifyChecksum() throws IOException {
    long stored = number(148, 8);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = (i >= 148 && i < 156) ? ' ' : block[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (stored != unsigned && stored != signed) {
      throw new MalformedArchiveException("a header checksum does not match");
    }
  }

  private String headerName() throws IOException {
    String name = cString(block, 0, 100);
    boolean posix =
        Arrays.equals(block, 257, 263, "ustar\0".getBytes(StandardCharsets.US_ASCII), 0, 6);
    String prefix = posix ? cString(block, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** A numeric field: octal text padded with spaces or NULs, or GNU base-256 binary. */
  private long number(int offset, int length) throws IOException {
    if ((block[offset] & 0x80) != 0) {
      if (block[offset] != (byte) 0x80) {
        throw new MalformedArchiveException("a header holds a negative or oversized number");
      }
      long value = 0;
      for (int i = offset + 1; i < offset + length; i++) {
        if ((value >>> 55) != 0) {
          throw new MalformedArchiveException("a header number is out of range");
        }
        value = (value << 8) | (block[i] & 0xff);
      }
      return value;
    }
    int start = offset;
    int end = offset + length;
    while (start < end && (block[start] == ' ' || block[start] == 0)) {
      start++;
    }
    while (end > start && (block[end - 1] == ' ' || block[end - 1] == 0)) {
      end--;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      int digit = block[i] - '0';
      if (digit < 0 || digit > 7 || (value >>> 60) != 0) {
        throw new MalformedArchiveException("a header holds a malformed number");
      }
      value = value * 8 + digit;
    }
    return value;
  }

  static String cString(byte[] bytes, int offset, int length) throws IOException {
    int end = offset;
    while (end < offset + length && bytes[end] != 0) {
      end++;
    }
    return utf8(bytes, offset, end - offset);
  }

  static String utf8(byte[] bytes, int offset, int length) throws IOException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedArchiveException("an entry name is not valid UTF-8");
    }
  }

  /** The records of a PAX extended header that matter here. */
  record PaxRecords(Optional<String> path, Optional<Long> size) {
    static PaxRecords parse(byte[] data) throws IOException {
      Optional<String> path = Optional.empty();
      Optional<Long> size = Optional.empty();
      int position = 0;
      while (position < data.length) {
        int space = position;
        while (space < data.length && data[space] != ' ') {
          space++;
        }
        int length = decimal(data, position, space);
        int end = position + length;
        if (space >= data.length
            || length <= space - position + 1
            || end > data.length
            || data[end - 1] != '\n') {
          throw new MalformedArchiveException("a PAX header record is malformed");
        }
        String record = utf8(data, space + 1, end - space - 2);
        int equals = record.indexOf('=');
        if (equals <= 0) {
          throw new MalformedArchiveException("a PAX header record has no key");
        }
        String key = record.substring(0, equals);
        String value = record.substring(equals + 1);
        if (key.startsWith("GNU.sparse.")) {
          throw new MalformedArchiveException("sparse files are not supported");
        }
        if (key.equals("path")) {
          path = Optional.of(value);
        } else if (key.equals("size")) {
          size =
              Optional.of(
                  decimal(value.getBytes(StandardCharsets.US_ASCII), 0, value.length(), true));
        }
        position = end;
      }
      return new PaxRecords(path, size);
    }

    private static int decimal(byte[] data, int from, int to) throws IOException {
      return (int) decimal(data, from, to, false);
    }

    private static long decimal(byte[] data, int from, int to, boolean wide) throws IOException {
      if (from >= to || to - from > 18) {
        throw new MalformedArchiveException("a PAX header number is malformed");
      }
      long value = 0;
      for (int i = from; i < to; i++) {
        int digit = data[i] - '0';
        if (digit < 0 || digit > 9) {
          throw new MalformedArchiveException("a PAX header number is malformed");
        }
        value = value * 10 + digit;
      }
      if (!wide && value > Integer.MAX_VALUE) {
        throw new MalformedArchiveException("a PAX header record is too long");
      }
      return value;
    }
  }
}
