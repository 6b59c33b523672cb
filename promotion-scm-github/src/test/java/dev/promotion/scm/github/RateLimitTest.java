package dev.promotion.scm.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reading GitHub's rate-limit answers")
class RateLimitTest {
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final byte[] SECONDARY =
      "{\"message\":\"You have exceeded a secondary rate limit.\"}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] PLAIN =
      "{\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8);

  private static Optional<RateLimit> read(
      int status, Map<String, String> headers, byte[] body, int previous) {
    return RateLimit.of(status, headers::get, body, NOW, previous);
  }

  @Test
  @DisplayName("Retry-After in seconds wins over everything else")
  void retryAfterSeconds() {
    assertThat(
            read(
                403,
                Map.of("retry-after", "42", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "1"),
                SECONDARY,
                0))
        .contains(new RateLimit(Duration.ofSeconds(42), true));
  }

  @Test
  @DisplayName("Retry-After as an HTTP date is the time until then")
  void retryAfterDate() {
    assertThat(read(429, Map.of("retry-after", "Mon, 02 Mar 2026 10:01:30 GMT"), PLAIN, 0))
        .contains(new RateLimit(Duration.ofSeconds(90), true));
  }

  @Test
  @DisplayName("an exhausted quota waits until x-ratelimit-reset, plus a second")
  void primary() {
    String reset = String.valueOf(NOW.plusSeconds(600).getEpochSecond());
    assertThat(
            read(403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", reset), PLAIN, 0))
        .contains(new RateLimit(Duration.ofSeconds(601), false));
  }

  @Test
  @DisplayName("a secondary limit without headers waits one minute, doubling on each repeat")
  void secondaryBackoff() {
    assertThat(read(403, Map.of(), SECONDARY, 0))
        .contains(new RateLimit(Duration.ofMinutes(1), true));
    assertThat(read(403, Map.of(), SECONDARY, 2))
        .contains(new RateLimit(Duration.ofMinutes(4), true));
  }

  @Test
  @DisplayName("a 403 without any sign of a limit is not a rate limit, and neither is a 500")
  void notALimit() {
    assertThat(read(403, Map.of("x-ratelimit-remaining", "4999"), PLAIN, 0)).isEmpty();
    assertThat(read(500, Map.of("retry-after", "5"), PLAIN, 0)).isEmpty();
  }
}
