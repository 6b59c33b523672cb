package dev.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MutableClock")
class MutableClockTest {
  @Test
  @DisplayName("stands still until advanced or set")
  void moves() {
    MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");

    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
    assertThat(clock.instant()).isEqualTo(clock.instant());
    assertThat(clock.advance(Duration.ofHours(25)))
        .isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2026-03-03T10:00:00Z").toEpochMilli());

    clock.set(Instant.parse("2026-01-01T00:00:00Z"));

    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  @DisplayName("a clock in another zone shares the time")
  void zones() {
    MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");
    MutableClock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofMinutes(30));

    assertThat(paris.instant()).isEqualTo(Instant.parse("2026-03-02T09:30:00Z"));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }
}
