package dev.promotion.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.error.ReleaseAssetTooLargeException;
import dev.promotion.error.TagConflictException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.spi.BranchResult;
import dev.promotion.spi.CommitResult;
import dev.promotion.spi.DeploymentRecord;
import dev.promotion.spi.DeploymentRequest;
import dev.promotion.spi.DeploymentState;
import dev.promotion.spi.DeploymentStatus;
import dev.promotion.spi.DispatchResult;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.PullRequest;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.PullRequestResult;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.ReleaseResult;
import dev.promotion.spi.SourceControl;
import dev.promotion.spi.Tag;
import dev.promotion.spi.WorkflowDispatch;
import dev.promotion.testkit.fixture.ChartFixture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link SourceControl} follows, as tests. Extend it and implement {@link
 * #createSourceControl(RepositorySeed)}, which turns {@link #SEED} into a real repository:
 *
 * <pre>{@code
 * class GitSourceControlContractTest extends SourceControlContract {
 *   @TempDir Path dir;
 *
 *   @Override
 *   protected SourceControl createSourceControl(RepositorySeed seed) {
 *     Repository repository = bareRepositoryWith(seed); // commits, tags, branch
 *     return GitSourceControl.builder().repository(repository).build();
 *   }
 *
 *   @Override
 *   protected boolean supportsPullRequests() {
 *     return false; // plain git: the kit expects UnsupportedCapabilityException
 *   }
 * }
 * }</pre>
 *
 * <p>The seed is {@value #MAIN} with three commits, the first tagged {@value #FIRST_TAG} (see
 * {@link #SEED}). Capabilities a backend lacks are declared with {@link #supportsPullRequests()},
 * {@link #supportsWorkflowDispatch()} and {@link #supportsDeployments()}; the tests of that
 * capability then assert that every call throws {@link UnsupportedCapabilityException}, whatever
 * its arguments.
 */
public abstract class SourceControlContract {
  /** The seeded branch. */
  protected static final String MAIN = "main";

  /** The tag of the seed's first commit. */
  protected static final String FIRST_TAG = "v0.1.0";

  /** The chart's {@code Chart.yaml}, at version 0.1.0 on the first commit and 0.1.1 later. */
  protected static final String CHART_YAML = "charts/api/Chart.yaml";

  /** A workflow file the seed holds, for dispatches. */
  protected static final String WORKFLOW = "publish-dev.yaml";

  /** A UTF-8 text file of the seed with non-ASCII characters. */
  protected static final String README = "README.md";

  /** The text of {@link #README}. */
  protected static final String README_TEXT = "# api\n\nDéployé par promotion ✓\n";

  /** The author the tests commit as. */
  protected static final String ACTOR = "ci-bot";

  private static final String CHART_0_1_0 = ChartFixture.chartYaml("api", "0.1.0");
  private static final String CHART_0_1_1 = ChartFixture.chartYaml("api", "0.1.1");
  private static final String CHART_0_1_2 = ChartFixture.chartYaml("api", "0.1.2");
  private static final String FIRST_SUBJECT = "Add api chart";
  private static final String SECOND_SUBJECT = "Bump chart to 0.1.1";
  private static final String THIRD_SUBJECT = "Add health endpoint";
  private static final String UNKNOWN_ID = "0000000000000000000000000000000000000000";

  /**
   * The repository every test starts from, branch {@value #MAIN}:
   *
   * <ol>
   *   <li>{@code Add api chart} (with a body): {@value #CHART_YAML} at 0.1.0, {@code
   *       .github/workflows/publish-dev.yaml}, {@value #README}; tagged {@value #FIRST_TAG}
   *   <li>{@code Bump chart to 0.1.1}: {@value #CHART_YAML} at 0.1.1
   *   <li>{@code Add health endpoint}: {@code src/health.txt}
   * </ol>
   */
  protected static final RepositorySeed SEED =
      RepositorySeed.onBranch(MAIN)
          .commit(
              FIRST_SUBJECT + "\n\nScaffold the chart and the publish workflow.\n",
              Map.of(
                  CHART_YAML,
                  CHART_0_1_0,
                  ".github/workflows/" + WORKFLOW,
                  "name: Publish Dev\non:\n  workflow_dispatch: {}\n  push:\n    branches: [main]\n",
                  README,
                  README_TEXT))
          .tag(FIRST_TAG)
          .commit(SECOND_SUBJECT, Map.of(CHART_YAML, CHART_0_1_1))
          .commit(THIRD_SUBJECT, Map.of("src/health.txt", "ok\n"))
          .build();

  private SourceControl scm;

  /**
   * Creates the source control under test over a fresh repository holding {@code seed} (always
   * {@link #SEED}) and nothing else: no other branch, tag, release, pull request or dispatch.
   */
  protected abstract SourceControl createSourceControl(RepositorySeed seed);

  /**
   * Whether the backend opens pull requests. When {@code false}, the kit expects {@link
   * SourceControl#openDraftPullRequest} to throw {@link UnsupportedCapabilityException} for any
   * request. Default: {@code true}.
   */
  protected boolean supportsPullRequests() {
    return true;
  }

  /**
   * Whether the backend runs workflows. When {@code false}, the kit expects {@link
   * SourceControl#dispatchWorkflow} to throw {@link UnsupportedCapabilityException} for any
   * dispatch. Default: {@code true}.
   */
  protected boolean supportsWorkflowDispatch() {
    return true;
  }

  /**
   * Whether the backend records deployments (GitHub's Deployments API). When {@code false}, the kit
   * expects {@link SourceControl#recordDeployment}, {@link SourceControl#updateDeployment} and
   * {@link SourceControl#deployments} to throw {@link UnsupportedCapabilityException} for any
   * arguments. Default: {@code true}.
   */
  protected boolean supportsDeployments() {
    return true;
  }

  /**
   * Whether the backend reads release assets ({@link SourceControl#releaseAsset}, an optional
   * capability). When {@code false}, the kit expects every call to throw {@link
   * UnsupportedCapabilityException}. When {@code true}, implement {@link #attachReleaseAsset}.
   * Default: {@code false}, as the port's default.
   */
  protected boolean supportsReleaseAssets() {
    return false;
  }

  /**
   * Attaches a file to an existing release of the repository under test, the way a build would
   * ({@code gh release upload}); called only when {@link #supportsReleaseAssets()} is {@code true}.
   *
   * @throws UnsupportedOperationException unless overridden
   */
  protected void attachReleaseAsset(String tag, String name, byte[] content) {
    throw new UnsupportedOperationException(
        "Override attachReleaseAsset when supportsReleaseAssets() is true");
  }

  @BeforeEach
  void createFreshSourceControl() {
    scm = createSourceControl(SEED);
  }

  @Nested
  @DisplayName("resolving a commit")
  class Resolving {
    @Test
    @DisplayName("a branch resolves to its head, a full lowercase commit id")
    void branch() {
      String head = scm.resolveCommit(MAIN);

      assertThat(head).matches("[0-9a-f]{40}|[0-9a-f]{64}");
      assertThat(scm.branchHead(MAIN)).contains(head);
    }

    @Test
    @DisplayName("a tag resolves to the commit it points at")
    void tag() {
      String tagged = scm.resolveCommit(FIRST_TAG);

      assertThat(tagged).matches("[0-9a-f]{40}|[0-9a-f]{64}").isNotEqualTo(scm.resolveCommit(MAIN));
      assertThat(scm.findTag(FIRST_TAG)).map(Tag::commit).contains(tagged);
    }

    @Test
    @DisplayName("a full commit id resolves to itself")
    void fullId() {
      String head = scm.resolveCommit(MAIN);

      assertThat(scm.resolveCommit(head)).isEqualTo(head);
    }

    @Test
    @DisplayName("a unique short commit id resolves to the full id")
    void shortId() {
      String head = scm.resolveCommit(MAIN);
      String tagged = scm.resolveCommit(FIRST_TAG);

      assertThat(scm.resolveCommit(head.substring(0, 7))).isEqualTo(head);
      assertThat(scm.resolveCommit(tagged.substring(0, 12))).isEqualTo(tagged);
    }

    @Test
    @DisplayName("an unknown branch or tag is not found")
    void unknownName() {
      ReferenceNotFoundException e =
          catchThrowableOfType(
              ReferenceNotFoundException.class, () -> scm.resolveCommit("no-such-branch"));

      assertThat(e).as("resolving an unknown name").isNotNull();
      assertThat(e.reference()).isEqualTo("no-such-branch");
    }

    @Test
    @DisplayName("an unknown commit id is not found")
    void unknownId() {
      assertThatThrownBy(() -> scm.resolveCommit(UNKNOWN_ID))
          .isInstanceOf(ReferenceNotFoundException.class);
    }

    @Test
    @DisplayName("a branch resolves to its new head after a commit")
    void followsBranch() {
      String before = scm.resolveCommit(MAIN);
      CommitResult result = scm.commitFile(edit(MAIN, CHART_YAML, CHART_0_1_1, CHART_0_1_2));

      assertThat(scm.resolveCommit(MAIN)).isEqualTo(result.commit()).isNotEqualTo(before);
    }
  }

  @Nested
  @DisplayName("reading files")
  class ReadingFiles {
    @Test
    @DisplayName("reads a file at a branch as UTF-8 text")
    void atBranch() {
      assertThat(scm.readFile(MAIN, README)).contains(README_TEXT);
      assertThat(scm.readFile(MAIN, CHART_YAML)).contains(CHART_0_1_1);
    }

    @Test
    @DisplayName("reads a file as it was at a tag")
    void atTag() {
      assertThat(scm.readFile(FIRST_TAG, CHART_YAML)).contains(CHART_0_1_0);
    }

    @Test
    @DisplayName("reads a file at a full commit id")
    void atCommit() {
      String tagged = scm.resolveCommit(FIRST_TAG);

      assertThat(scm.readFile(tagged, CHART_YAML)).contains(CHART_0_1_0);
    }

    @Test
    @DisplayName("a file that does not exist at the ref reads as empty")
    void absentFile() {
      assertThat(scm.readFile(MAIN, "charts/web/Chart.yaml")).isEmpty();
      assertThat(scm.readFile(FIRST_TAG, "src/health.txt")).isEmpty();
    }

    @Test
    @DisplayName("reading at an unknown ref is not found")
    void unknownRef() {
      assertThatThrownBy(() -> scm.readFile("no-such-branch", CHART_YAML))
          .isInstanceOf(ReferenceNotFoundException.class);
    }
  }

  @Nested
  @DisplayName("committing a file")
  class CommittingFiles {
    @Test
    @DisplayName("a change from the expected content is committed on top of the branch")
    void commitsChange() {
      String before = scm.resolveCommit(MAIN);

      CommitResult result = scm.commitFile(edit(MAIN, CHART_YAML, CHART_0_1_1, CHART_0_1_2));

      assertThat(result).isInstanceOf(CommitResult.Committed.class);
      assertThat(result.commit()).isNotEqualTo(before);
      assertThat(scm.branchHead(MAIN)).contains(result.commit());
      assertThat(scm.readFile(MAIN, CHART_YAML)).contains(CHART_0_1_2);
      assertThat(scm.readFile(before, CHART_YAML)).contains(CHART_0_1_1);
      assertThat(scm.readFile(MAIN, README)).as("other files are kept").contains(README_TEXT);
    }

    @Test
    @DisplayName("a new file is created when no content is expected")
    void createsFile() {
      CommitResult result =
          scm.commitFile(
              new FileCommit(
                  MAIN,
                  "charts/web/Chart.yaml",
                  Optional.empty(),
                  "name: web\n",
                  "Add web chart",
                  ACTOR));

      assertThat(result).isInstanceOf(CommitResult.Committed.class);
      assertThat(scm.readFile(MAIN, "charts/web/Chart.yaml")).contains("name: web\n");
    }

    @Test
    @DisplayName("committing the content the file already has writes nothing")
    void unchanged() {
      String before = scm.resolveCommit(MAIN);

      CommitResult result = scm.commitFile(edit(MAIN, CHART_YAML, CHART_0_1_1, CHART_0_1_1));

      assertThat(result).isEqualTo(new CommitResult.Unchanged(before));
      assertThat(scm.branchHead(MAIN)).contains(before);
    }

    @Test
    @DisplayName(
        "committing the content the file already has writes nothing, whatever was expected")
    void unchangedDespiteStaleExpectation() {
      String before = scm.resolveCommit(MAIN);

      CommitResult result = scm.commitFile(edit(MAIN, CHART_YAML, CHART_0_1_0, CHART_0_1_1));

      assertThat(result).isEqualTo(new CommitResult.Unchanged(before));
    }

    @Test
    @DisplayName("a file with other content than expected is not overwritten")
    void rejectsStaleExpectation() {
      String before = scm.resolveCommit(MAIN);

      assertThatThrownBy(() -> scm.commitFile(edit(MAIN, CHART_YAML, CHART_0_1_0, CHART_0_1_2)))
          .isInstanceOf(ConcurrentModificationException.class);

      assertThat(scm.branchHead(MAIN)).contains(before);
      assertThat(scm.readFile(MAIN, CHART_YAML)).contains(CHART_0_1_1);
    }

    @Test
    @DisplayName("an existing file is not overwritten when none is expected")
    void rejectsCreateOverExisting() {
      String before = scm.resolveCommit(MAIN);

      assertThatThrownBy(
              () ->
                  scm.commitFile(
                      new FileCommit(
                          MAIN,
                          CHART_YAML,
                          Optional.empty(),
                          CHART_0_1_2,
                          "Recreate chart",
                          ACTOR)))
          .isInstanceOf(ConcurrentModificationException.class);

      assertThat(scm.branchHead(MAIN)).contains(before);
    }

    @Test
    @DisplayName("a missing file does not match an expected content")
    void rejectsExpectationOfMissingFile() {
      assertThatThrownBy(
              () ->
                  scm.commitFile(
                      edit(MAIN, "charts/web/Chart.yaml", "name: web\n", "name: web2\n")))
          .isInstanceOf(ConcurrentModificationException.class);

      assertThat(scm.readFile(MAIN, "charts/web/Chart.yaml")).isEmpty();
    }

    @Test
    @DisplayName("committing to an unknown branch is not found")
    void unknownBranch() {
      assertThatThrownBy(
              () -> scm.commitFile(edit("no-such-branch", CHART_YAML, CHART_0_1_1, CHART_0_1_2)))
          .isInstanceOf(ReferenceNotFoundException.class);
    }

    @Test
    @DisplayName("a commit moves only its own branch")
    void otherBranchesStay() {
      String head = scm.resolveCommit(MAIN);
      scm.createBranch("hotfix-0-1-1", scm.resolveCommit(FIRST_TAG));
      String hotfix = scm.resolveCommit("hotfix-0-1-1");

      scm.commitFile(edit(MAIN, CHART_YAML, CHART_0_1_1, CHART_0_1_2));

      assertThat(scm.branchHead("hotfix-0-1-1")).contains(hotfix);
      assertThat(scm.resolveCommit(FIRST_TAG)).isEqualTo(hotfix);
      assertThat(scm.branchHead(MAIN)).isNotEqualTo(Optional.of(head));
    }

    @Test
    @DisplayName("of concurrent writers expecting the same content, exactly one wins")
    void concurrentWritersOneWins() throws Exception {
      List<Callable<CommitResult>> writers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        FileCommit change =
            edit(MAIN, CHART_YAML, CHART_0_1_1, ChartFixture.chartYaml("api", "0.1." + (10 + i)));
        writers.add(() -> scm.commitFile(change));
      }

      List<Object> outcomes = Concurrently.run(writers);

      assertThat(outcomes).filteredOn(CommitResult.Committed.class::isInstance).hasSize(1);
      assertThat(outcomes)
          .filteredOn(o -> !(o instanceof CommitResult.Committed))
          .allSatisfy(o -> assertThat(o).isInstanceOf(ConcurrentModificationException.class));
      CommitResult winner =
          (CommitResult)
              outcomes.stream()
                  .filter(CommitResult.Committed.class::isInstance)
                  .findFirst()
                  .orElseThrow();
      assertThat(scm.branchHead(MAIN)).contains(winner.commit());
    }
  }

  @Nested
  @DisplayName("branches")
  class Branches {
    @Test
    @DisplayName("the head of a branch is its latest commit")
    void head() {
      assertThat(scm.branchHead(MAIN)).contains(scm.resolveCommit(MAIN));
    }

    @Test
    @DisplayName("an unknown branch has no head")
    void unknown() {
      assertThat(scm.branchHead("no-such-branch")).isEmpty();
    }

    @Test
    @DisplayName("a branch is created at a commit")
    void creates() {
      String tagged = scm.resolveCommit(FIRST_TAG);

      BranchResult result = scm.createBranch("hotfix-0-1-1", tagged);

      assertThat(result).isEqualTo(new BranchResult.Created("hotfix-0-1-1", tagged));
      assertThat(scm.branchHead("hotfix-0-1-1")).contains(tagged);
      assertThat(scm.readFile("hotfix-0-1-1", CHART_YAML)).contains(CHART_0_1_0);
    }

    @Test
    @DisplayName("creating a branch that exists leaves it where it is")
    void alreadyExists() {
      String head = scm.resolveCommit(MAIN);

      BranchResult result = scm.createBranch(MAIN, scm.resolveCommit(FIRST_TAG));

      assertThat(result).isEqualTo(new BranchResult.AlreadyExists(MAIN, head));
      assertThat(scm.branchHead(MAIN)).contains(head);
    }

    @Test
    @DisplayName("a branch cannot be created at a commit that does not exist")
    void unknownCommit() {
      assertThatThrownBy(() -> scm.createBranch("hotfix-0-1-1", UNKNOWN_ID))
          .isInstanceOf(ReferenceNotFoundException.class);
      assertThat(scm.branchHead("hotfix-0-1-1")).isEmpty();
    }
  }

  @Nested
  @DisplayName("tags")
  class Tags {
    @Test
    @DisplayName("finds a tag with the commit it points at")
    void finds() {
      assertThat(scm.findTag(FIRST_TAG)).contains(new Tag(FIRST_TAG, scm.resolveCommit(FIRST_TAG)));
    }

    @Test
    @DisplayName("an unknown tag is not found")
    void unknown() {
      assertThat(scm.findTag("v9.9.9")).isEmpty();
    }

    @Test
    @DisplayName("lists every tag, sorted by name")
    void listsSorted() {
      String head = scm.resolveCommit(MAIN);
      scm.createRelease(new ReleaseRequest("v0.2.0", head, "v0.2.0", Optional.of(FIRST_TAG)));
      scm.createRelease(new ReleaseRequest("v0.10.0", head, "v0.10.0", Optional.of("v0.2.0")));

      assertThat(scm.listTags())
          .containsExactly(
              new Tag(FIRST_TAG, scm.resolveCommit(FIRST_TAG)),
              new Tag("v0.10.0", head),
              new Tag("v0.2.0", head));
    }
  }

  @Nested
  @DisplayName("releases")
  class Releases {
    @Test
    @DisplayName("a release is created with its tag at the requested commit")
    void creates() {
      String head = scm.resolveCommit(MAIN);

      ReleaseResult result =
          scm.createRelease(
              new ReleaseRequest("v0.2.0", head, "api 0.2.0", Optional.of(FIRST_TAG)));

      assertThat(result).isInstanceOf(ReleaseResult.Created.class);
      Release release = result.release();
      assertThat(release.tag()).isEqualTo("v0.2.0");
      assertThat(release.commit()).isEqualTo(head);
      assertThat(release.name()).isEqualTo("api 0.2.0");
      assertThat(scm.findTag("v0.2.0")).contains(new Tag("v0.2.0", head));
      assertThat(scm.findRelease("v0.2.0")).contains(release);
    }

    @Test
    @DisplayName("a release is tagged at the requested commit, not at the branch head")
    void atRequestedCommit() {
      String candidate = scm.resolveCommit(MAIN);
      scm.commitFile(edit(MAIN, CHART_YAML, CHART_0_1_1, CHART_0_1_2));

      scm.createRelease(new ReleaseRequest("v0.1.1", candidate, "v0.1.1", Optional.of(FIRST_TAG)));

      assertThat(scm.findTag("v0.1.1")).map(Tag::commit).contains(candidate);
      assertThat(scm.resolveCommit(MAIN)).isNotEqualTo(candidate);
    }

    @Test
    @DisplayName("the notes list the subjects of the commits since the previous tag")
    void notesSincePreviousTag() {
      Release release =
          scm.createRelease(
                  new ReleaseRequest(
                      "v0.2.0", scm.resolveCommit(MAIN), "v0.2.0", Optional.of(FIRST_TAG)))
              .release();

      assertThat(release.notes())
          .contains(SECOND_SUBJECT, THIRD_SUBJECT)
          .doesNotContain(FIRST_SUBJECT);
    }

    @Test
    @DisplayName(
        "without a previous tag the notes list every commit reachable from the release commit")
    void notesWithoutPreviousTag() {
      Release release =
          scm.createRelease(
                  new ReleaseRequest("v0.2.0", scm.resolveCommit(MAIN), "v0.2.0", Optional.empty()))
              .release();

      assertThat(release.notes()).contains(FIRST_SUBJECT, SECOND_SUBJECT, THIRD_SUBJECT);
    }

    @Test
    @DisplayName("commits not reachable from the release commit are not in its notes")
    void notesOnlyReachable() {
      String candidate = scm.resolveCommit(MAIN);
      scm.createBranch("experiment", candidate);
      scm.commitFile(
          new FileCommit(
              "experiment",
              "src/cache.txt",
              Optional.empty(),
              "on\n",
              "Try an experimental cache",
              ACTOR));
      scm.commitFile(
          new FileCommit(
              MAIN, "src/metrics.txt", Optional.empty(), "on\n", "Add metrics endpoint", ACTOR));

      Release release =
          scm.createRelease(
                  new ReleaseRequest("v0.2.0", candidate, "v0.2.0", Optional.of(FIRST_TAG)))
              .release();

      assertThat(release.notes())
          .contains(THIRD_SUBJECT)
          .doesNotContain("Try an experimental cache")
          .doesNotContain("Add metrics endpoint");
    }

    @Test
    @DisplayName("creating a release that exists at the same commit writes nothing")
    void idempotent() {
      ReleaseRequest request =
          new ReleaseRequest("v0.2.0", scm.resolveCommit(MAIN), "v0.2.0", Optional.of(FIRST_TAG));
      Release created = scm.createRelease(request).release();

      ReleaseResult again = scm.createRelease(request);

      assertThat(again).isInstanceOf(ReleaseResult.AlreadyExists.class);
      assertThat(again.release()).isEqualTo(created);
      assertThat(scm.listTags()).extracting(Tag::name).containsExactly(FIRST_TAG, "v0.2.0");
    }

    @Test
    @DisplayName("a release is created on a tag that already exists at the requested commit")
    void onExistingTag() {
      String tagged = scm.resolveCommit(FIRST_TAG);

      ReleaseResult result =
          scm.createRelease(new ReleaseRequest(FIRST_TAG, tagged, "api 0.1.0", Optional.empty()));

      assertThat(result).isInstanceOf(ReleaseResult.Created.class);
      assertThat(result.release().commit()).isEqualTo(tagged);
      assertThat(result.release().notes()).contains(FIRST_SUBJECT).doesNotContain(SECOND_SUBJECT);
      assertThat(scm.findTag(FIRST_TAG)).map(Tag::commit).contains(tagged);
    }

    @Test
    @DisplayName("a tag at another commit is never moved")
    void tagConflict() {
      String tagged = scm.resolveCommit(FIRST_TAG);
      String head = scm.resolveCommit(MAIN);

      TagConflictException e =
          catchThrowableOfType(
              TagConflictException.class,
              () ->
                  scm.createRelease(
                      new ReleaseRequest(FIRST_TAG, head, "api 0.1.0", Optional.empty())));

      assertThat(e).as("releasing on a tag at another commit").isNotNull();
      assertThat(e.tag()).isEqualTo(FIRST_TAG);
      assertThat(e.existingCommit()).isEqualTo(tagged);
      assertThat(e.requestedCommit()).isEqualTo(head);
      assertThat(scm.findTag(FIRST_TAG)).map(Tag::commit).contains(tagged);
      assertThat(scm.findRelease(FIRST_TAG)).isEmpty();
    }

    @Test
    @DisplayName("a release that exists at another commit is a tag conflict")
    void releaseConflict() {
      String head = scm.resolveCommit(MAIN);
      scm.createRelease(new ReleaseRequest("v0.2.0", head, "v0.2.0", Optional.of(FIRST_TAG)));

      assertThatThrownBy(
              () ->
                  scm.createRelease(
                      new ReleaseRequest(
                          "v0.2.0", scm.resolveCommit(FIRST_TAG), "v0.2.0", Optional.empty())))
          .isInstanceOf(TagConflictException.class);

      assertThat(scm.findRelease("v0.2.0")).map(Release::commit).contains(head);
    }

    @Test
    @DisplayName("a release cannot be created at a commit that does not exist")
    void unknownCommit() {
      assertThatThrownBy(
              () ->
                  scm.createRelease(
                      new ReleaseRequest("v0.2.0", UNKNOWN_ID, "v0.2.0", Optional.empty())))
          .isInstanceOf(ReferenceNotFoundException.class);

      assertThat(scm.findTag("v0.2.0")).isEmpty();
      assertThat(scm.findRelease("v0.2.0")).isEmpty();
    }

    @Test
    @DisplayName("an unknown release is not found")
    void unknownRelease() {
      assertThat(scm.findRelease(FIRST_TAG)).isEmpty();
      assertThat(scm.findRelease("v9.9.9")).isEmpty();
    }
  }

  @Nested
  @DisplayName("appending to release notes")
  class ReleaseNotes {
    @Test
    @DisplayName("text is appended to the notes, which keep what they had")
    void appends() {
      Release before = release("v0.2.0");
      String line = "* promoted to prod by alice at 2026-03-04T15:30:07Z";

      Release after = scm.appendToReleaseNotes("v0.2.0", line);

      assertThat(after.notes()).startsWith(before.notes().stripTrailing()).contains(line);
      assertThat(after.tag()).isEqualTo(before.tag());
      assertThat(after.commit()).isEqualTo(before.commit());
      assertThat(scm.findRelease("v0.2.0")).contains(after);
    }

    @Test
    @DisplayName("appending text the notes already contain writes nothing")
    void idempotent() {
      release("v0.2.0");
      String line = "* promoted to prod by alice";
      Release first = scm.appendToReleaseNotes("v0.2.0", line);

      Release second = scm.appendToReleaseNotes("v0.2.0", line);

      assertThat(second.notes()).isEqualTo(first.notes());
      assertThat(scm.findRelease("v0.2.0").orElseThrow().notes()).isEqualTo(first.notes());
    }

    @Test
    @DisplayName("texts appended one after another appear in that order")
    void keepsOrder() {
      release("v0.2.0");

      scm.appendToReleaseNotes("v0.2.0", "## Promotions");
      scm.appendToReleaseNotes("v0.2.0", "* prod by alice");
      String notes = scm.findRelease("v0.2.0").orElseThrow().notes();

      assertThat(notes.indexOf("## Promotions")).isLessThan(notes.indexOf("* prod by alice"));
    }

    @Test
    @DisplayName("appending to a release that does not exist is not found")
    void unknownRelease() {
      assertThatThrownBy(() -> scm.appendToReleaseNotes("v9.9.9", "* promoted"))
          .isInstanceOf(ReferenceNotFoundException.class);
    }
  }

  @Nested
  @DisplayName("draft pull requests")
  class PullRequests {
    @Test
    @DisplayName("a draft pull request is opened from head into base")
    void opens() {
      PullRequestRequest request = hotfixPullRequest();

      if (!supportsPullRequests()) {
        assertUnsupported(() -> scm.openDraftPullRequest(request));
        return;
      }
      PullRequestResult result = scm.openDraftPullRequest(request);
      PullRequest opened = result.pullRequest();

      assertThat(result).isInstanceOf(PullRequestResult.Opened.class);
      assertThat(opened.head()).isEqualTo("hotfix-0-1-1");
      assertThat(opened.base()).isEqualTo(MAIN);
      assertThat(opened.title()).isEqualTo(request.title());
      assertThat(opened.draft()).isTrue();
      assertThat(opened.number()).isPositive();
    }

    @Test
    @DisplayName("opening it again returns the open one and opens nothing")
    void idempotent() {
      PullRequestRequest request = hotfixPullRequest();

      if (!supportsPullRequests()) {
        assertUnsupported(() -> scm.openDraftPullRequest(request));
        return;
      }
      PullRequest first = scm.openDraftPullRequest(request).pullRequest();
      PullRequestResult again = scm.openDraftPullRequest(request);
      PullRequest second = again.pullRequest();

      assertThat(again).isInstanceOf(PullRequestResult.AlreadyOpen.class);
      assertThat(second.number()).isEqualTo(first.number());
      assertThat(second.head()).isEqualTo(first.head());
      assertThat(second.base()).isEqualTo(first.base());
    }

    @Test
    @DisplayName("a pull request from a branch that does not exist is not found")
    void unknownBranch() {
      PullRequestRequest request =
          new PullRequestRequest("no-such-branch", MAIN, "Hotfix", "Merges the hotfix back.");

      if (!supportsPullRequests()) {
        assertUnsupported(() -> scm.openDraftPullRequest(request));
        return;
      }
      assertThatThrownBy(() -> scm.openDraftPullRequest(request))
          .isInstanceOf(ReferenceNotFoundException.class);
    }
  }

  @Nested
  @DisplayName("workflow dispatch")
  class WorkflowDispatches {
    @Test
    @DisplayName("a workflow run is requested on a ref with its inputs")
    void dispatches() {
      WorkflowDispatch dispatch =
          new WorkflowDispatch(
              WORKFLOW, MAIN, Map.of("reason", "release v0.1.0"), "release-v0.1.0-next-dev");

      if (!supportsWorkflowDispatch()) {
        assertUnsupported(() -> scm.dispatchWorkflow(dispatch));
        return;
      }
      DispatchResult result = scm.dispatchWorkflow(dispatch);

      assertThat(result).isEqualTo(new DispatchResult.Dispatched(dispatch));
    }

    @Test
    @DisplayName("a dispatch with a key already used sends nothing")
    void idempotentByKey() {
      WorkflowDispatch dispatch =
          new WorkflowDispatch(WORKFLOW, MAIN, Map.of(), "release-v0.1.0-next-dev");

      if (!supportsWorkflowDispatch()) {
        assertUnsupported(() -> scm.dispatchWorkflow(dispatch));
        return;
      }
      scm.dispatchWorkflow(dispatch);
      DispatchResult again = scm.dispatchWorkflow(dispatch);

      assertThat(again).isInstanceOf(DispatchResult.AlreadyDispatched.class);
      assertThat(again.dispatch().key()).isEqualTo(dispatch.key());
      assertThat(again.dispatch().workflow()).isEqualTo(WORKFLOW);
    }

    @Test
    @DisplayName("dispatches with different keys are each sent")
    void distinctKeys() {
      WorkflowDispatch first =
          new WorkflowDispatch(WORKFLOW, MAIN, Map.of(), "release-v0.1.0-next-dev");
      WorkflowDispatch second =
          new WorkflowDispatch(WORKFLOW, MAIN, Map.of(), "release-v0.1.1-next-dev");

      if (!supportsWorkflowDispatch()) {
        assertUnsupported(() -> scm.dispatchWorkflow(first));
        return;
      }

      assertThat(scm.dispatchWorkflow(first)).isInstanceOf(DispatchResult.Dispatched.class);
      assertThat(scm.dispatchWorkflow(second)).isInstanceOf(DispatchResult.Dispatched.class);
    }

    @Test
    @DisplayName("a dispatch on a ref that does not exist is not found")
    void unknownRef() {
      WorkflowDispatch dispatch = new WorkflowDispatch(WORKFLOW, "no-such-branch", Map.of(), "k1");

      if (!supportsWorkflowDispatch()) {
        assertUnsupported(() -> scm.dispatchWorkflow(dispatch));
        return;
      }
      assertThatThrownBy(() -> scm.dispatchWorkflow(dispatch))
          .isInstanceOf(ReferenceNotFoundException.class);
    }

    @Test
    @DisplayName("a dispatch of a workflow that does not exist is not found")
    void unknownWorkflow() {
      WorkflowDispatch dispatch =
          new WorkflowDispatch("no-such-workflow.yaml", MAIN, Map.of(), "k1");

      if (!supportsWorkflowDispatch()) {
        assertUnsupported(() -> scm.dispatchWorkflow(dispatch));
        return;
      }
      assertThatThrownBy(() -> scm.dispatchWorkflow(dispatch))
          .isInstanceOf(ReferenceNotFoundException.class);
    }
  }

  @Nested
  @DisplayName("deployments")
  class Deployments {
    @Test
    @DisplayName(
        "a deployment is recorded for an environment at a commit, with its payload in order and no"
            + " status yet")
    void records() {
      String head = scm.resolveCommit(MAIN);
      DeploymentRequest request = deployment("k-test-1", head, "test", false);

      if (!supportsDeployments()) {
        assertUnsupported(() -> scm.recordDeployment(request));
        return;
      }
      DeploymentRecord recorded = scm.recordDeployment(request);

      assertThat(recorded.created()).isTrue();
      assertThat(recorded.id()).isNotBlank();
      assertThat(recorded.key()).isEqualTo("k-test-1");
      assertThat(recorded.ref()).isEqualTo(head);
      assertThat(recorded.environment()).isEqualTo("test");
      assertThat(recorded.payload()).containsExactlyEntriesOf(request.payload());
      assertThat(recorded.statuses()).isEmpty();
      assertThat(recorded.state()).isEmpty();
      assertThat(scm.deployments("test", 10))
          .singleElement()
          .satisfies(
              listed -> {
                assertThat(listed.id()).isEqualTo(recorded.id());
                assertThat(listed.key()).isEqualTo("k-test-1");
                assertThat(listed.payload()).containsExactlyEntriesOf(request.payload());
                assertThat(listed.created()).isFalse();
              });
    }

    @Test
    @DisplayName(
        "recording a deployment again with the same key returns the recorded one and records"
            + " nothing")
    void idempotentByKey() {
      DeploymentRequest request = deployment("k-test-1", scm.resolveCommit(MAIN), "test", false);

      if (!supportsDeployments()) {
        assertUnsupported(() -> scm.recordDeployment(request));
        return;
      }
      DeploymentRecord first = scm.recordDeployment(request);
      scm.updateDeployment(first.id(), inProgress());
      DeploymentRecord again = scm.recordDeployment(request);

      assertThat(again.created()).isFalse();
      assertThat(again.id()).isEqualTo(first.id());
      assertThat(again.key()).isEqualTo(request.key());
      assertThat(again.state()).as("found with its statuses").contains(DeploymentState.IN_PROGRESS);
      assertThat(scm.deployments("test", 10)).hasSize(1);
    }

    @Test
    @DisplayName("the same key in another environment records another deployment")
    void keyPerEnvironment() {
      String head = scm.resolveCommit(MAIN);

      if (!supportsDeployments()) {
        assertUnsupported(() -> scm.recordDeployment(deployment("k", head, "test", false)));
        return;
      }
      DeploymentRecord test = scm.recordDeployment(deployment("k", head, "test", false));
      DeploymentRecord stage = scm.recordDeployment(deployment("k", head, "stage", false));

      assertThat(stage.created()).isTrue();
      assertThat(stage.id()).isNotEqualTo(test.id());
      assertThat(scm.deployments("test", 10))
          .extracting(DeploymentRecord::id)
          .containsExactly(test.id());
      assertThat(scm.deployments("stage", 10))
          .extracting(DeploymentRecord::id)
          .containsExactly(stage.id());
    }

    @Test
    @DisplayName("a deployment at a ref that does not exist is not found, and nothing is recorded")
    void unknownRef() {
      DeploymentRequest request = deployment("k-test-1", UNKNOWN_ID, "test", false);

      if (!supportsDeployments()) {
        assertUnsupported(() -> scm.recordDeployment(request));
        return;
      }
      assertThatThrownBy(() -> scm.recordDeployment(request))
          .isInstanceOf(ReferenceNotFoundException.class);
      assertThat(scm.deployments("test", 10)).isEmpty();
    }

    @Test
    @DisplayName("statuses are added to a deployment and read back newest first, with their links")
    void statuses() {
      if (!supportsDeployments()) {
        assertUnsupported(() -> scm.updateDeployment("1", inProgress()));
        return;
      }
      DeploymentRecord recorded =
          scm.recordDeployment(deployment("k-test-1", scm.resolveCommit(MAIN), "test", false));
      DeploymentStatus success =
          new DeploymentStatus(
              DeploymentState.SUCCESS,
              "declared in git, not observed",
              Optional.of("https://ci.example.com/runs/42"),
              Optional.of("https://test.example.com"));

      DeploymentRecord afterInProgress = scm.updateDeployment(recorded.id(), inProgress());
      DeploymentRecord afterSuccess = scm.updateDeployment(recorded.id(), success);

      assertThat(afterInProgress.statuses()).containsExactly(inProgress());
      assertThat(afterSuccess.id()).isEqualTo(recorded.id());
      assertThat(afterSuccess.state()).contains(DeploymentState.SUCCESS);
      assertThat(afterSuccess.statuses()).containsExactly(success, inProgress());
      assertThat(scm.deployments("test", 1).get(0).statuses())
          .containsExactly(success, inProgress());
    }

    @Test
    @DisplayName("a status with the state and description of the newest one is not added twice")
    void statusIdempotent() {
      if (!supportsDeployments()) {
        assertUnsupported(() -> scm.updateDeployment("1", inProgress()));
        return;
      }
      DeploymentRecord recorded =
          scm.recordDeployment(deployment("k-test-1", scm.resolveCommit(MAIN), "test", false));
      scm.updateDeployment(recorded.id(), inProgress());

      DeploymentRecord again = scm.updateDeployment(recorded.id(), inProgress());

      assertThat(again.statuses()).containsExactly(inProgress());
      assertThat(scm.deployments("test", 1).get(0).statuses()).containsExactly(inProgress());
    }

    @Test
    @DisplayName(
        "a success makes the earlier successful deployments of that environment inactive, and no"
            + " other")
    void successMakesEarlierInactive() {
      String head = scm.resolveCommit(MAIN);
      String tagged = scm.resolveCommit(FIRST_TAG);

      if (!supportsDeployments()) {
        assertUnsupported(() -> scm.deployments("test", 10));
        return;
      }
      DeploymentRecord first = succeeded(deployment("k1", tagged, "test", false));
      DeploymentRecord failed = scm.recordDeployment(deployment("k2", head, "test", false));
      scm.updateDeployment(failed.id(), new DeploymentStatus(DeploymentState.FAILURE, "broke"));
      DeploymentRecord otherEnv = succeeded(deployment("k1", tagged, "stage", false));
      DeploymentRecord second = succeeded(deployment("k3", head, "test", false));

      assertThat(stateOf("test", first.id())).contains(DeploymentState.INACTIVE);
      assertThat(stateOf("test", failed.id()))
          .as("a deployment that did not succeed is left as it is")
          .contains(DeploymentState.FAILURE);
      assertThat(stateOf("test", second.id())).contains(DeploymentState.SUCCESS);
      assertThat(stateOf("stage", otherEnv.id()))
          .as("another environment's deployment")
          .contains(DeploymentState.SUCCESS);
    }

    @Test
    @DisplayName("a success in a production environment makes the earlier one inactive too")
    void productionToo() {
      String head = scm.resolveCommit(MAIN);
      String tagged = scm.resolveCommit(FIRST_TAG);

      if (!supportsDeployments()) {
        assertUnsupported(() -> scm.recordDeployment(deployment("k1", tagged, "prod", true)));
        return;
      }
      DeploymentRecord first = succeeded(deployment("k1", tagged, "prod", true));
      DeploymentRecord second = succeeded(deployment("k2", head, "prod", true));

      assertThat(stateOf("prod", first.id())).contains(DeploymentState.INACTIVE);
      assertThat(stateOf("prod", second.id())).contains(DeploymentState.SUCCESS);
    }

    @Test
    @DisplayName("updating a deployment that does not exist is not found")
    void unknownDeployment() {
      if (!supportsDeployments()) {
        assertUnsupported(() -> scm.updateDeployment("987654321", inProgress()));
        return;
      }
      assertThatThrownBy(() -> scm.updateDeployment("987654321", inProgress()))
          .isInstanceOf(ReferenceNotFoundException.class);
    }

    @Test
    @DisplayName("the deployments of an environment are listed newest first, at most the limit")
    void listsNewestFirst() {
      String head = scm.resolveCommit(MAIN);

      if (!supportsDeployments()) {
        assertUnsupported(() -> scm.deployments("test", 2));
        return;
      }
      DeploymentRecord first = scm.recordDeployment(deployment("k1", head, "test", false));
      DeploymentRecord second = scm.recordDeployment(deployment("k2", head, "test", false));
      DeploymentRecord third = scm.recordDeployment(deployment("k3", head, "test", false));
      scm.recordDeployment(deployment("k4", head, "stage", false));

      assertThat(scm.deployments("test", 10))
          .extracting(DeploymentRecord::id)
          .containsExactly(third.id(), second.id(), first.id());
      assertThat(scm.deployments("test", 2))
          .extracting(DeploymentRecord::id)
          .containsExactly(third.id(), second.id());
    }

    @Test
    @DisplayName("an environment without deployments lists none")
    void noneRecorded() {
      if (!supportsDeployments()) {
        assertUnsupported(() -> scm.deployments("test", 10));
        return;
      }
      assertThat(scm.deployments("test", 10)).isEmpty();
    }

    @Test
    @DisplayName("a limit below 1 is refused")
    void limitBelowOne() {
      if (!supportsDeployments()) {
        assertUnsupported(() -> scm.deployments("test", 0));
        return;
      }
      assertThatThrownBy(() -> scm.deployments("test", 0))
          .isInstanceOf(IllegalArgumentException.class);
    }

    private DeploymentRecord succeeded(DeploymentRequest request) {
      DeploymentRecord recorded = scm.recordDeployment(request);
      scm.updateDeployment(recorded.id(), inProgress());
      return scm.updateDeployment(
          recorded.id(),
          new DeploymentStatus(DeploymentState.SUCCESS, "declared in git, not observed"));
    }

    private Optional<DeploymentState> stateOf(String environment, String id) {
      return scm.deployments(environment, 100).stream()
          .filter(d -> d.id().equals(id))
          .findFirst()
          .orElseThrow(() -> new AssertionError("deployment " + id + " is not listed"))
          .state();
    }
  }

  /** The source control of the running test, as {@link #createSourceControl} made it. */
  protected final SourceControl sourceControl() {
    return scm;
  }

  private PullRequestRequest hotfixPullRequest() {
    scm.createBranch("hotfix-0-1-1", scm.resolveCommit(FIRST_TAG));
    scm.commitFile(
        new FileCommit(
            "hotfix-0-1-1",
            "src/fix.txt",
            Optional.empty(),
            "fixed\n",
            "Fix the crash on empty config",
            ACTOR));
    return new PullRequestRequest(
        "hotfix-0-1-1", MAIN, "Hotfix 0.1.1", "Merges hotfix 0.1.1 back into main.");
  }

  private Release release(String tag) {
    return scm.createRelease(
            new ReleaseRequest(tag, scm.resolveCommit(MAIN), tag, Optional.of(FIRST_TAG)))
        .release();
  }

  @Nested
  @DisplayName("release assets")
  class ReleaseAssets {
    private static final String DIGEST_TXT = "digest.txt";

    private String releaseAtHead() {
      String head = scm.resolveCommit(MAIN);
      scm.createRelease(new ReleaseRequest("v0.2.0", head, "v0.2.0", Optional.of(FIRST_TAG)));
      return "v0.2.0";
    }

    @Test
    @DisplayName("an attached asset is read back byte for byte")
    void readsAsset() {
      String tag = releaseAtHead();
      byte[] content = ("sha256:" + "ab".repeat(32) + "\n").getBytes(StandardCharsets.UTF_8);

      if (!supportsReleaseAssets()) {
        assertUnsupported(() -> scm.releaseAsset(tag, DIGEST_TXT, 1024));
        return;
      }
      attachReleaseAsset(tag, DIGEST_TXT, content);

      assertThat(scm.releaseAsset(tag, DIGEST_TXT, 1024))
          .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(content));
    }

    @Test
    @DisplayName("a release without that asset, or a tag without a release, has none")
    void absent() {
      String tag = releaseAtHead();

      if (!supportsReleaseAssets()) {
        assertUnsupported(() -> scm.releaseAsset(FIRST_TAG, DIGEST_TXT, 1024));
        return;
      }
      attachReleaseAsset(tag, "checksums.txt", "x\n".getBytes(StandardCharsets.UTF_8));

      assertThat(scm.releaseAsset(tag, DIGEST_TXT, 1024)).isEmpty();
      assertThat(scm.releaseAsset(FIRST_TAG, DIGEST_TXT, 1024)).isEmpty();
    }

    @Test
    @DisplayName("an asset larger than the caller's limit is refused")
    void tooLarge() {
      String tag = releaseAtHead();

      if (!supportsReleaseAssets()) {
        assertUnsupported(() -> scm.releaseAsset(tag, DIGEST_TXT, 16));
        return;
      }
      attachReleaseAsset(tag, DIGEST_TXT, new byte[17]);

      assertThatThrownBy(() -> scm.releaseAsset(tag, DIGEST_TXT, 16))
          .isInstanceOf(ReleaseAssetTooLargeException.class);
      assertThat(scm.releaseAsset(tag, DIGEST_TXT, 17)).isPresent();
    }
  }

  private static DeploymentRequest deployment(
      String key, String ref, String environment, boolean production) {
    Map<String, String> payload = new LinkedHashMap<>();
    payload.put("app", "api");
    payload.put("version", "0.1.1-rc.abc1234");
    payload.put("digest", "sha256:" + "ab".repeat(32));
    payload.put("gitops_revision", "1111111111111111111111111111111111111111");
    payload.put("actor", ACTOR);
    return new DeploymentRequest(
        key, ref, environment, production, payload, "api 0.1.1-rc.abc1234 to " + environment);
  }

  private static DeploymentStatus inProgress() {
    return new DeploymentStatus(DeploymentState.IN_PROGRESS, "written to the GitOps repository");
  }

  private static FileCommit edit(String branch, String path, String expected, String content) {
    return new FileCommit(
        branch,
        path,
        Optional.of(expected),
        content,
        "Update " + path + "\n\nPromotion-Actor: " + ACTOR + "\n",
        ACTOR);
  }

  private static void assertUnsupported(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(UnsupportedCapabilityException.class);
  }
}
