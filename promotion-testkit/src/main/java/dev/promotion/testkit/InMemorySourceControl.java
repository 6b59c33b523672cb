package dev.promotion.testkit;

import dev.promotion.error.AmbiguousCommitException;
import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.error.InvalidReferenceException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.error.TagConflictException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.pipeline.Names;
import dev.promotion.spi.BranchResult;
import dev.promotion.spi.CommitResult;
import dev.promotion.spi.DeploymentRecord;
import dev.promotion.spi.DeploymentRequest;
import dev.promotion.spi.DeploymentState;
import dev.promotion.spi.DeploymentStatus;
import dev.promotion.spi.DispatchResult;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.FileText;
import dev.promotion.spi.PullRequest;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.PullRequestResult;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.ReleaseResult;
import dev.promotion.spi.SourceControl;
import dev.promotion.spi.Tag;
import dev.promotion.spi.WorkflowDispatch;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A {@link SourceControl} held in memory: a small git model with a host around it.
 *
 * <ul>
 *   <li>Commits have one parent (or none), a full snapshot of their files, a message, an author and
 *       a time from the injected {@link Clock}. A commit id is the SHA-1 of all of that (40 hex
 *       characters), so identical histories give identical ids.
 *   <li>Branches and lightweight tags map names to commits. {@link #resolveCommit} accepts a
 *       branch, a tag ({@code refs/heads/} and {@code refs/tags/} prefixes too), a full id or a
 *       unique prefix of at least 4 hex characters; a prefix that matches several commits is
 *       refused with {@link AmbiguousCommitException}, as git refuses it.
 *   <li>Releases hold a tag, a commit, a name and notes generated like GitHub's: a {@code ## What's
 *       Changed} list with the subject of every commit reachable from the release commit but not
 *       from the previous tag, oldest first, then a {@code **Full Changelog**} line.
 *   <li>Draft pull requests and workflow dispatches are recorded for tests to inspect ({@link
 *       #pullRequests()}, {@link #dispatches()}). A dispatch needs the workflow file {@code
 *       .github/workflows/{workflow}} at its ref, as on GitHub.
 *   <li>Deployments are kept per environment like GitHub's Deployments API: numbered from 1, found
 *       again by their key within an environment, with statuses newest first; a {@code SUCCESS}
 *       status makes the earlier successful deployments of that environment {@code INACTIVE}.
 * </ul>
 *
 * <p>Methods that take a commit ({@link #createBranch}, {@link #createRelease}) require a full
 * commit id, as a real host does; resolve names first with {@link #resolveCommit}. A source control
 * built {@link Builder#withoutPullRequests() without pull requests} or {@link
 * Builder#withoutWorkflowDispatch() without workflow dispatch} or {@link
 * Builder#withoutDeployments() without deployments} throws {@link UnsupportedCapabilityException}
 * for them, like plain git.
 *
 * <p>Seed history with {@link #branch(String)}: {@code scm.branch("main").commit("Add chart",
 * Map.of("charts/api/Chart.yaml", "..."))}. Thread-safe; a new instance has no commit.
 */
public final class InMemorySourceControl implements SourceControl {
  /** The time of {@link #InMemorySourceControl()}'s fixed clock. */
  public static final Instant DEFAULT_TIME = Instant.parse("2026-01-05T09:00:00Z");

  /** The author of commits made by the seeding helpers. */
  public static final String SEED_AUTHOR = "testkit";

  private static final String BACKEND = "in-memory source control";
  private static final String WORKFLOWS = ".github/workflows/";
  private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{4,40}");
  private static final int MIN_PREFIX = 4;

  private final Clock clock;
  private final boolean pullRequestsSupported;
  private final boolean workflowDispatchSupported;
  private final boolean deploymentsSupported;
  private final boolean releaseAssetsSupported;
  private final Map<String, Commit> commits = new HashMap<>();

  /**
   * Per commit id, the files whose bytes are not UTF-8 (seeded with {@link
   * BranchSeed#commitBytes}). Git stores any bytes; reading such a file is refused like every
   * source control must.
   */
  private final Map<String, Map<String, byte[]>> notUtf8 = new HashMap<>();

  private final Map<String, String> branches = new TreeMap<>();
  private final Map<String, String> tags = new TreeMap<>();
  private final Map<String, Release> releases = new LinkedHashMap<>();
  private final Map<String, Map<String, byte[]>> releaseAssets = new HashMap<>();
  private final List<OpenedPullRequest> pullRequests = new ArrayList<>();
  private final Map<String, WorkflowDispatch> dispatches = new LinkedHashMap<>();
  private final List<StoredDeployment> deployments = new ArrayList<>();

  /** An empty repository whose clock stands at {@link #DEFAULT_TIME}, with every capability. */
  public InMemorySourceControl() {
    this(Clock.fixed(DEFAULT_TIME, ZoneOffset.UTC));
  }

  /** An empty repository that takes commit times from {@code clock}, with every capability. */
  public InMemorySourceControl(Clock clock) {
    this(clock, true, true, true, true);
  }

  private InMemorySourceControl(
      Clock clock,
      boolean pullRequestsSupported,
      boolean workflowDispatchSupported,
      boolean deploymentsSupported,
      boolean releaseAssetsSupported) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pullRequestsSupported = pullRequestsSupported;
    this.workflowDispatchSupported = workflowDispatchSupported;
    this.deploymentsSupported = deploymentsSupported;
    this.releaseAssetsSupported = releaseAssetsSupported;
  }

  /** A builder for a source control with non-default settings. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- SourceControl

  /** {@inheritDoc} */
  @Override
  public synchronized String resolveCommit(String ref) {
    Objects.requireNonNull(ref, "ref");
    if (ref.startsWith("refs/heads/")) {
      return found(branches.get(ref.substring("refs/heads/".length())), ref, "Branch");
    }
    if (ref.startsWith("refs/tags/")) {
      return found(tags.get(ref.substring("refs/tags/".length())), ref, "Tag");
    }
    if (branches.containsKey(ref)) {
      return branches.get(ref);
    }
    if (tags.containsKey(ref)) {
      return tags.get(ref);
    }
    String id = ref.toLowerCase(Locale.ROOT);
    if (HEX.matcher(id).matches()) {
      if (commits.containsKey(id)) {
        return id;
      }
      List<String> matches = commits.keySet().stream().filter(c -> c.startsWith(id)).toList();
      if (matches.size() == 1) {
        return matches.get(0);
      }
      if (matches.size() > 1) {
        // git refuses an ambiguous short id ("error: short object ID ... is ambiguous", listing
        // the candidates; gitrevisions(7): "<sha1> ... a leading substring that is unique within
        // the repository"), so the fake does too.
        throw new AmbiguousCommitException(ref, matches);
      }
    }
    throw new ReferenceNotFoundException(ref, "Branch, tag or commit");
  }

  /** {@inheritDoc} */
  @Override
  public synchronized Optional<String> readFile(String ref, String path) {
    Commit commit = commits.get(resolveCommit(ref));
    String file = requirePath(path);
    byte[] bytes = notUtf8(commit.id()).get(file);
    if (bytes != null) {
      return Optional.of(FileText.utf8(ref + ":" + file, bytes));
    }
    return Optional.ofNullable(commit.files().get(file));
  }

  /** {@inheritDoc} */
  @Override
  public synchronized CommitResult commitFile(FileCommit change) {
    Objects.requireNonNull(change, "change");
    String path = requirePath(change.path());
    String head = branches.get(change.branch());
    if (head == null) {
      throw new ReferenceNotFoundException(change.branch(), "Branch");
    }
    byte[] undecodable = notUtf8(head).get(path);
    if (undecodable != null) {
      FileText.utf8(change.branch() + ":" + path, undecodable);
    }
    String current = commits.get(head).files().get(path);
    if (change.newContent().equals(current)) {
      return new CommitResult.Unchanged(head);
    }
    if (!Objects.equals(current, change.expectedContent().orElse(null))) {
      throw new ConcurrentModificationException(
          change.branch() + ":" + path,
          describeContent(change.expectedContent().orElse(null)),
          describeContent(current));
    }
    Map<String, String> files = new TreeMap<>(commits.get(head).files());
    files.put(path, change.newContent());
    String id =
        addCommit(Optional.of(head), files, notUtf8(head), change.message(), change.actor());
    branches.put(change.branch(), id);
    return new CommitResult.Committed(id);
  }

  /** {@inheritDoc} */
  @Override
  public synchronized Optional<String> branchHead(String branch) {
    Objects.requireNonNull(branch, "branch");
    return Optional.ofNullable(branches.get(branch));
  }

  /**
   * {@inheritDoc}
   *
   * @param commit a full commit id
   * @throws InvalidReferenceException when the name is not a valid branch name
   */
  @Override
  public synchronized BranchResult createBranch(String name, String commit) {
    requireRefName(name, "a branch name");
    String existing = branches.get(name);
    if (existing != null) {
      return new BranchResult.AlreadyExists(name, existing);
    }
    String id = requireCommit(commit);
    branches.put(name, id);
    return new BranchResult.Created(name, id);
  }

  /** {@inheritDoc} */
  @Override
  public synchronized Optional<Tag> findTag(String name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(tags.get(name)).map(commit -> new Tag(name, commit));
  }

  /** {@inheritDoc} */
  @Override
  public synchronized List<Tag> listTags() {
    return tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The request's commit is a full commit id. A previous tag that does not exist is a {@link
   * ReferenceNotFoundException}.
   *
   * @throws InvalidReferenceException when the tag is not a valid tag name
   */
  @Override
  public synchronized ReleaseResult createRelease(ReleaseRequest request) {
    Objects.requireNonNull(request, "request");
    requireRefName(request.tag(), "a tag name");
    String commit = requireCommit(request.commit());
    Release existing = releases.get(request.tag());
    if (existing != null) {
      if (existing.commit().equals(commit)) {
        return new ReleaseResult.AlreadyExists(existing);
      }
      throw new TagConflictException(request.tag(), existing.commit(), commit);
    }
    String tagged = tags.get(request.tag());
    if (tagged != null && !tagged.equals(commit)) {
      throw new TagConflictException(request.tag(), tagged, commit);
    }
    Optional<String> since =
        request.previousTag().map(previous -> found(tags.get(previous), previous, "Previous tag"));
    tags.put(request.tag(), commit);
    Release release =
        new Release(
            request.tag(),
            commit,
            request.name(),
            notes(commit, since, request.tag(), request.previousTag()),
            Optional.empty());
    releases.put(request.tag(), release);
    return new ReleaseResult.Created(release);
  }

  /** {@inheritDoc} */
  @Override
  public synchronized Optional<Release> findRelease(String tag) {
    Objects.requireNonNull(tag, "tag");
    return Optional.ofNullable(releases.get(tag));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Assets are attached with {@link #uploadReleaseAsset}.
   */
  @Override
  public synchronized Optional<byte[]> releaseAsset(String tag, String name, long maxBytes) {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(name, "name");
    if (!releaseAssetsSupported) {
      throw new UnsupportedCapabilityException(
          BACKEND,
          "read release assets",
          "Pin the digest where the version runs, or use a host with release assets (GitHub).");
    }
    if (!releases.containsKey(tag)) {
      return Optional.empty();
    }
    byte[] asset = releaseAssets.getOrDefault(tag, Map.of()).get(name);
    if (asset == null) {
      return Optional.empty();
    }
    if (asset.length > maxBytes) {
      throw new dev.promotion.error.ReleaseAssetTooLargeException(tag, name, maxBytes);
    }
    return Optional.of(asset.clone());
  }

  /**
   * Attaches a file to a release, replacing one of the same name, as {@code gh release upload
   * --clobber} does; for seeding.
   *
   * @throws ReferenceNotFoundException when there is no release for {@code tag}
   */
  public synchronized void uploadReleaseAsset(String tag, String name, byte[] content) {
    Objects.requireNonNull(content, "content");
    findRelease(tag).orElseThrow(() -> new ReferenceNotFoundException(tag, "Release"));
    releaseAssets.computeIfAbsent(tag, t -> new TreeMap<>()).put(name, content.clone());
  }

  /**
   * {@inheritDoc}
   *
   * <p>The text goes on a new line after the existing notes.
   */
  @Override
  public synchronized Release appendToReleaseNotes(String tag, String text) {
    Objects.requireNonNull(text, "text");
    Release release =
        findRelease(tag).orElseThrow(() -> new ReferenceNotFoundException(tag, "Release"));
    if (release.notes().contains(text)) {
      return release;
    }
    String notes =
        release.notes().isEmpty() || release.notes().endsWith("\n")
            ? release.notes() + text
            : release.notes() + "\n" + text;
    Release updated =
        new Release(release.tag(), release.commit(), release.name(), notes, release.url());
    releases.put(tag, updated);
    return updated;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Pull requests are numbered from 1 and have no URL.
   */
  @Override
  public synchronized PullRequestResult openDraftPullRequest(PullRequestRequest request) {
    Objects.requireNonNull(request, "request");
    if (!pullRequestsSupported) {
      throw new UnsupportedCapabilityException(
          BACKEND, "open pull requests", "Nothing was opened; open the pull request by hand.");
    }
    found(branches.get(request.head()), request.head(), "Branch");
    found(branches.get(request.base()), request.base(), "Branch");
    for (OpenedPullRequest opened : pullRequests) {
      if (opened.open()
          && opened.pullRequest().head().equals(request.head())
          && opened.pullRequest().base().equals(request.base())) {
        return new PullRequestResult.AlreadyOpen(opened.pullRequest());
      }
    }
    PullRequest created =
        new PullRequest(
            pullRequests.size() + 1,
            request.head(),
            request.base(),
            request.title(),
            true,
            Optional.empty());
    pullRequests.add(new OpenedPullRequest(created, request.body(), true));
    return new PullRequestResult.Opened(created);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The ref is a branch or a tag that has the workflow file {@code
   * .github/workflows/{workflow}}.
   */
  @Override
  public synchronized DispatchResult dispatchWorkflow(WorkflowDispatch dispatch) {
    Objects.requireNonNull(dispatch, "dispatch");
    if (!workflowDispatchSupported) {
      throw new UnsupportedCapabilityException(
          BACKEND, "dispatch workflows", "Nothing was run; start the workflow by hand.");
    }
    WorkflowDispatch earlier = dispatches.get(dispatch.key());
    if (earlier != null) {
      return new DispatchResult.AlreadyDispatched(earlier);
    }
    String commit = branches.getOrDefault(dispatch.ref(), tags.get(dispatch.ref()));
    found(commit, dispatch.ref(), "Branch or tag");
    String workflowFile = WORKFLOWS + Names.requireSafe("workflow", dispatch.workflow());
    if (!commits.get(commit).files().containsKey(workflowFile)) {
      throw new ReferenceNotFoundException(
          dispatch.workflow(), "In " + dispatch.ref() + ", the workflow");
    }
    dispatches.put(dispatch.key(), dispatch);
    return new DispatchResult.Dispatched(dispatch);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The ref is a branch, a tag or a commit id, as {@link #resolveCommit} takes it; it is kept as
   * given. Deployments are numbered from 1 across environments.
   */
  @Override
  public synchronized DeploymentRecord recordDeployment(DeploymentRequest request) {
    Objects.requireNonNull(request, "request");
    requireDeployments();
    for (StoredDeployment stored : deployments) {
      if (stored.request().environment().equals(request.environment())
          && stored.request().key().equals(request.key())) {
        return stored.record(false);
      }
    }
    // GitHub refuses a ref it cannot resolve with 422 Validation failed and records nothing
    // (REST API, "Create a deployment"), so the fake does too.
    resolveCommit(request.ref());
    StoredDeployment created =
        new StoredDeployment(String.valueOf(deployments.size() + 1), request, new ArrayList<>());
    deployments.add(created);
    return created.record(true);
  }

  /**
   * {@inheritDoc}
   *
   * <p>An earlier deployment made inactive gets an {@code INACTIVE} status naming the deployment
   * that replaced it.
   */
  @Override
  public synchronized DeploymentRecord updateDeployment(
      String deploymentId, DeploymentStatus status) {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(status, "status");
    requireDeployments();
    StoredDeployment target =
        deployments.stream()
            .filter(d -> d.id().equals(deploymentId))
            .findFirst()
            .orElseThrow(() -> new ReferenceNotFoundException(deploymentId, "Deployment"));
    Optional<DeploymentStatus> newest = target.newest();
    boolean same =
        newest.isPresent()
            && newest.get().state() == status.state()
            && newest.get().description().equals(status.description());
    if (same) {
      return target.record(false);
    }
    target.statuses().add(0, status);
    if (status.state() == DeploymentState.SUCCESS) {
      // GitHub's auto_inactive: "An inactive status is only added to deployments that had a
      // success state" (REST API, "Create a deployment status"); the SPI asks it for production
      // environments too.
      for (StoredDeployment earlier : deployments.subList(0, deployments.indexOf(target))) {
        if (earlier.request().environment().equals(target.request().environment())
            && earlier.newest().map(DeploymentStatus::state).orElse(null)
                == DeploymentState.SUCCESS) {
          earlier
              .statuses()
              .add(
                  0,
                  new DeploymentStatus(
                      DeploymentState.INACTIVE, "replaced by deployment " + target.id()));
        }
      }
    }
    return target.record(false);
  }

  /** {@inheritDoc} */
  @Override
  public synchronized List<DeploymentRecord> deployments(String environment, int limit) {
    Objects.requireNonNull(environment, "environment");
    requireDeployments();
    if (limit < 1) {
      throw new IllegalArgumentException("The limit is at least 1: " + limit);
    }
    List<DeploymentRecord> found = new ArrayList<>();
    for (int i = deployments.size() - 1; i >= 0 && found.size() < limit; i--) {
      StoredDeployment stored = deployments.get(i);
      if (stored.request().environment().equals(environment)) {
        found.add(stored.record(false));
      }
    }
    return List.copyOf(found);
  }

  // ---------------------------------------------------------------- seeding and inspection

  /**
   * A handle on a branch for seeding history: {@code scm.branch("main").commit("Add chart",
   * files)}. The branch is created by its first commit.
   */
  public BranchSeed branch(String name) {
    requireRefName(name, "a branch name");
    return new BranchSeed(name);
  }

  /**
   * Creates a lightweight tag, for seeding.
   *
   * @param commit a branch, tag or commit id
   * @return the full id of the tagged commit
   * @throws TagConflictException when the tag exists at another commit
   */
  public synchronized String tag(String name, String commit) {
    requireRefName(name, "a tag name");
    String id = resolveCommit(commit);
    String existing = tags.putIfAbsent(name, id);
    if (existing != null && !existing.equals(id)) {
      throw new TagConflictException(name, existing, id);
    }
    return id;
  }

  /**
   * The commits reachable from a branch, newest first, like {@code git log}.
   *
   * @throws ReferenceNotFoundException when there is no such branch
   */
  public synchronized List<Commit> commits(String branch) {
    String head = found(branches.get(branch), branch, "Branch");
    List<Commit> log = new ArrayList<>();
    for (Optional<String> id = Optional.of(head); id.isPresent(); ) {
      Commit commit = commits.get(id.get());
      log.add(commit);
      id = commit.parent();
    }
    return List.copyOf(log);
  }

  /** A commit by its full id, or empty. */
  public synchronized Optional<Commit> commit(String id) {
    return Optional.ofNullable(commits.get(id));
  }

  /** Every branch with its head, sorted by name. */
  public synchronized Map<String, String> branches() {
    return Collections.unmodifiableMap(new TreeMap<>(branches));
  }

  /** Every release, in the order they were created. */
  public synchronized List<Release> releases() {
    return List.copyOf(releases.values());
  }

  /** Every pull request opened, open or closed, by number. */
  public synchronized List<PullRequest> pullRequests() {
    return pullRequests.stream().map(OpenedPullRequest::pullRequest).toList();
  }

  /** The pull requests that are still open, by number. */
  public synchronized List<PullRequest> openPullRequests() {
    return pullRequests.stream()
        .filter(OpenedPullRequest::open)
        .map(OpenedPullRequest::pullRequest)
        .toList();
  }

  /** The body a pull request was opened with, or empty when there is no such pull request. */
  public synchronized Optional<String> pullRequestBody(int number) {
    return number < 1 || number > pullRequests.size()
        ? Optional.empty()
        : Optional.of(pullRequests.get(number - 1).body());
  }

  /**
   * Closes a pull request, as a user merging or dismissing it would; a later {@link
   * #openDraftPullRequest} for the same branches opens a new one.
   *
   * @throws ReferenceNotFoundException when there is no such pull request
   */
  public synchronized void closePullRequest(int number) {
    if (number < 1 || number > pullRequests.size()) {
      throw new ReferenceNotFoundException("#" + number, "Pull request");
    }
    OpenedPullRequest opened = pullRequests.get(number - 1);
    pullRequests.set(number - 1, new OpenedPullRequest(opened.pullRequest(), opened.body(), false));
  }

  /** Every workflow dispatch sent, in order; repeated keys appear once. */
  public synchronized List<WorkflowDispatch> dispatches() {
    return List.copyOf(dispatches.values());
  }

  /** Whether {@link #openDraftPullRequest} works, rather than throwing. */
  public boolean supportsPullRequests() {
    return pullRequestsSupported;
  }

  /** Whether {@link #dispatchWorkflow} works, rather than throwing. */
  public boolean supportsWorkflowDispatch() {
    return workflowDispatchSupported;
  }

  /** Whether the deployment methods work, rather than throwing. */
  public boolean supportsDeployments() {
    return deploymentsSupported;
  }

  /** Whether {@link #releaseAsset} works, rather than throwing. */
  public boolean supportsReleaseAssets() {
    return releaseAssetsSupported;
  }

  @Override
  public synchronized String toString() {
    return "InMemorySourceControl[branches=" + branches + ", tags=" + tags.keySet() + "]";
  }

  // ---------------------------------------------------------------- internals

  private void requireDeployments() {
    if (!deploymentsSupported) {
      throw new UnsupportedCapabilityException(
          BACKEND,
          "record deployments",
          "Nothing was recorded; the GitOps commit is the record of what was deployed.");
    }
  }

  private synchronized String seedCommit(String branch, String message, Map<String, String> files) {
    Objects.requireNonNull(files, "files");
    return seed(branch, message, files, Map.of());
  }

  private synchronized String seedBytes(String branch, String message, Map<String, byte[]> files) {
    Objects.requireNonNull(files, "files");
    Map<String, String> text = new TreeMap<>();
    Map<String, byte[]> undecodable = new TreeMap<>();
    files.forEach(
        (path, content) -> {
          try {
            text.put(path, FileText.utf8(path, Objects.requireNonNull(content)));
          } catch (InvalidManifestException e) {
            undecodable.put(path, content.clone());
          }
        });
    return seed(branch, message, text, undecodable);
  }

  private String seed(
      String branch, String message, Map<String, String> text, Map<String, byte[]> undecodable) {
    String head = branches.get(branch);
    Map<String, String> tree = new TreeMap<>();
    Map<String, byte[]> raw = new TreeMap<>();
    if (head != null) {
      tree.putAll(commits.get(head).files());
      raw.putAll(notUtf8(head));
    }
    text.forEach(
        (path, content) -> {
          raw.remove(requirePath(path));
          tree.put(path, Objects.requireNonNull(content));
        });
    undecodable.forEach(
        (path, content) -> {
          tree.remove(requirePath(path));
          raw.put(path, content);
        });
    String id = addCommit(Optional.ofNullable(head), tree, raw, message, SEED_AUTHOR);
    branches.put(branch, id);
    return id;
  }

  private Map<String, byte[]> notUtf8(String commit) {
    return notUtf8.getOrDefault(commit, Map.of());
  }

  private String addCommit(
      Optional<String> parent,
      Map<String, String> files,
      Map<String, byte[]> undecodable,
      String message,
      String author) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(author, "author");
    Instant time = clock.instant();
    ContentId id =
        ContentId.start().add(parent.orElse("")).add(message).add(author).add(time.toString());
    files.forEach((path, content) -> id.add(path).add(content));
    undecodable.forEach(
        (path, content) -> id.add(path).add(Base64.getEncoder().encodeToString(content)));
    Commit commit =
        new Commit(
            id.hex(),
            parent,
            message,
            author,
            time,
            Collections.unmodifiableMap(new TreeMap<>(files)));
    commits.putIfAbsent(commit.id(), commit);
    if (!undecodable.isEmpty()) {
      notUtf8.putIfAbsent(commit.id(), Collections.unmodifiableMap(new TreeMap<>(undecodable)));
    }
    return commit.id();
  }

  private String notes(
      String commit, Optional<String> since, String tag, Optional<String> previousTag) {
    Set<String> excluded = new HashSet<>();
    for (Optional<String> id = since; id.isPresent(); id = commits.get(id.get()).parent()) {
      excluded.add(id.get());
    }
    List<String> subjects = new ArrayList<>();
    for (Optional<String> id = Optional.of(commit);
        id.isPresent() && !excluded.contains(id.get());
        id = commits.get(id.get()).parent()) {
      subjects.add(commits.get(id.get()).subject());
    }
    Collections.reverse(subjects);
    StringBuilder notes = new StringBuilder("## What's Changed\n");
    for (String subject : subjects) {
      notes.append("* ").append(subject).append('\n');
    }
    notes
        .append("\n**Full Changelog**: ")
        .append(previousTag.map(p -> p + "..." + tag).orElse(tag))
        .append('\n');
    return notes.toString();
  }

  private String requireCommit(String commit) {
    Objects.requireNonNull(commit, "commit");
    if (!FULL_ID.matcher(commit).matches() || !commits.containsKey(commit)) {
      throw new ReferenceNotFoundException(commit, "Commit");
    }
    return commit;
  }

  private static String found(String value, String reference, String what) {
    if (value == null) {
      throw new ReferenceNotFoundException(reference, what);
    }
    return value;
  }

  private static String requirePath(String path) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
      throw new InvalidNameException("path", path, "it must be a relative file path");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidNameException("path", path, "it has an empty, '.' or '..' segment");
      }
      if (segment.chars().anyMatch(Character::isISOControl) || segment.indexOf('\\') >= 0) {
        throw new InvalidNameException("path", path, "it has a control character or a backslash");
      }
    }
    return path;
  }

  private static void requireRefName(String name, String shape) {
    Objects.requireNonNull(name, "name");
    boolean valid =
        !name.isEmpty()
            && !name.startsWith("-")
            && !name.startsWith("/")
            && !name.endsWith("/")
            && !name.endsWith(".lock")
            && !name.contains("..")
            && !name.contains("//")
            && !name.contains("@{")
            && name.chars().noneMatch(c -> c <= ' ' || c == 0x7f || "~^:?*[\\".indexOf(c) >= 0);
    if (!valid) {
      throw new InvalidReferenceException(name, shape + " git accepts");
    }
  }

  private static String describeContent(String content) {
    if (content == null) {
      return "no file";
    }
    String firstLine = content.lines().findFirst().orElse("");
    String shown = firstLine.length() > 60 ? firstLine.substring(0, 60) + "..." : firstLine;
    return "content starting '" + shown + "' (" + content.length() + " characters)";
  }

  /**
   * A commit of the in-memory repository.
   *
   * @param id the full commit id, 40 hex characters
   * @param parent the parent's id, empty for a root commit
   * @param message the full message
   * @param author who made it ({@link FileCommit#actor()}, or {@link #SEED_AUTHOR})
   * @param time when, from the repository's clock
   * @param files every file of the commit (a snapshot, not a diff), sorted by path; a file seeded
   *     with {@link BranchSeed#commitBytes} that is not UTF-8 is not among them
   */
  public record Commit(
      String id,
      Optional<String> parent,
      String message,
      String author,
      Instant time,
      Map<String, String> files) {
    /** Validates and copies. */
    public Commit {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(parent, "parent");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(author, "author");
      Objects.requireNonNull(time, "time");
      files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** The first line of the message. */
    public String subject() {
      int end = message.indexOf('\n');
      return end < 0 ? message : message.substring(0, end);
    }
  }

  /** A branch of an {@link InMemorySourceControl}, for seeding history. */
  public final class BranchSeed {
    private final String name;

    private BranchSeed(String name) {
      this.name = name;
    }

    /**
     * Commits files on top of the branch head (or as a root commit when the branch does not exist
     * yet) and moves the branch to the new commit. Files not named keep their content.
     *
     * @param message the commit message; its first line is the subject
     * @param files paths and their new content
     * @return the new commit's full id
     */
    public String commit(String message, Map<String, String> files) {
      return seedCommit(name, message, files);
    }

    /**
     * Commits files as bytes, like {@link #commit} but in any encoding, as git stores any bytes. A
     * file that is not UTF-8 is then refused by {@link #readFile} and {@link #commitFile} with an
     * {@link InvalidManifestException}, as every source control refuses it; it is not in {@link
     * Commit#files()}.
     *
     * @return the new commit's full id
     */
    public String commitBytes(String message, Map<String, byte[]> files) {
      return seedBytes(name, message, files);
    }

    /** The branch's head, or empty when it has no commit yet. */
    public Optional<String> head() {
      return branchHead(name);
    }
  }

  private record OpenedPullRequest(PullRequest pullRequest, String body, boolean open) {}

  /** A recorded deployment; its statuses newest first. */
  private record StoredDeployment(
      String id, DeploymentRequest request, List<DeploymentStatus> statuses) {
    Optional<DeploymentStatus> newest() {
      return statuses.stream().findFirst();
    }

    DeploymentRecord record(boolean created) {
      return new DeploymentRecord(
          id,
          request.key(),
          request.ref(),
          request.environment(),
          request.payload(),
          statuses,
          created);
    }
  }

  /** Settings of an {@link InMemorySourceControl}. Not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.fixed(DEFAULT_TIME, ZoneOffset.UTC);
    private boolean pullRequests = true;
    private boolean workflowDispatch = true;
    private boolean deployments = true;
    private boolean releaseAssets = true;

    private Builder() {}

    /** Where commit times come from. Default: a clock fixed at {@link #DEFAULT_TIME}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Makes {@link InMemorySourceControl#openDraftPullRequest} throw {@link
     * UnsupportedCapabilityException}, like a plain git backend.
     */
    public Builder withoutPullRequests() {
      this.pullRequests = false;
      return this;
    }

    /**
     * Makes {@link InMemorySourceControl#dispatchWorkflow} throw {@link
     * UnsupportedCapabilityException}, like a plain git backend.
     */
    public Builder withoutWorkflowDispatch() {
      this.workflowDispatch = false;
      return this;
    }

    /**
     * Makes {@link InMemorySourceControl#recordDeployment}, {@link
     * InMemorySourceControl#updateDeployment} and {@link InMemorySourceControl#deployments} throw
     * {@link UnsupportedCapabilityException}, like a plain git backend.
     */
    public Builder withoutDeployments() {
      this.deployments = false;
      return this;
    }

    /**
     * Makes {@link InMemorySourceControl#releaseAsset} throw {@link
     * UnsupportedCapabilityException}, like a plain git backend.
     */
    public Builder withoutReleaseAssets() {
      this.releaseAssets = false;
      return this;
    }

    /** A new, empty source control with these settings. */
    public InMemorySourceControl build() {
      return new InMemorySourceControl(
          clock, pullRequests, workflowDispatch, deployments, releaseAssets);
    }
  }
}
