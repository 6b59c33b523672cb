package dev.promotion.chart;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a deterministic tar stream: every header has mtime 0, uid and gid 0, empty user and group
 * names and mode 0644 (files) or 0755 (directories). Names longer than 100 bytes are split into the
 * USTAR prefix when possible, otherwise (or when not ASCII) carried by a PAX {@code path} record,
 * as Go's archive/tar (and so Helm) does. The archive ends with two zero blocks.
 */
final class TarWriter {
  private static final int BLOCK = 512;
  private static final int NAME_SIZE = 100;
  private static final int PREFIX_SIZE = 155;
  private static final long MAX_OCTAL_SIZE = 077777777777L;
  private static final int FILE_MODE = 0644;
  private static final int DIRECTORY_MODE = 0755;

  private final OutputStream out;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  void directory(String name) throws IOException {
    header(name.endsWith("/") ? name : name + "/", '5', 0, DIRECTORY_MODE);
  }

  void file(String name, byte[] content) throws IOException {
    header(name, '0', content.length, FILE_MODE);
    out.write(content);
    pad(content.length);
  }

  /**
   * Writes exactly {@code size} bytes from {@code content}.
   *
   * @throws IOException if the content is shorter or longer than {@code size}
   */
  void file(String name, long size, InputStream content) throws IOException {
    header(name, '0', size, FILE_MODE);
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException(name + " ended after " + (size - left) + " of " + size + " bytes");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
    if (content.read() >= 0) {
      throw new IOException(name + " has more than the " + size + " bytes it announced");
    }
    pad(size);
  }

  /** Writes the end-of-archive marker. */
  void finish() throws IOException {
    out.write(new byte[2 * BLOCK]);
  }

  private void pad(long size) throws IOException {
    int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
    if (padding > 0) {
      out.write(new byte[padding]);
    }
  }

  private void header(String name, char type, long size, int mode) throws IOException {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    boolean ascii = bytes.length == name.length();
    String prefix = "";
    String shortName = name;
    boolean pax = !ascii || size > MAX_OCTAL_SIZE;
    if (ascii && bytes.length > NAME_SIZE) {
      int split = ustarSplit(name);
      if (split > 0) {
        prefix = name.substring(0, split);
        shortName = name.substring(split + 1);
      } else {
        pax = true;
      }
    }
    if (pax) {
      String records =
          record("path", name) + (size > MAX_OCTAL_SIZE ? record("size", Long.toString(size)) : "");
      byte[] content = records.getBytes(StandardCharsets.UTF_8);
      out.write(block(paxHeaderName(name), "", 'x', content.length, FILE_MODE));
      out.write(content);
      pad(content.length);
      prefix = "";
      shortName = asciiPrefix(name, NAME_SIZE);
    }
    out.write(block(shortName, prefix, type, size > MAX_OCTAL_SIZE ? 0 : size, mode));
  }

  /** Where to split a long ASCII name into USTAR prefix and name, or -1; as Go's archive/tar. */
  private static int ustarSplit(String name) {
    int length = name.length();
    if (length > PREFIX_SIZE + 1) {
      length = PREFIX_SIZE + 1;
    } else if (name.charAt(length - 1) == '/') {
      length--;
    }
    int i = name.lastIndexOf('/', length - 1);
    int nameLength = name.length() - i - 1;
    if (i <= 0 || nameLength > NAME_SIZE || nameLength == 0 || i > PREFIX_SIZE) {
      return -1;
    }
    return i;
  }

  private static String paxHeaderName(String name) {
    String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    int slash = trimmed.lastIndexOf('/');
    String dir = slash < 0 ? "." : trimmed.substring(0, slash);
    String base = trimmed.substring(slash + 1);
    return asciiPrefix(dir + "/PaxHeaders.0/" + base, NAME_SIZE);
  }

  private static String asciiPrefix(String text, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A PAX record: its length (in bytes, including the length itself), key, value, newline. */
  private static String record(String key, String value) {
    int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
    int length = body + Integer.toString(body).length();
    if (Integer.toString(length).length() != Integer.toString(body).length()) {
      length++;
    }
    return length + " " + key + "=" + value + "\n";
  }

  private static byte[] block(String name, String prefix, char type, long size, int mode) {
    byte[] block = new byte[BLOCK];
    put(block, 0, NAME_SIZE, name);
    octal(block, 100, 8, mode);
    octal(block, 108, 8, 0);
    octal(block, 116, 8, 0);
    octal(block, 124, 12, size);
    octal(block, 136, 12, 0);
    block[156] = (byte) type;
    put(block, 257, 6, "ustar\0");
    put(block, 263, 2, "00");
    octal(block, 329, 8, 0);
    octal(block, 337, 8, 0);
    put(block, 345, PREFIX_SIZE, prefix);
    for (int i = 148; i < 156; i++) {
      block[i] = ' ';
    }
    long sum = 0;
    for (byte b : block) {
      sum += b & 0xff;
    }
    octal(block, 148, 7, sum);
    block[155] = ' ';
    return block;
  }

  private static void put(byte[] block, int offset, int length, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, block, offset, Math.min(length, bytes.length));
  }

  /** Zero-padded octal digits followed by a NUL, filling {@code length} bytes. */
  private static void octal(byte[] block, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
    put(block, offset, length - 1, padded);
    block[offset + length - 1] = 0;
  }
}
