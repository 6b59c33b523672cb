package dev.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.ConcurrentModificationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a write that loses the race retries on the new tip until its deadline")
class PushRetryTest {
  private static final Instant TIME = Instant.parse("2026-03-02T09:00:00Z");

  private final InMemoryRepository origin =
      new InMemoryRepository(new DfsRepositoryDescription("origin"));
  private final FakeClock clock = new FakeClock();
  private final GitRepository other = GitRepository.builder().repository(origin).build();

  /** Time that moves only when the retries sleep. */
  static final class FakeClock implements RetryClock {
    long now = 1_000_000_000L;
    final List<Duration> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
      now += duration.toNanos();
    }

    Duration slept() {
      return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
  }

  private GitRepository writer(RetryPolicy policy) {
    return GitRepository.builder()
        .repository(origin)
        .retry(policy)
        .retryClock(clock)
        .random(new Random(7))
        .build();
  }

  private void anotherWriterLands(int n) {
    other.update(s -> Plan.write(file("other-" + n + ".yaml", "n"), message("other " + n), 0));
  }

  @Test
  @DisplayName(
      "a disjoint change lands after the branch moved 20 times (more than the old 8 attempts),"
          + " keeping every other write")
  void disjointChangeLandsAfterManyRaces() {
    GitRepository git = writer(RetryPolicy.defaults());
    AtomicInteger planned = new AtomicInteger();

    Updated<Integer> updated =
        git.update(
            s -> {
              int n = planned.incrementAndGet();
              if (n <= 20) {
                anotherWriterLands(n);
              }
              return Plan.write(file("mine.yaml", "mine"), message("mine"), n);
            });

    assertThat(updated.attempts()).isEqualTo(21);
    assertThat(updated.commit()).isPresent();
    Snapshot tip = git.latest();
    assertThat(tip.read("mine.yaml", 100)).isPresent();
    for (int n = 1; n <= 20; n++) {
      assertThat(tip.read("other-" + n + ".yaml", 100)).as("other write %d", n).isPresent();
    }
    assertThat(clock.sleeps).hasSize(20);
    assertThat(clock.slept()).isLessThan(RetryPolicy.DEFAULT_DEADLINE);
  }

  @Test
  @DisplayName(
      "a branch that never stops moving ends in ConcurrentModificationException at the deadline,"
          + " with growing, capped, jittered waits")
  void deadlineEndsTheRetries() {
    GitRepository git = writer(RetryPolicy.within(Duration.ofSeconds(30)));
    AtomicInteger planned = new AtomicInteger();

    assertThatThrownBy(
            () ->
                git.update(
                    s -> {
                      anotherWriterLands(planned.incrementAndGet());
                      return Plan.write(file("mine.yaml", "mine"), message("mine"), 0);
                    }))
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("attempts in")
        .hasMessageContaining("retry deadline 30 s");

    assertThat(clock.slept())
        .isLessThan(Duration.ofSeconds(30))
        .isGreaterThan(Duration.ofSeconds(26));
    assertThat(planned.get()).isEqualTo(clock.sleeps.size() + 1);
    assertThat(clock.sleeps.get(0)).isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
    assertThat(clock.sleeps.get(1)).isBetween(Duration.ofMillis(20), Duration.ofMillis(40));
    assertThat(clock.sleeps)
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(4)));
    assertThat(clock.sleeps.subList(8, clock.sleeps.size()))
        .hasSizeGreaterThan(3)
        .allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4)));
    assertThat(new java.util.HashSet<>(clock.sleeps)).as("jittered").hasSizeGreaterThan(1);
    assertThat(git.latest().read("mine.yaml", 100)).isEmpty();
  }

  @Test
  @DisplayName(
      "with a clock that never moves, the attempt cap derived from the deadline ends the loop")
  void attemptCapEndsTheLoopWhenTimeStandsStill() {
    RetryClock frozen =
        new RetryClock() {
          @Override
          public long nanoTime() {
            return 42;
          }

          @Override
          public void sleep(Duration duration) {}
        };
    RetryPolicy policy = RetryPolicy.within(Duration.ofSeconds(5));
    GitRepository git =
        GitRepository.builder().repository(origin).retry(policy).retryClock(frozen).build();
    AtomicInteger planned = new AtomicInteger();

    assertThatThrownBy(
            () ->
                git.update(
                    s -> {
                      anotherWriterLands(planned.incrementAndGet());
                      return Plan.write(file("mine.yaml", "mine"), message("mine"), 0);
                    }))
        .isInstanceOf(ConcurrentModificationException.class);

    assertThat(planned.get()).isEqualTo(policy.maxAttempts());
  }

  @Test
  @DisplayName(
      "an edit that finds its expectation broken on the new tip stops at once, no more waits")
  void brokenExpectationStopsRetrying() {
    GitRepository git = writer(RetryPolicy.defaults());
    AtomicInteger planned = new AtomicInteger();

    assertThatThrownBy(
            () ->
                git.update(
                    s -> {
                      if (planned.incrementAndGet() == 2) {
                        throw new ConcurrentModificationException("api in stage", "1", "2");
                      }
                      anotherWriterLands(1);
                      return Plan.write(file("mine.yaml", "mine"), message("mine"), 0);
                    }))
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("api in stage");

    assertThat(planned.get()).isEqualTo(2);
    assertThat(clock.sleeps).hasSize(1);
  }

  @Test
  @DisplayName("a deadline of zero set on the builder is one attempt and no wait")
  void zeroDeadlineIsOneAttempt() {
    GitRepository git =
        GitRepository.builder()
            .repository(origin)
            .retryDeadline(Duration.ZERO)
            .retryClock(clock)
            .build();
    AtomicInteger planned = new AtomicInteger();

    assertThatThrownBy(
            () ->
                git.update(
                    s -> {
                      anotherWriterLands(planned.incrementAndGet());
                      return Plan.write(file("mine.yaml", "mine"), message("mine"), 0);
                    }))
        .isInstanceOf(ConcurrentModificationException.class);

    assertThat(planned.get()).isEqualTo(1);
    assertThat(clock.sleeps).isEmpty();
  }

  @Test
  @DisplayName(
      "the policy: a minute by default, the attempt cap follows the deadline, bad values refused")
  void policy() {
    assertThat(RetryPolicy.defaults().deadline()).isEqualTo(Duration.ofSeconds(60));
    assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(39);
    assertThat(RetryPolicy.within(Duration.ofSeconds(5)).maxAttempts()).isEqualTo(11);
    assertThat(RetryPolicy.within(Duration.ZERO).maxAttempts()).isEqualTo(1);
    RetryPolicy slow = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(4));
    assertThat(slow.deadline()).isEqualTo(RetryPolicy.DEFAULT_DEADLINE);
    RetryPolicy longer = slow.withDeadline(Duration.ofSeconds(20));
    assertThat(longer.initialDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(longer.maxDelay()).isEqualTo(Duration.ofSeconds(4));
    assertThat(longer.maxAttempts()).isEqualTo(1 + 6 + 10);
    assertThatThrownBy(() -> RetryPolicy.within(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> GitRepository.builder().retryDeadline(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new RetryPolicy(Duration.ofSeconds(1), 0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Map<String, byte[]> file(String path, String content) {
    return Map.of(path, content.getBytes(StandardCharsets.UTF_8));
  }

  private static CommitMessage message(String subject) {
    return new CommitMessage(subject, List.of(), Identity.promotion(), TIME);
  }
}
