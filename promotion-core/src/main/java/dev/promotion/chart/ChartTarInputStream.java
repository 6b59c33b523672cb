package dev.promotion.chart;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * commons-compress's tar reader, made strict for untrusted chart packages. It sees every header
 * record before commons-compress parses it ({@link #readRecord()}) and refuses what the library
 * would accept or handle without bound: a bad checksum, a PAX or GNU long-name header over 64 KiB
 * (the library reads it whole into memory), more than 8 such headers in a row (it recurses once per
 * header), sparse files, a stream that ends without its end-of-archive marker or has data after a
 * zero block (the library treats both as a clean end), and names that are not UTF-8 (it replaces
 * them with U+FFFD).
 */
final class ChartTarInputStream extends TarArchiveInputStream {
  private static final int MAX_META_BYTES = 64 * 1024;
  private static final int MAX_META_HEADERS = 8;

  private static final int SIZE_OFFSET = 124;
  private static final int TYPE_OFFSET = 156;
  private static final int MAGIC_OFFSET = 257;
  private static final int PREFIX_OFFSET = 345;
  private static final byte[] USTAR_MAGIC = "ustar\0".getBytes(StandardCharsets.US_ASCII);

  private static final Pattern SPARSE_RECORD = Pattern.compile("(?:^|\n)[0-9]+ GNU\\.sparse\\.");

  private int metaHeaders;
  private boolean zeroBlockSeen;
  private final ByteArrayOutputStream paxRecords = new ByteArrayOutputStream();

  ChartTarInputStream(InputStream in) {
    super(in, StandardCharsets.UTF_8.name());
  }

  /** The next entry, or empty after the end-of-archive marker. */
  Optional<TarHeader> nextHeader() throws IOException {
    TarArchiveEntry entry = getNextEntry();
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.isSparse()) {
      throw new MalformedArchiveException("sparse files are not supported");
    }
    if (entry.getName().indexOf('\uFFFD') >= 0) {
      throw new MalformedArchiveException("an entry name is not valid UTF-8");
    }
    return Optional.of(new TarHeader(entry.getName(), (char) entry.getLinkFlag(), entry.getSize()));
  }

  @Override
  public TarArchiveEntry getNextEntry() throws IOException {
    if (SPARSE_RECORD.matcher(paxRecords.toString(StandardCharsets.ISO_8859_1)).find()) {
      throw new MalformedArchiveException("sparse files are not supported");
    }
    paxRecords.reset();
    return super.getNextEntry();
  }

  /** Also keeps the bytes of PAX headers, which commons-compress reads through here. */
  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    TarArchiveEntry current = getCurrentEntry();
    if (n > 0 && current != null && (current.isPaxHeader() || current.isGlobalPaxHeader())) {
      paxRecords.write(buffer, offset, n);
    }
    return n;
  }

  @Override
  protected byte[] readRecord() throws IOException {
    byte[] record = super.readRecord();
    if (record == null) {
      throw new EOFException("the archive ends before its end-of-archive marker");
    }
    if (isEOFRecord(record)) {
      zeroBlockSeen = true;
      return record;
    }
    if (zeroBlockSeen) {
      throw new MalformedArchiveException("a zero block is followed by data");
    }
    if (!TarUtils.verifyCheckSum(record)) {
      throw new MalformedArchiveException("a header checksum does not match");
    }
    admit(record);
    return record;
  }

  private void admit(byte[] header) throws IOException {
    byte type = header[TYPE_OFFSET];
    switch (type) {
      case TarConstants.LF_PAX_EXTENDED_HEADER_LC,
          TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER,
          TarConstants.LF_GNUTYPE_LONGNAME,
          TarConstants.LF_GNUTYPE_LONGLINK -> {
        if (++metaHeaders > MAX_META_HEADERS) {
          throw new MalformedArchiveException(
              "more than " + MAX_META_HEADERS + " extended headers in a row");
        }
        long size = size(header);
        if (size > MAX_META_BYTES) {
          throw new MalformedArchiveException(
              "an extended header of " + size + " bytes is larger than " + MAX_META_BYTES);
        }
      }
      case TarConstants.LF_GNUTYPE_SPARSE ->
          throw new MalformedArchiveException("sparse files are not supported");
      default -> {
        if (metaHeaders == 0) {
          requireUtf8Name(header);
        }
        metaHeaders = 0;
      }
    }
  }

  @Override
  protected byte[] getLongNameData() throws IOException {
    byte[] name = super.getLongNameData();
    if (name != null) {
      requireUtf8(name, 0, name.length);
    }
    return name;
  }

  private static void requireUtf8Name(byte[] header) throws IOException {
    requireUtf8(header, 0, TarConstants.NAMELEN);
    if (Arrays.equals(
        header,
        MAGIC_OFFSET,
        MAGIC_OFFSET + USTAR_MAGIC.length,
        USTAR_MAGIC,
        0,
        USTAR_MAGIC.length)) {
      requireUtf8(header, PREFIX_OFFSET, TarConstants.PREFIXLEN);
    }
  }

  /** The bytes up to the first NUL in the field must be UTF-8. */
  private static void requireUtf8(byte[] bytes, int offset, int length) throws IOException {
    int end = offset;
    while (end < offset + length && bytes[end] != 0) {
      end++;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, end - offset));
    } catch (CharacterCodingException e) {
      throw new MalformedArchiveException("an entry name is not valid UTF-8");
    }
  }

  private static long size(byte[] header) throws IOException {
    try {
      return TarUtils.parseOctalOrBinary(header, SIZE_OFFSET, TarConstants.SIZELEN);
    } catch (IllegalArgumentException e) {
      throw new MalformedArchiveException("a header holds a malformed number");
    }
  }
}
