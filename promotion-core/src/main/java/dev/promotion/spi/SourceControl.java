package dev.promotion.spi;

import java.util.List;
import java.util.Optional;

/**
 * The application repository and its host: commits, files, branches, tags, releases, pull requests,
 * workflow runs and deployments.
 *
 * <p>A backend that cannot do something (plain git has no pull requests) throws {@link
 * dev.promotion.error.UnsupportedCapabilityException}, never silently does nothing. Every method
 * may also throw {@link dev.promotion.error.BackendException} when the host cannot be reached.
 */
public interface SourceControl {
  /**
   * Resolves a branch, tag, full or short commit id to the full commit id.
   *
   * <p>Read-only and idempotent.
   *
   * @return the full commit id (40 lowercase hex characters for SHA-1 repositories)
   * @throws dev.promotion.error.ReferenceNotFoundException when nothing matches, or a short id is
   *     ambiguous
   */
  String resolveCommit(String ref);

  /**
   * Reads a file at a ref.
   *
   * <p>Read-only and idempotent.
   *
   * @return the file's content as UTF-8 text, or empty when the file does not exist at that ref
   * @throws dev.promotion.error.ReferenceNotFoundException when the ref does not exist
   * @throws dev.promotion.error.InvalidManifestException when the file is not valid UTF-8 (named
   *     {@code ref:path}); implementations decode with {@link FileText#utf8}, never replacing bytes
   */
  Optional<String> readFile(String ref, String path);

  /**
   * Commits one file change on top of a branch, with compare-and-swap on the file's content.
   *
   * <p>Idempotent: when the file already has the new content, nothing is written and the result is
   * {@link CommitResult.Unchanged}. Otherwise the file must have the expected content (or not exist
   * when none is expected); a newer change is never clobbered.
   *
   * @return {@link CommitResult.Committed} with the new head, or {@link CommitResult.Unchanged}
   * @throws dev.promotion.error.ConcurrentModificationException when the file has other content
   * @throws dev.promotion.error.ReferenceNotFoundException when the branch does not exist
   */
  CommitResult commitFile(FileCommit change);

  /**
   * The head commit of a branch.
   *
   * <p>Read-only and idempotent.
   *
   * @return the full commit id, or empty when there is no such branch
   */
  Optional<String> branchHead(String branch);

  /**
   * Creates a branch at a commit.
   *
   * <p>Idempotent: when the branch exists, it is left alone and the result is {@link
   * BranchResult.AlreadyExists} with its head, whatever that head is; the caller decides.
   *
   * @return {@link BranchResult.Created} or {@link BranchResult.AlreadyExists}
   * @throws dev.promotion.error.ReferenceNotFoundException when the commit does not exist
   */
  BranchResult createBranch(String name, String commit);

  /**
   * Looks a tag up.
   *
   * <p>Read-only and idempotent.
   *
   * @return the tag with the commit it points at (peeled), or empty
   */
  Optional<Tag> findTag(String name);

  /**
   * Lists every tag, sorted by name.
   *
   * <p>Read-only and idempotent.
   */
  List<Tag> listTags();

  /**
   * Creates the tag and the release at a commit, with notes generated from the subjects of the
   * commits since the previous tag.
   *
   * <p>Idempotent: when the release already exists at the same commit, nothing is written and the
   * result is {@link ReleaseResult.AlreadyExists}. When only the tag exists at that commit, the
   * release is created on it.
   *
   * @return {@link ReleaseResult.Created} or {@link ReleaseResult.AlreadyExists}
   * @throws dev.promotion.error.TagConflictException when the tag exists at another commit
   * @throws dev.promotion.error.ReferenceNotFoundException when the commit does not exist
   */
  ReleaseResult createRelease(ReleaseRequest request);

  /**
   * Looks a release up by its tag.
   *
   * <p>Read-only and idempotent.
   *
   * @return the release, or empty when there is none for that tag
   */
  Optional<Release> findRelease(String tag);

  /**
   * Appends text to a release's notes (for example a line of the "Promotions" audit section).
   *
   * <p>Idempotent: when the notes already contain the text, nothing is written.
   *
   * @return the release as it is after the call
   * @throws dev.promotion.error.ReferenceNotFoundException when there is no such release
   */
  Release appendToReleaseNotes(String tag, String text);

