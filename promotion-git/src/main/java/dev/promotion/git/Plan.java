package dev.promotion.git;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an edit decided on one snapshot: the files to write with the commit message, or nothing to
 * write; and a value to hand back to the caller either way.
 *
 * @param <R> the value handed back
 */
public final class Plan<R> {
  private final Map<String, byte[]> files;
  private final CommitMessage message;
  private final R value;

  private Plan(Map<String, byte[]> files, CommitMessage message, R value) {
    this.files = files;
    this.message = message;
    this.value = value;
  }

  /** Nothing to write: everything is already in place. */
  public static <R> Plan<R> nothing(R value) {
    return new Plan<>(Map.of(), null, value);
  }

  /** Write {@code files} (path to content) as one commit with {@code message}. */
  public static <R> Plan<R> write(Map<String, byte[]> files, CommitMessage message, R value) {
    Objects.requireNonNull(message, "message");
    if (files.isEmpty()) {
      throw new IllegalArgumentException("A plan that writes has at least one file");
    }
    return new Plan<>(new LinkedHashMap<>(files), message, value);
  }

  Map<String, byte[]> files() {
    return files;
  }

  Optional<CommitMessage> message() {
    return Optional.ofNullable(message);
  }

  R value() {
    return value;
  }
}
