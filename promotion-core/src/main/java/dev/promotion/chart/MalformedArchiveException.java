package dev.promotion.chart;

import java.io.IOException;

/** The tar or gzip structure is broken: a bad checksum, a bad number, a truncated stream. */
final class MalformedArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  MalformedArchiveException(String message) {
    super(message);
  }
}
