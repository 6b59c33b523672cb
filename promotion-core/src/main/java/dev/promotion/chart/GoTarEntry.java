package dev.promotion.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.archivers.zip.ZipEncoding;

/**
 * A deterministic tar entry (mtime 0, uid and gid 0, no user or group name, mode 0644 or 0755)
 * whose header is laid out as Go's {@code archive/tar}, and so Helm, writes it. commons-compress
 * writes the fields; two differences are patched here, because the bytes (and so the digest of
 * every package written by earlier versions) must not change: Go ends the numeric fields with a NUL
 * where commons-compress writes a space, and Go splits a long ASCII name into the USTAR prefix
 * where commons-compress would add a PAX header. Names that fit neither way are carried by a PAX
 * {@code path} record in an entry of their own ({@link #paxHeader()}), named as Go names it.
 */
final class GoTarEntry extends TarArchiveEntry {
  private static final int NAME_SIZE = 100;
  private static final int PREFIX_SIZE = 155;
  private static final int PREFIX_OFFSET = 345;
  private static final int CHECKSUM_OFFSET = 148;
  private static final int CHECKSUM_SIZE = 8;
  private static final long MAX_OCTAL_SIZE = 077777777777L;
  private static final int FILE_MODE = 0644;
  private static final int DIRECTORY_MODE = 0755;

  /** Offsets and lengths of the numeric fields: mode, uid, gid, size, mtime, devmajor, devminor. */
  private static final int[][] NUMERIC_FIELDS = {
    {100, 8}, {108, 8}, {116, 8}, {124, 12}, {136, 12}, {329, 8}, {337, 8}
  };

  private final String prefix;
  private final Optional<Pax> pax;

  private GoTarEntry(
      String headerName, String prefix, Optional<Pax> pax, byte type, long size, int mode) {
    super(headerName, type, true);
    this.prefix = prefix;
    this.pax = pax;
    setMode(mode);
    setUserName("");
    setGroupName("");
    setModTime(FileTime.fromMillis(0));
    setSize(size);
  }

  static GoTarEntry file(String name, long size) {
    return of(name, TarConstants.LF_NORMAL, size, FILE_MODE);
  }

  static GoTarEntry directory(String name) {
    return of(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, 0, DIRECTORY_MODE);
  }

  private static GoTarEntry of(String name, byte type, long size, int mode) {
    boolean ascii = name.getBytes(StandardCharsets.UTF_8).length == name.length();
    boolean pax = !ascii || size > MAX_OCTAL_SIZE;
    int split = ascii && name.length() > NAME_SIZE ? ustarSplit(name) : -1;
    if (ascii && name.length() > NAME_SIZE && split < 0) {
      pax = true;
    }
    if (pax) {
      return new GoTarEntry(
          asciiPrefix(name), "", Optional.of(Pax.of(name, size)), type, size, mode);
    }
    return split < 0
        ? new GoTarEntry(name, "", Optional.empty(), type, size, mode)
        : new GoTarEntry(
            name.substring(split + 1),
            name.substring(0, split),
            Optional.empty(),
            type,
            size,
            mode);
  }

  /**
   * The PAX extended header to write before this entry when its name or size does not fit its
   * header; the header then holds the printable ASCII characters of the name, as Go writes it.
   */
  Optional<Pax> paxHeader() {
    return pax;
  }

  @Override
  public void writeEntryHeader(byte[] block, ZipEncoding encoding, boolean starMode)
      throws IOException {
    super.writeEntryHeader(block, encoding, false);
    for (int[] field : NUMERIC_FIELDS) {
      block[field[0] + field[1] - 1] = 0;
    }
    byte[] prefixBytes = prefix.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefixBytes, 0, block, PREFIX_OFFSET, prefixBytes.length);
    for (int i = CHECKSUM_OFFSET; i < CHECKSUM_OFFSET + CHECKSUM_SIZE; i++) {
      block[i] = ' ';
    }
    TarUtils.formatCheckSumOctalBytes(
        TarUtils.computeCheckSum(block), block, CHECKSUM_OFFSET, CHECKSUM_SIZE);
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

  private static String asciiPrefix(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < NAME_SIZE; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A PAX extended header: its entry and its records ({@code path}, and {@code size} if big). */
  record Pax(GoTarEntry entry, byte[] records) {
    static Pax of(String name, long size) {
      String records =
          record("path", name) + (size > MAX_OCTAL_SIZE ? record("size", Long.toString(size)) : "");
      byte[] bytes = records.getBytes(StandardCharsets.UTF_8);
      GoTarEntry entry =
          new GoTarEntry(
              paxHeaderName(name),
              "",
              Optional.empty(),
              TarConstants.LF_PAX_EXTENDED_HEADER_LC,
              bytes.length,
              FILE_MODE);
      return new Pax(entry, bytes);
    }

    private static String paxHeaderName(String name) {
      String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
      int slash = trimmed.lastIndexOf('/');
      String dir = slash < 0 ? "." : trimmed.substring(0, slash);
      return asciiPrefix(dir + "/PaxHeaders.0/" + trimmed.substring(slash + 1));
    }

    /** A PAX record: its length in bytes (counting the length itself), key, value, newline. */
    private static String record(String key, String value) {
      int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
      int length = body + Integer.toString(body).length();
      if (Integer.toString(length).length() != Integer.toString(body).length()) {
        length++;
      }
      return length + " " + key + "=" + value + "\n";
    }
  }
}
