package dev.promotion.chart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads a package back with commons-compress, independently of the code under test. */
final class PackageEntries {
  private PackageEntries() {}

  /** Entry name to content, in archive order. */
  static Map<String, String> of(byte[] tgz) {
    Map<String, String> entries = new LinkedHashMap<>();
    forEach(
        tgz,
        (entry, content) ->
            entries.put(entry.getName(), new String(content, StandardCharsets.UTF_8)));
    return entries;
  }

  interface EntryConsumer {
    void accept(TarArchiveEntry entry, byte[] content);
  }

  static void forEach(byte[] tgz, EntryConsumer consumer) {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        consumer.accept(entry, tar.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
