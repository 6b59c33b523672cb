package dev.promotion.scm.github;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it reaches a message, a log line or an exception.
 *
 * <p>It knows the secrets this adapter was configured with or minted (tokens, JSON web tokens, the
 * App key and its parts) and also removes anything shaped like a GitHub credential, so that a
 * secret echoed by a proxy or a misbehaving server is caught too.
 */
final class Redactor {
  static final String MASK = "[REDACTED]";
  private static final int MIN_SECRET_LENGTH = 8;
  private static final List<Shape> SHAPES =
      List.of(
          new Shape(
              "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)",
              MASK),
          new Shape("\\b(gh[pousr]_[A-Za-z0-9_]{16,}|github_pat_[A-Za-z0-9_]{20,})", MASK),
          new Shape("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}", MASK),
          new Shape("(?i)\\b(bearer|token)(\\s+)[A-Za-z0-9_.~+/=-]{16,}", "$1$2" + MASK),
          new Shape("(?i)(https?://)[^/\\s:@]+:[^/\\s@]+@", "$1" + MASK + "@"));

  /** A credential's shape and what replaces it (keeping any prefix the pattern captured). */
  private record Shape(Pattern pattern, String replacement) {
    Shape(String regex, String replacement) {
      this(Pattern.compile(regex), replacement);
    }
  }

  private final List<String> secrets = new CopyOnWriteArrayList<>();

  /** Remembers a secret so that every later {@link #redact} removes it. */
  void register(String secret) {
    if (secret == null || secret.length() < MIN_SECRET_LENGTH || secrets.contains(secret)) {
      return;
    }
    secrets.add(secret);
    secrets.sort(Comparator.comparingInt(String::length).reversed());
  }

  void registerAll(Set<String> parts) {
    parts.forEach(this::register);
  }

  String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    for (Shape shape : SHAPES) {
      out = shape.pattern().matcher(out).replaceAll(shape.replacement());
    }
    return out;
  }
}
