package dev.promotion.testkit.assertions;

import dev.promotion.spi.PullRequest;
import dev.promotion.spi.WorkflowDispatch;
import dev.promotion.testkit.InMemorySourceControl;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Assertions on an {@link InMemorySourceControl}: everything {@link SourceControlAssert} checks,
 * plus the pull requests, dispatches and commits it records.
 */
public final class InMemorySourceControlAssert
    extends AbstractSourceControlAssert<InMemorySourceControlAssert, InMemorySourceControl> {
  /**
   * Assertions on {@code actual}; prefer {@link
   * PromotionAssertions#assertThat(InMemorySourceControl)}.
   */
  public InMemorySourceControlAssert(InMemorySourceControl actual) {
    super(actual, InMemorySourceControlAssert.class);
  }

  /** Verifies how many workflow dispatches were sent (repeats of a key count once). */
  public InMemorySourceControlAssert hasDispatchCount(int count) {
    isNotNull();
    List<WorkflowDispatch> dispatches = actual.dispatches();
    if (dispatches.size() != count) {
      fail(
          "Expected %d workflow dispatch%s, but there %s %d: %s",
          count,
          count == 1 ? "" : "es",
          dispatches.size() == 1 ? "was" : "were",
          dispatches.size(),
          describe(dispatches));
    }
    return this;
  }

  /** Verifies that {@code workflow} was dispatched on {@code ref}. */
  public InMemorySourceControlAssert hasDispatched(String workflow, String ref) {
    isNotNull();
    List<WorkflowDispatch> dispatches = actual.dispatches();
    if (dispatches.stream().noneMatch(d -> d.workflow().equals(workflow) && d.ref().equals(ref))) {
      fail(
          "Expected a dispatch of %s on %s, but the dispatches are: %s",
          workflow, ref, describe(dispatches));
    }
    return this;
  }

  /** Verifies that a draft pull request from {@code head} into {@code base} is open. */
  public InMemorySourceControlAssert hasDraftPullRequest(String head, String base) {
    isNotNull();
    List<PullRequest> open = actual.openPullRequests();
    boolean found =
        open.stream().anyMatch(p -> p.draft() && p.head().equals(head) && p.base().equals(base));
    if (!found) {
      fail(
          "Expected an open draft pull request from %s into %s, but the open pull requests are: %s",
          head,
          base,
          open.isEmpty()
              ? "none"
              : open.stream()
                  .map(
                      p ->
                          "#"
                              + p.number()
                              + " "
                              + p.head()
                              + " -> "
                              + p.base()
                              + (p.draft() ? " (draft)" : ""))
                  .collect(Collectors.joining(", ")));
    }
    return this;
  }

  /** Verifies how many pull requests were opened, open or closed. */
  public InMemorySourceControlAssert hasPullRequestCount(int count) {
    isNotNull();
    int opened = actual.pullRequests().size();
    if (opened != count) {
      fail("Expected %d pull request(s) to have been opened, but %d were.", count, opened);
    }
    return this;
  }

  /** Verifies how many commits are reachable from {@code branch}. */
  public InMemorySourceControlAssert hasCommitCount(String branch, int count) {
    hasBranch(branch);
    List<InMemorySourceControl.Commit> commits = actual.commits(branch);
    if (commits.size() != count) {
      fail(
          "Expected %d commit(s) on %s, but there are %d: %s",
          count,
          branch,
          commits.size(),
          commits.stream().map(InMemorySourceControl.Commit::subject).toList());
    }
    return this;
  }

  /** Verifies the subject of the head commit of {@code branch}. */
  public InMemorySourceControlAssert hasHeadSubject(String branch, String subject) {
    hasBranch(branch);
    String found = actual.commits(branch).get(0).subject();
    if (!found.equals(subject)) {
      fail(
          "Expected the head of %s to have the subject%n  %s%nbut it has%n  %s",
          branch, subject, found);
    }
    return this;
  }

  private static String describe(List<WorkflowDispatch> dispatches) {
    return dispatches.isEmpty()
        ? "none"
        : dispatches.stream()
            .map(d -> d.workflow() + " on " + d.ref() + " (key " + d.key() + ")")
            .collect(Collectors.joining(", "));
  }
}
