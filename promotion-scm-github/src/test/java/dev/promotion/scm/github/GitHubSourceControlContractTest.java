package dev.promotion.scm.github;

import dev.promotion.scm.github.fake.FakeGitHub;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import dev.promotion.spi.SourceControl;
import dev.promotion.testkit.MutableClock;
import dev.promotion.testkit.contract.RepositorySeed;
import dev.promotion.testkit.contract.SourceControlContract;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/**
 * The {@link SourceControlContract} against the adapter talking HTTP to the fake GitHub.
 *
 * <p>The seed's {@code .github/workflows/publish-dev.yaml} is a placeholder that declares no
 * inputs. This adapter requires a dispatched workflow to declare {@code promotion_key} and show it
 * in its {@code run-name} (see the README), and GitHub refuses inputs a workflow does not declare;
 * so the fake registers each seeded workflow as one that follows that convention and also accepts
 * the kit's {@code reason} input.
 */
@DisplayName("GitHubSourceControl passes the SourceControl contract")
class GitHubSourceControlContractTest extends SourceControlContract {
  private static FakeGitHubServer server;
  private FakeGitHub github;

  @BeforeAll
  static void startServer() {
    server = new FakeGitHubServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected SourceControl createSourceControl(RepositorySeed seed) {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    github = server.reset(Rig.OWNER, Rig.REPOSITORY, clock).acceptToken(Rig.TOKEN);
    for (RepositorySeed.Commit commit : seed.commits()) {
      clock.advance(Duration.ofMinutes(1));
      String sha = github.commit(seed.branch(), commit.message(), commit.files());
      commit.tags().forEach(tag -> github.tag(tag, sha));
      commit.files().keySet().stream()
          .filter(path -> path.startsWith(".github/workflows/"))
          .map(path -> path.substring(".github/workflows/".length()))
          .forEach(
              file ->
                  github.workflow(
                      file,
                      "Publish Dev ${{ inputs.promotion_key }}",
                      Set.of("promotion_key", "reason")));
    }
    return GitHubSourceControl.builder()
        .repository(Rig.OWNER, Rig.REPOSITORY)
        .apiUrl(server.apiUrl())
        .token(Rig.TOKEN)
        .clock(clock)
        .retryPolicy(Rig.FAST)
        .dispatchSettings(Rig.QUICK_LOOKUP)
        .sleeper(new RecordingSleeper())
        .build();
  }

  @Override
  protected boolean supportsReleaseAssets() {
    return true;
  }

  /** As {@code gh release upload}: the fake serves it from its asset host, behind a 302. */
  @Override
  protected void attachReleaseAsset(String tag, String name, byte[] content) {
    github.releaseAsset(tag, name, content);
  }
}
