package dev.promotion.scm.github;

import dev.promotion.scm.github.fake.FakeGitHub;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import dev.promotion.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A fake GitHub with a seeded repository, and adapters configured against it. One server per test
 * class, fresh state per test.
 */
final class Rig {
  static final String OWNER = "acme";
  static final String REPOSITORY = "api";
  static final String TOKEN = "ghp_Zq9VxT3kLmN8pR2sW5yB7cD1fH4jK6gA0eUi";
  static final String CHART = "charts/api/Chart.yaml";
  static final String CHART_V1 = "apiVersion: v2\nname: api\nversion: 0.1.0\n";
  static final RetryPolicy FAST =
      new RetryPolicy(
          4, Duration.ofMinutes(2), Duration.ofMillis(10), Duration.ofMillis(100), Duration.ZERO);
  static final DispatchSettings QUICK_LOOKUP =
      new DispatchSettings(Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofDays(30), 300);

  final FakeGitHubServer server;
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
  final RecordingSleeper sleeper = new RecordingSleeper();
  final FakeGitHub github;
  final String initialCommit;

  Rig(FakeGitHubServer server) {
    this(server, "");
  }

  Rig(FakeGitHubServer server, String pathPrefix) {
    this.server = server;
    this.github = server.reset(OWNER, REPOSITORY, clock, pathPrefix).acceptToken(TOKEN);
    this.initialCommit = github.commit("main", "Initial chart", Map.of(CHART, CHART_V1));
  }

  GitHubSourceControl.Builder builder() {
    return GitHubSourceControl.builder()
        .repository(OWNER, REPOSITORY)
        .apiUrl(server.apiUrl())
        .clock(clock)
        .requestTimeout(Duration.ofSeconds(5))
        .retryPolicy(FAST)
        .dispatchSettings(QUICK_LOOKUP)
        .sleeper(sleeper);
  }

  GitHubSourceControl scm() {
    return builder().token(TOKEN).build();
  }

  /** Advances the clock so that the next commit is newer, then commits. */
  String commit(String branch, String message, Map<String, String> changes) {
    clock.advance(Duration.ofMinutes(1));
    return github.commit(branch, message, changes);
  }
}
