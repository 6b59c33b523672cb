package dev.promotion;

import dev.promotion.error.BackendException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Temporary chart package files for one operation, all deleted on close. Packages go through files,
 * never through memory, so a large chart costs disk, not heap.
 */
final class Spool implements AutoCloseable {
  private final Path directory;
  private final List<Path> files = new ArrayList<>();

  Spool(Path directory) {
    this.directory = directory;
  }

  Path newFile() {
    try {
      Files.createDirectories(directory);
      Path file = Files.createTempFile(directory, "promotion-chart-", ".tgz");
      files.add(file);
      return file;
    } catch (IOException e) {
      throw new BackendException(
          "work directory", false, "cannot create a temporary file in " + directory, e);
    }
  }

  static OutputStream output(Path file) {
    try {
      return Files.newOutputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A leftover temporary file is harmless; the operation's outcome stands.
      }
    }
  }
}
