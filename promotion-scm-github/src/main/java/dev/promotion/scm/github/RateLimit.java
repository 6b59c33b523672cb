package dev.promotion.scm.github;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A rate-limit refusal read from a GitHub response, following GitHub's rules: wait for {@code
 * Retry-After} when present; else, when {@code x-ratelimit-remaining} is 0, until {@code
 * x-ratelimit-reset}; else, for a secondary limit, at least one minute, doubling on each repeat.
 *
 * @param delay how long to wait before sending the same request again
 * @param secondary whether this is a secondary (burst) limit rather than the hourly quota
 */
record RateLimit(Duration delay, boolean secondary) {
  private static final Duration SECONDARY_DEFAULT = Duration.ofMinutes(1);
  private static final Duration RESET_SKEW = Duration.ofSeconds(1);

  /**
   * @param headers looks a response header up, case-insensitively; null when absent
   * @param previousSecondaryWaits how many secondary-limit waits this request already made
   */
  static Optional<RateLimit> of(
      int status,
      Function<String, String> headers,
      byte[] body,
      Instant now,
      int previousSecondaryWaits) {
    if (status != 403 && status != 429) {
      return Optional.empty();
    }
    String text = new String(body, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    boolean secondaryMessage =
        text.contains("secondary rate limit") || text.contains("abuse detection");
    Optional<Duration> retryAfter = retryAfter(headers.apply("retry-after"), now);
    if (retryAfter.isPresent()) {
      return Optional.of(new RateLimit(retryAfter.get(), secondaryMessage || status == 429));
    }
    if ("0".equals(trim(headers.apply("x-ratelimit-remaining")))) {
      Optional<Instant> reset = epochSeconds(headers.apply("x-ratelimit-reset"));
      if (reset.isPresent()) {
        Duration wait = Duration.between(now, reset.get()).plus(RESET_SKEW);
        return Optional.of(new RateLimit(wait.isNegative() ? RESET_SKEW : wait, secondaryMessage));
      }
    }
    if (secondaryMessage || status == 429) {
      long factor = 1L << Math.min(previousSecondaryWaits, 6);
      return Optional.of(new RateLimit(SECONDARY_DEFAULT.multipliedBy(factor), true));
    }
    return Optional.empty();
  }

  private static Optional<Duration> retryAfter(String value, Instant now) {
    String trimmed = trim(value);
    if (trimmed == null || trimmed.isEmpty()) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(trimmed);
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private static Optional<Instant> epochSeconds(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String trim(String value) {
    return value == null ? null : value.trim();
  }
}
