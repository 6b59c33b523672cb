package dev.promotion.gate;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;

/**
 * A period in which writes to some environments are refused: a one-off interval (a holiday freeze),
 * or a weekly recurrence (no deploys from Friday 16:00 to Monday 08:00).
 *
 * @param environments the environments it freezes; empty freezes all
 */
public record FreezeWindow(String name, Set<String> environments, Schedule schedule) {
  public FreezeWindow {
    Objects.requireNonNull(name, "name");
    environments = Set.copyOf(environments);
    Objects.requireNonNull(schedule, "schedule");
  }

  /** A freeze from {@code start} (inclusive) to {@code end} (exclusive). */
  public static FreezeWindow between(
      String name, Instant start, Instant end, String... environments) {
    return new FreezeWindow(name, Set.of(environments), new Interval(start, end));
  }

  /**
   * A freeze every week from {@code fromDay fromTime} to {@code toDay toTime} in {@code zone}; it
   * may wrap over the weekend.
   */
  public static FreezeWindow weekly(
      String name,
      ZoneId zone,
      DayOfWeek fromDay,
      LocalTime fromTime,
      DayOfWeek toDay,
      LocalTime toTime,
      String... environments) {
    return new FreezeWindow(
        name, Set.of(environments), new Weekly(zone, fromDay, fromTime, toDay, toTime));
  }

  /** Whether this window freezes {@code environment} at {@code time}. */
  public boolean freezes(String environment, Instant time) {
    return (environments.isEmpty() || environments.contains(environment)) && schedule.covers(time);
  }

  /** When a freeze applies. */
  public sealed interface Schedule {
    boolean covers(Instant time);
  }

  /** From {@code start} (inclusive) to {@code end} (exclusive). */
  public record Interval(Instant start, Instant end) implements Schedule {
    public Interval {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      if (!end.isAfter(start)) {
        throw new IllegalArgumentException("A freeze window ends after it starts");
      }
    }

    @Override
    public boolean covers(Instant time) {
      return !time.isBefore(start) && time.isBefore(end);
    }

    @Override
    public String toString() {
      return "from " + start + " to " + end;
    }
  }

  /** Every week, from a day and time to a day and time, in a time zone. */
  public record Weekly(
      ZoneId zone, DayOfWeek fromDay, LocalTime fromTime, DayOfWeek toDay, LocalTime toTime)
      implements Schedule {
    public Weekly {
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(fromDay, "fromDay");
      Objects.requireNonNull(fromTime, "fromTime");
      Objects.requireNonNull(toDay, "toDay");
      Objects.requireNonNull(toTime, "toTime");
    }

    @Override
    public boolean covers(Instant time) {
      long t = minuteOfWeek(time.atZone(zone));
      long from = minuteOfWeek(fromDay, fromTime);
      long to = minuteOfWeek(toDay, toTime);
      return from <= to ? t >= from && t < to : t >= from || t < to;
    }

    private static long minuteOfWeek(ZonedDateTime time) {
      return minuteOfWeek(time.getDayOfWeek(), time.toLocalTime().truncatedTo(ChronoUnit.MINUTES));
    }

    private static long minuteOfWeek(DayOfWeek day, LocalTime time) {
      return (day.getValue() - 1) * 24L * 60 + time.getHour() * 60L + time.getMinute();
    }

    @Override
    public String toString() {
      return "every week from "
          + fromDay
          + " "
          + fromTime
          + " to "
          + toDay
          + " "
          + toTime
          + " ("
          + zone
          + ")";
    }
  }
}
