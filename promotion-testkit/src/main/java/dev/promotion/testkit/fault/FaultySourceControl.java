package dev.promotion.testkit.fault;

import dev.promotion.spi.BranchResult;
import dev.promotion.spi.CommitResult;
import dev.promotion.spi.DeploymentRecord;
import dev.promotion.spi.DeploymentRequest;
import dev.promotion.spi.DeploymentStatus;
import dev.promotion.spi.DispatchResult;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.PullRequestResult;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.ReleaseResult;
import dev.promotion.spi.SourceControl;
import dev.promotion.spi.Tag;
import dev.promotion.spi.WorkflowDispatch;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A {@link SourceControl} whose calls go through a {@link FaultPlan}. */
final class FaultySourceControl implements SourceControl {
  private final SourceControl delegate;
  private final FaultPlan plan;

  FaultySourceControl(SourceControl delegate, FaultPlan plan) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  @Override
  public String resolveCommit(String ref) {
    return plan.call("scm.resolveCommit", () -> delegate.resolveCommit(ref));
  }

  @Override
  public Optional<String> readFile(String ref, String path) {
    return plan.call("scm.readFile", () -> delegate.readFile(ref, path));
  }

  @Override
  public CommitResult commitFile(FileCommit change) {
    return plan.call("scm.commitFile", () -> delegate.commitFile(change));
  }

  @Override
  public Optional<String> branchHead(String branch) {
    return plan.call("scm.branchHead", () -> delegate.branchHead(branch));
  }

  @Override
  public BranchResult createBranch(String name, String commit) {
    return plan.call("scm.createBranch", () -> delegate.createBranch(name, commit));
  }

  @Override
  public Optional<Tag> findTag(String name) {
    return plan.call("scm.findTag", () -> delegate.findTag(name));
  }

  @Override
  public List<Tag> listTags() {
    return plan.call("scm.listTags", delegate::listTags);
  }

  @Override
  public ReleaseResult createRelease(ReleaseRequest request) {
    return plan.call("scm.createRelease", () -> delegate.createRelease(request));
  }

  @Override
  public Optional<Release> findRelease(String tag) {
    return plan.call("scm.findRelease", () -> delegate.findRelease(tag));
  }

  @Override
  public Release appendToReleaseNotes(String tag, String text) {
    return plan.call("scm.appendToReleaseNotes", () -> delegate.appendToReleaseNotes(tag, text));
  }

  @Override
  public PullRequestResult openDraftPullRequest(PullRequestRequest request) {
    return plan.call("scm.openDraftPullRequest", () -> delegate.openDraftPullRequest(request));
  }

  @Override
  public DispatchResult dispatchWorkflow(WorkflowDispatch dispatch) {
    return plan.call("scm.dispatchWorkflow", () -> delegate.dispatchWorkflow(dispatch));
  }

  @Override
  public DeploymentRecord recordDeployment(DeploymentRequest request) {
    return plan.call("scm.recordDeployment", () -> delegate.recordDeployment(request));
  }

  @Override
  public DeploymentRecord updateDeployment(String deploymentId, DeploymentStatus status) {
    return plan.call("scm.updateDeployment", () -> delegate.updateDeployment(deploymentId, status));
  }

  @Override
  public List<DeploymentRecord> deployments(String environment, int limit) {
    return plan.call("scm.deployments", () -> delegate.deployments(environment, limit));
  }

  @Override
  public Optional<byte[]> releaseAsset(String tag, String name, long maxBytes) {
    return plan.call("scm.releaseAsset", () -> delegate.releaseAsset(tag, name, maxBytes));
  }

  @Override
  public String toString() {
    return "Faulty[" + delegate + "]";
  }
}
