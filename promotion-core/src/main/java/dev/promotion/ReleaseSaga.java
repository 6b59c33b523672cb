package dev.promotion;

import dev.promotion.chart.ChartYaml;
import dev.promotion.error.ImmutableArtifactException;
import dev.promotion.error.NotAReleaseCandidateException;
import dev.promotion.error.NothingDeployedException;
import dev.promotion.error.ReleaseCandidatesRequiredException;
import dev.promotion.error.TagConflictException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.gate.Operation;
import dev.promotion.pipeline.Application;
import dev.promotion.result.ReleaseOutcome;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.DispatchResult;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.PushResult;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.ReleaseResult;
import dev.promotion.spi.Tag;
import dev.promotion.spi.Trailer;
import dev.promotion.spi.WorkflowDispatch;
import dev.promotion.version.Bump;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ReleaseTag;
import dev.promotion.version.VersionKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Releases the candidate deployed in the release source, as a saga of check-then-act steps that
 * each find out whether their write already happened, so a re-run after a crash at any point
 * finishes the job without duplicates:
 *
 * <ol>
 *   <li>read the release candidate from the release source (stage);
 *   <li>ensure the release chart exists: the candidate pulled, re-versioned deterministically and
 *       pushed (an existing release chart with other content is an error, never overwritten);
 *   <li>ensure tag and release {@code vX.Y.Z} at the candidate's source commit;
 *   <li>deploy the release environment (prod);
 *   <li>record the promotion in the release notes;
 *   <li>bump the main branch's chart to the next patch, only if it still says {@code X.Y.Z};
 *   <li>dispatch the next dev build, only if the main branch was bumped.
 * </ol>
 */
final class ReleaseSaga {
  private final Context context;

  ReleaseSaga(Context context) {
    this.context = context;
  }

  Result<ReleaseOutcome> run(String appName) {
    return context.operate("release", appName, this::release);
  }

  private Result<ReleaseOutcome> release(Application app, Run<ReleaseOutcome> run) {
    if (app.versionKind() == VersionKind.IMAGE) {
      throw ReleaseCandidatesRequiredException.imageApp(app.name(), "release");
    }
    String source = context.pipeline().releaseSource().name();
    String prod = context.pipeline().release().name();
    Deployment staged = releaseCandidate(app, source);
    ChartVersion candidate = staged.version().chart().orElseThrow();
    ChartVersion version = candidate.release();
    ReleaseTag tag = new ReleaseTag(context.settings().tagPrefix(), version);
    String commit = SourceCommits.ofCandidate(context, app, candidate);
    requireTagFreeOrAt(tag, commit);
    Optional<Deployment> current = context.store().current(app.name(), prod);
    List<Trailer> extra = new ArrayList<>(Deploy.digestTrailer(staged.digest()));
    extra.add(new Trailer(Audit.CANDIDATE, candidate.toString()));
    extra.add(new Trailer(Audit.COMMIT, commit));
    Deploy deploy =
        new Deploy(
            app.name(),
            prod,
            current,
            version,
            staged.digest(),
            "release " + app.name() + " " + version + " " + source + " -> " + prod,
            Audit.trailers(
                context.settings(),
                app.name(),
                source,
                prod,
                version,
                current.map(Deployment::version),
                extra));
    GateCheck gates =
        GateCheck.evaluate(
            context.gates(),
            deploy.gateContext(context, Operation.RELEASE, Optional.of(source)),
            context.override());
    if (gates.blocks()) {
      return run.blocked(deploy, gates.violations());
    }
    gates.record(run);

    String digest = ensureReleaseChart(app, candidate, version, commit, run);
    ensureRelease(tag, commit, run);
    deploy.withTrailers(gates.trailers()).deployIn(context, run, () -> Optional.of(commit));
    recordInReleaseNotes(app, tag, prod, run);
    boolean bumped = bumpMainBranch(app, version, run);
    dispatchNextDevBuild(tag, bumped, run);
    return run.finish(
        new ReleaseOutcome(app.name(), candidate, version, tag.name(), commit, digest, prod));
  }

  /** A tag at another commit is found before anything is written, not halfway through. */
  private void requireTagFreeOrAt(ReleaseTag tag, String commit) {
    Optional<Tag> existing = context.scm().findTag(tag.name());
    if (existing.isPresent() && !existing.get().commit().equals(commit)) {
      throw new TagConflictException(tag.name(), existing.get().commit(), commit);
    }
  }

  private Deployment releaseCandidate(Application app, String source) {
    Deployment deployed =
        context
            .store()
            .current(app.name(), source)
            .orElseThrow(() -> new NothingDeployedException(app.name(), source));
    if (deployed.version().chart().filter(ChartVersion::isReleaseCandidate).isEmpty()) {
      throw new NotAReleaseCandidateException(app.name(), source, deployed.version());
    }
    return deployed;
  }

  private String ensureReleaseChart(
      Application app,
      ChartVersion candidate,
      ChartVersion version,
      String commit,
      Run<ReleaseOutcome> run) {
    String step = "publish release chart";
    String chart = app.chartName();
    Optional<ChartArtifact> existing = context.registry().resolve(chart, version);
    try (Spool spool = new Spool(context.settings().workDirectory())) {
      ChartContent content =
          ChartFiles.reversion(spool, context.registry(), app, candidate, version);
      if (existing.isPresent()) {
        boolean same =
            existing.get().digest().equals(content.digest())
                || ChartFiles.sameContent(spool, context.registry(), existing.get(), content);
        if (!same) {
          throw new ImmutableArtifactException(
              chart, version, existing.get().digest(), content.digest());
        }
        run.record(
            Step.alreadyDone(
                step,
                chart
                    + " "
                    + version
                    + " is "
                    + candidate
                    + " re-versioned ("
                    + existing.get().digest()
                    + ")"));
        return existing.get().digest();
      }
      String detail = chart + " " + version + " from " + candidate + " (" + content.digest() + ")";
      run.write(
          step,
          "push " + detail,
          () -> {
            PushResult pushed =
                context
                    .registry()
                    .push(
                        chart,
                        version,
                        content,
                        Map.of(
                            ChartArtifact.SOURCE_COMMIT,
                            commit,
                            ChartArtifact.RELEASE_CANDIDATE,
                            candidate.toString()));
            return pushed instanceof PushResult.Pushed
                ? Step.done(step, "pushed " + detail)
                : Step.alreadyDone(step, detail);
          });
      return content.digest();
    }
  }