  /**
   * Opens a draft pull request.
   *
   * <p>Idempotent: when a pull request is already open from the same head into the same base, it is
   * returned and nothing is written.
   *
   * @return {@link PullRequestResult.Opened} or {@link PullRequestResult.AlreadyOpen}
   * @throws dev.promotion.error.ReferenceNotFoundException when a branch does not exist
   * @throws dev.promotion.error.UnsupportedCapabilityException when the host has no pull requests
   */
  PullRequestResult openDraftPullRequest(PullRequestRequest request);

  /**
   * Requests a workflow run.
   *
   * <p>Idempotent by {@link WorkflowDispatch#key()}: when a dispatch with the same key was already
   * made, nothing is sent and the result is {@link DispatchResult.AlreadyDispatched}.
   *
   * @return {@link DispatchResult.Dispatched} or {@link DispatchResult.AlreadyDispatched}
   * @throws dev.promotion.error.ReferenceNotFoundException when the workflow or ref does not exist
   * @throws dev.promotion.error.UnsupportedCapabilityException when the host runs no workflows
   */
  DispatchResult dispatchWorkflow(WorkflowDispatch dispatch);

  /**
   * Records that an environment is being deployed, on the application repository's host (GitHub's
   * Deployments API). The deployment is recorded without any status.
   *
   * <p>Idempotent by {@link DeploymentRequest#key()}: when a deployment with the same key is
   * already recorded for that environment, it is returned (with {@code created} false, and its
   * statuses) and nothing is written, so a re-run after a crash finishes the deployment it started.
   * The same key in another environment is another deployment.
   *
   * <p>The use cases call it after the GitOps change is written, with the full id of the commit the
   * version was built from and the key {@code promotion:{app}:{env}:{version}:{gitops revision}},
   * then add an {@link DeploymentState#IN_PROGRESS} and a {@link DeploymentState#SUCCESS} status.
   * Hosts may cut descriptions (GitHub keeps 140 characters); the use cases keep them shorter.
   *
   * @return the deployment, found or created
   * @throws dev.promotion.error.ReferenceNotFoundException when the ref does not exist
   * @throws dev.promotion.error.UnsupportedCapabilityException when the host records no deployments
   *     (plain git)
   */
  DeploymentRecord recordDeployment(DeploymentRequest request);

  /**
   * Adds a status to a recorded deployment. A {@link DeploymentState#SUCCESS} makes every earlier
   * deployment of the same environment whose newest state is {@code SUCCESS} {@link
   * DeploymentState#INACTIVE}, production included.
   *
   * <p>Idempotent: when the deployment's newest status already has this state and description,
   * nothing is written.
   *
   * @return the deployment with its statuses, newest first
   * @throws dev.promotion.error.ReferenceNotFoundException when there is no such deployment
   * @throws dev.promotion.error.UnsupportedCapabilityException when the host records no deployments
   */
  DeploymentRecord updateDeployment(String deploymentId, DeploymentStatus status);

  /**
   * The deployments recorded for an environment, newest first, each with its statuses (and {@code
   * created} false).
   *
   * <p>Read-only and idempotent.
   *
   * @param limit at most this many, the newest
   * @return the deployments, empty when none was recorded for that environment
   * @throws IllegalArgumentException when {@code limit} is below 1
   * @throws dev.promotion.error.UnsupportedCapabilityException when the host records no
   *     deployments, whatever the arguments
   */
  List<DeploymentRecord> deployments(String environment, int limit);

  /**
   * Reads a file attached to a release: a GitHub release asset such as the {@code digest.txt} a
   * build uploads next to its release ({@code gh release upload v1.2.3 digest.txt}).
   *
   * <p>Read-only and idempotent. An optional capability: the default implementation supports none.
   *
   * @param tag the release's tag, for example {@code v1.2.3}
   * @param name the asset's file name, for example {@code digest.txt}
   * @param maxBytes the most bytes the caller accepts; a larger asset is refused without reading
   *     more than that
   * @return the asset's bytes, or empty when there is no release for that tag or it has no asset of
   *     that name
   * @throws dev.promotion.error.ReleaseAssetTooLargeException when the asset holds more than {@code
   *     maxBytes}
   * @throws dev.promotion.error.UnsupportedCapabilityException when the host keeps no release
   *     assets (plain git, and the default)
   */
  default Optional<byte[]> releaseAsset(String tag, String name, long maxBytes) {
    throw new dev.promotion.error.UnsupportedCapabilityException(
        getClass().getSimpleName(),
        "read release assets",
        "Pin the digest where the version runs, or use a host with release assets (GitHub).");
  }
}
