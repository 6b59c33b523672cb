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
  private static final List<Pattern> SHAPES =
      List.of(
          Pattern.compile(
              "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)"),
          Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9_]{16,}|github_pat_[A-Za-z0-9_]{20,})"),
          Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
          Pattern.compile("(?i)\\b(bearer|token)(\\s+)[A-Za-z0-9_.~+/=-]{16,}"),
          Pattern.compile("(?i)(https?://)[^/\\s:@]+:[^/\\s@]+@"));

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
    out = SHAPES.get(0).matcher(out).replaceAll(MASK);
    out = SHAPES.get(1).matcher(out).replaceAll(MASK);
    out = SHAPES.get(2).matcher(out).replaceAll(MASK);
    out = SHAPES.get(3).matcher(out).replaceAll("$1$2" + MASK);
    out = SHAPES.get(4).matcher(out).replaceAll("$1" + MASK + "@");
    return out;
  }
}