  private void ensureRelease(ReleaseTag tag, String commit, Run<ReleaseOutcome> run) {
    String step = "create release " + tag;
    Optional<Release> existing = context.scm().findRelease(tag.name());
    if (existing.isPresent()) {
      if (!existing.get().commit().equals(commit)) {
        throw new TagConflictException(tag.name(), existing.get().commit(), commit);
      }
      run.record(Step.alreadyDone(step, tag + " exists at " + commit));
      return;
    }
    Optional<String> previous = previousReleaseTag(tag);
    run.write(
        step,
        "tag " + tag + " at " + commit + " with notes since " + previous.orElse("the beginning"),
        () -> {
          ReleaseResult result =
              context
                  .scm()
                  .createRelease(new ReleaseRequest(tag.name(), commit, tag.name(), previous));
          return result instanceof ReleaseResult.Created
              ? Step.done(step, tag + " at " + commit)
              : Step.alreadyDone(step, tag + " exists at " + commit);
        });
  }

  /** The highest release tag below this one, for the release notes. */
  private Optional<String> previousReleaseTag(ReleaseTag tag) {
    String prefix = context.settings().tagPrefix();
    return context.scm().listTags().stream()
        .map(Tag::name)
        .filter(name -> isReleaseTag(name, prefix))
        .map(name -> ReleaseTag.parse(name, prefix))
        .filter(t -> t.version().compareTo(tag.version()) < 0)
        .max(Comparator.comparing(ReleaseTag::version))
        .map(ReleaseTag::name);
  }

  static boolean isReleaseTag(String name, String prefix) {
    try {
      ReleaseTag.parse(name, prefix);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Seed 002's audit trail: which environment, by whom, when, in the release's notes. */
  private void recordInReleaseNotes(
      Application app, ReleaseTag tag, String prod, Run<ReleaseOutcome> run) {
    String step = "record promotion in release notes";
    if (run.dryRun()) {
      run.record(Step.planned(step, "note the deployment of " + prod + " in " + tag));
      return;
    }
    Optional<HistoryEntry> deployed =
        context.store().history(app.name(), prod, 1).stream()
            .filter(h -> h.version().equals(tag.version()))
            .findFirst();
    if (deployed.isEmpty()) {
      run.record(Step.skipped(step, "the history of " + prod + " does not show " + tag.version()));
      return;
    }
    String line =
        "- **"
            + prod
            + "**: "
            + app.name()
            + " "
            + tag.version()
            + " promoted by @"
            + deployed.get().actor()
            + " at "
            + deployed.get().time()
            + " (revision "
            + deployed.get().revision()
            + ")";
    Release before = context.scm().findRelease(tag.name()).orElseThrow();
    if (before.notes().contains(line)) {
      run.record(Step.alreadyDone(step, "the notes of " + tag + " record it"));
      return;
    }
    String section = before.notes().contains("## Promotions") ? line : "\n## Promotions\n" + line;
    context.scm().appendToReleaseNotes(tag.name(), section);
    run.record(Step.done(step, line));
  }

  /**
   * Moves the main branch to the next patch if it still says the released version.
   *
   * @return whether the main branch is bumped now (by this run or an earlier one)
   */
  private boolean bumpMainBranch(Application app, ChartVersion version, Run<ReleaseOutcome> run) {
    String main = context.settings().mainBranch();
    String step = "bump " + main;
    ChartYaml chart = ChartFiles.chartYaml(context.scm(), app, main);
    ChartVersion next = version.bump(Bump.PATCH);
    if (chart.version().equals(next)) {
      run.record(Step.alreadyDone(step, main + " says " + next));
      return true;
    }
    if (!chart.version().equals(version)) {
      run.record(
          Step.skipped(
              step, main + " says " + chart.version() + ", not " + version + "; left alone"));
      return false;
    }
    ChartBranchEdit.setVersion(
        context,
        run,
        step,
        app,
        main,
        chart,
        next,
        "bump " + app.name() + " chart " + version + " -> " + next + " after release");
    return true;
  }

  private void dispatchNextDevBuild(ReleaseTag tag, boolean bumped, Run<ReleaseOutcome> run) {
    String workflow = context.settings().devWorkflow();
    String step = "dispatch " + workflow;
    if (!bumped) {
      run.record(Step.skipped(step, "the main branch was not bumped"));
      return;
    }
    WorkflowDispatch dispatch =
        new WorkflowDispatch(
            workflow, context.settings().mainBranch(), Map.of(), "release-" + tag + "-next-dev");
    run.write(
        step,
        workflow + " on " + dispatch.ref(),
        () -> {
          try {
            DispatchResult result = context.scm().dispatchWorkflow(dispatch);
            return result instanceof DispatchResult.Dispatched
                ? Step.done(step, workflow + " on " + dispatch.ref())
                : Step.alreadyDone(step, workflow + " on " + dispatch.ref() + " was dispatched");
          } catch (UnsupportedCapabilityException e) {
            return Step.skipped(step, e.getMessage());
          }
        });
  }
}
