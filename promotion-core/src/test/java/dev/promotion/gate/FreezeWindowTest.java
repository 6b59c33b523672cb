package dev.promotion.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FreezeWindowTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  @DisplayName("a weekend freeze wraps from Friday afternoon to Monday morning")
  void weekendFreeze() {
    FreezeWindow weekend =
        FreezeWindow.weekly(
            "weekend",
            BERLIN,
            DayOfWeek.FRIDAY,
            LocalTime.of(16, 0),
            DayOfWeek.MONDAY,
            LocalTime.of(8, 0),
            "prod");

    assertThat(weekend.freezes("prod", Instant.parse("2026-11-20T15:30:00Z"))).isTrue();
    assertThat(weekend.freezes("prod", Instant.parse("2026-11-22T12:00:00Z"))).isTrue();
    assertThat(weekend.freezes("prod", Instant.parse("2026-11-23T06:59:00Z"))).isTrue();
    assertThat(weekend.freezes("prod", Instant.parse("2026-11-23T07:00:00Z"))).isFalse();
    assertThat(weekend.freezes("prod", Instant.parse("2026-11-20T14:59:00Z"))).isFalse();
    assertThat(weekend.freezes("stage", Instant.parse("2026-11-22T12:00:00Z"))).isFalse();
  }

  @Test
  @DisplayName(
      "a one-off freeze covers its start and not its end, in every environment when none is named")
  void interval() {
    FreezeWindow holidays =
        FreezeWindow.between(
            "holidays",
            Instant.parse("2026-12-24T00:00:00Z"),
            Instant.parse("2026-12-27T00:00:00Z"));

    assertThat(holidays.freezes("dev", Instant.parse("2026-12-24T00:00:00Z"))).isTrue();
    assertThat(holidays.freezes("prod", Instant.parse("2026-12-26T23:59:59Z"))).isTrue();
    assertThat(holidays.freezes("prod", Instant.parse("2026-12-27T00:00:00Z"))).isFalse();
  }
}
