package dev.promotion;

import dev.promotion.chart.ChartYaml;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.error.VersionAlreadyReleasedException;
import dev.promotion.pipeline.Application;
import dev.promotion.result.Hotfix;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.spi.BranchResult;
import dev.promotion.spi.PullRequest;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.PullRequestResult;
import dev.promotion.spi.Tag;
import dev.promotion.version.HotfixBranch;
import dev.promotion.version.ReleaseTag;
import java.util.Optional;

/**
 * Starts a hotfix of a release: branch {@code hotfix-X-Y-Z} from tag {@code vX.Y.(Z-1)}, its chart
 * set to {@code X.Y.Z}, and a draft pull request into the main branch.
 */
final class StartHotfix {
  private final Context context;

  StartHotfix(Context context) {
    this.context = context;
  }

  Result<Hotfix> run(String appName, String tagName) {
    return context.operate("hotfix", appName, (app, run) -> start(app, tagName, run));
  }

  private Result<Hotfix> start(Application app, String tagName, Run<Hotfix> run) {
    ReleaseCandidates.require(context, app, "hotfix");
    String prefix = context.settings().tagPrefix();
    ReleaseTag tag = ReleaseTag.parse(tagName, prefix);
    Tag released =
        context
            .scm()
            .findTag(tag.name())
            .orElseThrow(() -> new ReferenceNotFoundException(tag.name(), "Release tag"));
    HotfixBranch hotfix = HotfixBranch.from(tag);
    ReleaseTag hotfixTag = new ReleaseTag(prefix, hotfix.version());
    if (context.scm().findTag(hotfixTag.name()).isPresent()) {
      throw new VersionAlreadyReleasedException(
          hotfix.version(),
          hotfixTag.name(),
          "Start the hotfix from " + hotfixTag + " (or the newest release of that line) instead.");
    }
    String branch = hotfix.name();
    String head = createBranch(branch, released.commit(), run);
    ChartYaml chart =
        ChartFiles.chartYaml(
            context.scm(),
            app,
            context.scm().branchHead(branch).isPresent() ? branch : released.commit());
    ChartBranchEdit.setVersion(
        context,
        run,
        "set chart version",
        app,
        branch,
        chart,
        hotfix.version(),
        "start hotfix " + app.name() + " " + hotfix.version() + " from " + tag);
    Optional<PullRequest> pullRequest = openPullRequest(app, tag, hotfix, run);
    return run.finish(
        new Hotfix(app.name(), tag.name(), branch, head, hotfix.version(), pullRequest));
  }

  private String createBranch(String branch, String commit, Run<Hotfix> run) {
    String step = "create branch " + branch;
    Optional<String> existing = context.scm().branchHead(branch);
    if (existing.isPresent()) {
      run.record(Step.alreadyDone(step, branch + " exists at " + existing.get()));
      return existing.get();
    }
    run.write(
        step,
        branch + " at " + commit,
        () -> {
          BranchResult result = context.scm().createBranch(branch, commit);
          return result instanceof BranchResult.Created
              ? Step.done(step, branch + " at " + commit)
              : Step.alreadyDone(step, branch + " exists at " + result.commit());
        });
    return commit;
  }

  private Optional<PullRequest> openPullRequest(
      Application app, ReleaseTag tag, HotfixBranch hotfix, Run<Hotfix> run) {
    String main = context.settings().mainBranch();
    String step = "open draft pull request";
    if (run.dryRun()) {
      run.record(Step.planned(step, hotfix + " -> " + main));
      return Optional.empty();
    }
    try {
      PullRequestResult result =
          context
              .scm()
              .openDraftPullRequest(
                  new PullRequestRequest(
                      hotfix.name(),
                      main,
                      "Hotfix " + app.name() + " " + hotfix.version(),
                      "Hotfix of "
                          + tag
                          + ": push the fix to "
                          + hotfix
                          + ", publish, promote and release it, then mark this pull request"
                          + " ready and merge it so "
                          + main
                          + " gets the fix too."));
      PullRequest pr = result.pullRequest();
      String detail = "#" + pr.number() + " " + pr.head() + " -> " + pr.base();
      run.record(
          result instanceof PullRequestResult.Opened
              ? Step.done(step, detail)
              : Step.alreadyDone(step, detail + " is open"));
      return Optional.of(pr);
    } catch (UnsupportedCapabilityException e) {
      run.record(Step.skipped(step, e.getMessage()));
      return Optional.empty();
    }
  }
}
