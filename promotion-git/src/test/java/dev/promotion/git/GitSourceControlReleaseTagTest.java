package dev.promotion.git;

import static dev.promotion.git.GitDaemon.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.WorkflowDispatch;
import dev.promotion.testkit.contract.RepositorySeed;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GitSourceControl stores a release as an annotated tag that git itself reads")
class GitSourceControlReleaseTagTest {
  @TempDir Path dir;
  private Path bare;
  private GitSourceControl scm;

  @BeforeEach
  void seed() throws Exception {
    GitDaemon.requireGit();
    bare = dir.resolve("app.git");
    try (Repository repository = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
      repository.create(true);
      SeededRepository.write(
          repository,
          RepositorySeed.onBranch("main")
              .commit("Add api chart", Map.of("charts/api/Chart.yaml", "version: 0.1.0\n"))
              .tag("v0.1.0")
              .commit("Fix the probe", Map.of("src/probe.txt", "ok\n"))
              .build());
    }
    scm = GitSourceControl.builder().directory(bare).build();
  }

  @AfterEach
  void close() {
    scm.close();
  }

  @Test
  @DisplayName("the release is an annotated tag: name on the first line, then the notes")
  void annotatedTag() throws Exception {
    String head = scm.resolveCommit("main");

    scm.createRelease(new ReleaseRequest("v0.2.0", head, "api 0.2.0", Optional.of("v0.1.0")));

    assertThat(git(bare, "cat-file", "-t", "v0.2.0").strip()).isEqualTo("tag");
    assertThat(git(bare, "rev-parse", "v0.2.0^{commit}").strip()).isEqualTo(head);
    assertThat(git(bare, "tag", "-l", "--format=%(contents)", "v0.2.0"))
        .startsWith("api 0.2.0\n\n## What's Changed\n* Fix the probe\n")
        .doesNotContain("Add api chart");
  }

  @Test
  @DisplayName("appending to the notes re-creates the tag object at the same commit")
  void appendKeepsCommit() throws Exception {
    String head = scm.resolveCommit("main");
    scm.createRelease(new ReleaseRequest("v0.2.0", head, "api 0.2.0", Optional.of("v0.1.0")));
    String before = git(bare, "rev-parse", "v0.2.0").strip();

    Release after = scm.appendToReleaseNotes("v0.2.0", "* prod by alice");

    assertThat(git(bare, "rev-parse", "v0.2.0").strip()).isNotEqualTo(before);
    assertThat(git(bare, "rev-parse", "v0.2.0^{commit}").strip()).isEqualTo(head);
    assertThat(git(bare, "tag", "-l", "--format=%(contents)", "v0.2.0").strip())
        .endsWith("* prod by alice");
    assertThat(after.notes()).endsWith("* prod by alice");
  }

  @Test
  @DisplayName("a commit is authored by the actor and the tag lists the commit subjects git sees")
  void author() throws Exception {
    String head = scm.resolveCommit("main");
    scm.commitFile(
        new dev.promotion.spi.FileCommit(
            "main",
            "charts/api/Chart.yaml",
            Optional.of("version: 0.1.0\n"),
            "version: 0.1.1\n",
            "Bump api chart to 0.1.1\n\nPromotion-Actor: alice\n",
            "alice"));

    assertThat(git(bare, "log", "-1", "--format=%an|%s", "main").strip())
        .isEqualTo("alice|Bump api chart to 0.1.1");
    assertThat(git(bare, "rev-parse", "main~1").strip()).isEqualTo(head);
    assertThat(git(bare, "show", "main:charts/api/Chart.yaml")).isEqualTo("version: 0.1.1\n");
  }

  @Test
  @DisplayName("opening a pull request says plain git cannot, and that the branch is pushed")
  void pullRequest() {
    UnsupportedCapabilityException e =
        catchThrowableOfType(
            UnsupportedCapabilityException.class,
            () ->
                scm.openDraftPullRequest(
                    new PullRequestRequest("hotfix-0-1-1", "main", "Hotfix 0.1.1", "")));

    assertThat(e.backend()).isEqualTo("git");
    assertThat(e.getMessage())
        .startsWith("git cannot open pull requests.")
        .contains("hotfix-0-1-1 is pushed to", "merge it into main");
  }

  @Test
  @DisplayName("dispatching a workflow says nothing was dispatched and what to run instead")
  void dispatch() {
    UnsupportedCapabilityException e =
        catchThrowableOfType(
            UnsupportedCapabilityException.class,
            () ->
                scm.dispatchWorkflow(
                    new WorkflowDispatch("publish-dev.yaml", "main", Map.of(), "k")));

    assertThat(e.getMessage())
        .startsWith("git cannot run workflows.")
        .contains("Nothing was dispatched", "publish-dev.yaml on main");
  }
}
