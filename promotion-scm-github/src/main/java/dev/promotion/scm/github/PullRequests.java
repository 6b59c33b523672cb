package dev.promotion.scm.github;

import dev.promotion.error.BackendException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.spi.PullRequest;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.PullRequestResult;
import java.io.IOException;
import java.net.URL;
import java.util.Optional;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;

/** Draft pull requests, one per head and base. */
final class PullRequests {
  private final RepositoryHandle repository;
  private final Commits commits;
  private final Failures failures;

  PullRequests(RepositoryHandle repository, Commits commits, Failures failures) {
    this.repository = repository;
    this.commits = commits;
    this.failures = failures;
  }

  PullRequestResult openDraft(PullRequestRequest request) {
    String head = Names.ref(request.head());
    String base = Names.ref(request.base());
    requireBranch(head);
    requireBranch(base);
    Optional<PullRequest> open = findOpen(head, base);
    if (open.isPresent()) {
      return new PullRequestResult.AlreadyOpen(open.get());
    }
    for (int attempt = 1; attempt <= Commits.MAX_WRITE_ATTEMPTS; attempt++) {
      try {
        GHPullRequest created =
            repository
                .get()
                .createPullRequest(request.title(), head, base, request.body(), true, true);
        return new PullRequestResult.Opened(toPullRequest(created, head, base));
      } catch (IOException e) {
        GitHubError error = GitHubError.of(e);
        if (error.is(422) && error.mentions("draft pull requests are not supported")) {
          throw new UnsupportedCapabilityException(
              Failures.BACKEND,
              "open a draft pull request in " + repository.fullName(),
              "GitHub does not offer draft pull requests for this repository's plan; nothing was"
                  + " opened.");
        }
        if (error.is(422) && error.mentions("no commits between")) {
          throw new BackendException(
              Failures.BACKEND,
              false,
              "there is nothing to merge from "
                  + Printable.of(head)
                  + " into "
                  + Printable.of(base)
                  + ", so GitHub opens no pull request. Commit the change to "
                  + Printable.of(head)
                  + " first.");
        }
        error.detail("head", "invalid").ifPresent(d -> missingBranch(head));
        error.detail("base", "invalid").ifPresent(d -> missingBranch(base));
        boolean mayExist =
            error.kind() == GitHubError.Kind.OUTCOME_UNKNOWN
                || error.serverError()
                || (error.is(422) && error.mentions("already exists"));
        if (!mayExist) {
          throw failures.backend(error, "open a pull request from " + head + " into " + base);
        }
        Optional<PullRequest> now = findOpen(head, base);
        if (now.isPresent()) {
          // Opened by this call when GitHub gave no answer; by someone else when it said 422.
          return error.is(422)
              ? new PullRequestResult.AlreadyOpen(now.get())
              : new PullRequestResult.Opened(now.get());
        }
        // Not there: GitHub allows one open pull request per head and base, so sending again
        // cannot open two.
      }
    }
    throw new BackendException(
        Failures.BACKEND,
        true,
        "the pull request from "
            + Printable.of(head)
            + " into "
            + Printable.of(base)
            + " could not be opened; GitHub kept failing. Run again.");
  }

  private void requireBranch(String branch) {
    if (commits.branchHead(branch).isEmpty()) {
      missingBranch(branch);
    }
  }

  private static void missingBranch(String branch) {
    throw new ReferenceNotFoundException(branch, "Branch");
  }

  private Optional<PullRequest> findOpen(String head, String base) {
    try {
      for (GHPullRequest pull :
          repository
              .get()
              .queryPullRequests()
              .state(GHIssueState.OPEN)
              .head(head)
              .base(base)
              .list()
              .withPageSize(10)) {
        if (head.equals(pull.getHead().getRef()) && base.equals(pull.getBase().getRef())) {
          return Optional.of(toPullRequest(pull, head, base));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw failures.backend(e, "look for an open pull request from " + head + " into " + base);
    } catch (GHException e) {
      throw failures.backend(e, "look for an open pull request from " + head + " into " + base);
    }
  }

  private static PullRequest toPullRequest(GHPullRequest pull, String head, String base)
      throws IOException {
    URL url = pull.getHtmlUrl();
    return new PullRequest(
        pull.getNumber(),
        head,
        base,
        pull.getTitle(),
        pull.isDraft(),
        Optional.ofNullable(url).map(URL::toString));
  }
}
