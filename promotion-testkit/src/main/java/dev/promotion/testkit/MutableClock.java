package dev.promotion.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, for freeze windows, soak times and commit times.
 *
 * <p>Thread-safe. Clocks made by {@link #withZone} share the time of the clock they came from.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock in UTC that reads {@code start} until it is moved. */
  public MutableClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /**
   * A clock in UTC that reads the ISO-8601 instant {@code start}, for example {@code
   * 2026-03-02T09:00:00Z}.
   */
  public static MutableClock at(String start) {
    return new MutableClock(Instant.parse(start));
  }

  /**
   * Moves the clock by {@code amount} (backwards when negative).
   *
   * @return the new time
   */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    return now.updateAndGet(t -> t.plus(amount));
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /** The current time of this clock. */
  @Override
  public Instant instant() {
    return now.get();
  }

  /** The zone of this clock, UTC unless made by {@link #withZone}. */
  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A clock in another zone that shares this clock's time: moving one moves both. */
  @Override
  public MutableClock withZone(ZoneId zone) {
    return new MutableClock(now, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + ", " + zone + "]";
  }
}
