package dev.promotion.git;

import dev.promotion.error.BackendException;
import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.error.TagConflictException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.spi.BranchResult;
import dev.promotion.spi.CommitResult;
import dev.promotion.spi.DeploymentRecord;
import dev.promotion.spi.DeploymentRequest;
import dev.promotion.spi.DeploymentStatus;
import dev.promotion.spi.DispatchResult;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.FileText;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.PullRequestResult;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.ReleaseResult;
import dev.promotion.spi.SourceControl;
import dev.promotion.spi.Tag;
import dev.promotion.spi.WorkflowDispatch;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * {@link SourceControl} over a plain git repository: branches, tags and file commits, without a
 * hosting service.
 *
 * <p>Git has no release object, so <b>a release is an annotated tag</b>: the first line of the tag
 * message is the release name and the rest, after a blank line, its notes (generated from the
 * subjects of the commits since the previous tag). A lightweight tag is a tag without a release;
 * creating a release on it replaces it by an annotated tag at the same commit. {@link
 * #appendToReleaseNotes} writes a new tag object with the longer message at the same commit and
 * moves the tag to it with compare-and-swap on the old tag object: the tag never points at another
 * commit, but a clone that fetched the old tag object keeps it until it fetches with {@code
 * --force} (git does not update existing tags otherwise).
 *
 * <p>Plain git opens no pull requests and runs no workflows: those calls throw {@link
 * UnsupportedCapabilityException} saying what was pushed instead.
 *
 * <p>With a {@link Builder#remote remote}, a bare clone (on disk with {@link
 * Builder#cacheDirectory}, otherwise in memory) mirrors the remote's branches and tags; every call
 * fetches first and every write is pushed with the expected old id, so a concurrent writer is never
 * overwritten. Without one, the repository given is the repository of record and refs move with
 * compare-and-swap directly. Thread-safe: calls on one instance run one at a time.
 */
public final class GitSourceControl implements SourceControl, AutoCloseable {
  private static final String BACKEND = "git";
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{4,64}");
  private static final int MAX_FILE_BYTES = 16 << 20;
  private static final List<RefSpec> MIRROR =
      List.of(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"));

  private final Repository repository;
  private final boolean ownsRepository;
  private final URIish remote;
  private final String displayName;
  private final GitCredentials credentials;
  private final Redaction redaction;
  private final Identity committer;
  private final String actorDomain;
  private final Clock clock;
  private final RetryPolicy retry;
  private final RandomGenerator random;
  private final int timeoutSeconds;
  private final Optional<CommitSigner> signer;
  private final ReentrantLock lock = new ReentrantLock();

  private GitSourceControl(Builder builder, Repository repository, boolean ownsRepository) {
    this.repository = repository;
    this.ownsRepository = ownsRepository;
    this.credentials = builder.credentials;
    this.redaction = Redaction.of(builder.remote, builder.credentials);
    this.committer = builder.committer;
    this.actorDomain = builder.actorDomain;
    this.clock = builder.clock;
    this.retry = builder.retry;
    this.random = builder.random;
    this.timeoutSeconds = (int) Math.max(1, builder.timeout.toSeconds());
    this.signer = builder.signer;
    if (builder.remote == null) {
      this.remote = null;
      this.displayName = "git repository " + repository.getIdentifier();
    } else {
      try {
        this.remote = new URIish(builder.remote);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("Not a git URL: " + redaction.apply(builder.remote));
      }
      this.displayName = "git repository " + redaction.apply(remote.toString());
    }
  }

  /** A builder; see its methods for the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String resolveCommit(String ref) {
    Objects.requireNonNull(ref, "ref");
    return locked(
        () -> {
          sync();
          return resolve(ref).name();
        });
  }

  @Override
  public Optional<String> readFile(String ref, String path) {
    Objects.requireNonNull(path, "path");
    return locked(
        () -> {
          sync();
          return read(ref, resolve(ref), path);
        });
  }

  @Override
  public CommitResult commitFile(FileCommit change) {
    Objects.requireNonNull(change, "change");
    String ref = Constants.R_HEADS + change.branch();
    return locked(
        () -> {
          for (int attempt = 1; ; attempt++) {
            sync();
            ObjectId head =
                ref(ref)
                    .orElseThrow(() -> new ReferenceNotFoundException(change.branch(), "branch"));
            Optional<String> current = read(change.branch(), head, change.path());
            if (current.isPresent() && current.get().equals(change.newContent())) {
              return new CommitResult.Unchanged(head.name());
            }
            if (!current.equals(change.expectedContent())) {
              throw new ConcurrentModificationException(
                  change.path() + " on " + change.branch(),
                  describe(change.expectedContent()),
                  describe(current));
            }
            ObjectId commit = writeCommit(head, change);
            if (moveRef(ref, head, commit, false)) {
              return new CommitResult.Committed(commit.name());
            }
            if (attempt >= retry.maxAttempts()) {
              throw new ConcurrentModificationException(
                  change.branch(), head.name(), "moved " + attempt + " times while committing");
            }
            pause(retry.delayAfter(attempt, random));
          }
        });
  }

  @Override
  public Optional<String> branchHead(String branch) {
    Objects.requireNonNull(branch, "branch");
    return locked(
        () -> {
          sync();
          return ref(Constants.R_HEADS + branch).map(ObjectId::name);
        });
  }

  @Override
  public BranchResult createBranch(String name, String commit) {
    requireRefName("branch", Constants.R_HEADS, name);
    return locked(
        () -> {
          for (int attempt = 1; ; attempt++) {
            sync();
            Optional<ObjectId> existing = ref(Constants.R_HEADS + name);
            if (existing.isPresent()) {
              return new BranchResult.AlreadyExists(name, existing.get().name());
            }
            ObjectId target = requireCommit(commit);
            if (moveRef(Constants.R_HEADS + name, ObjectId.zeroId(), target, false)) {
              return new BranchResult.Created(name, target.name());
            }
            if (attempt >= retry.maxAttempts()) {
              throw new ConcurrentModificationException("branch " + name, "absent", "changing");
            }
            pause(retry.delayAfter(attempt, random));
          }
        });
  }

  @Override
  public Optional<Tag> findTag(String name) {
    Objects.requireNonNull(name, "name");
    return locked(
        () -> {
          sync();
          Optional<ObjectId> id = ref(Constants.R_TAGS + name);
          return id.isEmpty()
              ? Optional.<Tag>empty()
              : Optional.of(new Tag(name, peel(id.get()).name()));
        });
  }

  @Override
  public List<Tag> listTags() {
    return locked(
        () -> {
          sync();
          List<Tag> tags = new ArrayList<>();
          for (Ref ref : refsWithPrefix(Constants.R_TAGS)) {
            String name = ref.getName().substring(Constants.R_TAGS.length());
            tags.add(new Tag(name, peel(ref.getObjectId()).name()));
          }
          tags.sort(Comparator.comparing(Tag::name));
          return List.copyOf(tags);
        });
  }

  @Override
  public ReleaseResult createRelease(ReleaseRequest request) {
    Objects.requireNonNull(request, "request");
    requireRefName("tag", Constants.R_TAGS, request.tag());
    String ref = Constants.R_TAGS + request.tag();
    return locked(
        () -> {
          for (int attempt = 1; ; attempt++) {
            sync();
            Optional<ObjectId> existing = ref(ref);
            ObjectId commit = existing.isPresent() ? null : requireCommit(request.commit());
            if (existing.isPresent()) {
              String tagged = peel(existing.get()).name();
              if (!tagged.equals(request.commit())) {
                throw new TagConflictException(request.tag(), tagged, request.commit());
              }
              Optional<Release> release = release(request.tag(), existing.get());
              if (release.isPresent()) {
                return new ReleaseResult.AlreadyExists(release.get());
              }
              commit = ObjectId.fromString(tagged);
            }
            String notes = notes(commit, request);
            ObjectId tag = writeTag(request.tag(), commit, request.name() + "\n\n" + notes);
            if (moveRef(ref, existing.orElse(ObjectId.zeroId()), tag, true)) {
              return new ReleaseResult.Created(
                  new Release(
                      request.tag(), commit.name(), request.name(), notes, Optional.empty()));
            }
            if (attempt >= retry.maxAttempts()) {
              throw new ConcurrentModificationException("tag " + request.tag(), "-", "changing");
            }
            pause(retry.delayAfter(attempt, random));
          }
        });
  }

  @Override
  public Optional<Release> findRelease(String tag) {
    Objects.requireNonNull(tag, "tag");
    return locked(
        () -> {
          sync();
          return ref(Constants.R_TAGS + tag).flatMap(id -> release(tag, id));
        });
  }

  @Override
  public Release appendToReleaseNotes(String tag, String text) {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(text, "text");
    String ref = Constants.R_TAGS + tag;
    return locked(
        () -> {
          for (int attempt = 1; ; attempt++) {
            sync();
            Optional<ObjectId> id = ref(ref);
            Release release =
                id.flatMap(i -> release(tag, i))
                    .orElseThrow(() -> new ReferenceNotFoundException(tag, "release"));
            if (release.notes().contains(text)) {
              return release;
            }
            String notes =
                release.notes().isEmpty() || release.notes().endsWith("\n")
                    ? release.notes() + text
                    : release.notes() + "\n" + text;
            ObjectId commit = ObjectId.fromString(release.commit());
            ObjectId newTag = writeTag(tag, commit, release.name() + "\n\n" + notes);
            if (moveRef(ref, id.get(), newTag, true)) {
              return new Release(tag, release.commit(), release.name(), notes, Optional.empty());
            }
            if (attempt >= retry.maxAttempts()) {
              throw new ConcurrentModificationException("release " + tag, "-", "changing");
            }
            pause(retry.delayAfter(attempt, random));
          }
        });
  }

  /**
   * Always throws: plain git has no pull requests. The hotfix branch is already pushed; merge it
   * with your git host or {@code git merge}.
   *
   * @throws UnsupportedCapabilityException always
   */
  @Override
  public PullRequestResult openDraftPullRequest(PullRequestRequest request) {
    Objects.requireNonNull(request, "request");
    throw new UnsupportedCapabilityException(
        BACKEND,
        "open pull requests",
        "The branch "
            + request.head()
            + " is pushed to "
            + displayName
            + "; merge it into "
            + request.base()
            + " yourself (git merge "
            + request.head()
            + ") or use the github source control.");
  }

  /**
   * Always throws: plain git keeps no deployments (the use cases report a skipped step).
   *
   * @throws UnsupportedCapabilityException always
   */
  @Override
  public DeploymentRecord recordDeployment(DeploymentRequest request) {
    Objects.requireNonNull(request, "request");
    throw noDeployments();
  }

  @Override
  public DeploymentRecord updateDeployment(String deploymentId, DeploymentStatus status) {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(status, "status");
    throw noDeployments();
  }

  @Override
  public List<DeploymentRecord> deployments(String environment, int limit) {
    Objects.requireNonNull(environment, "environment");
    throw noDeployments();
  }

  private UnsupportedCapabilityException noDeployments() {
    return new UnsupportedCapabilityException(
        BACKEND,
        "record deployments",
        "Git keeps no deployments; the GitOps commit and its trailers are the record of what was"
            + " deployed.");
  }

  /**
   * Always throws: plain git runs no workflows.
   *
   * @throws UnsupportedCapabilityException always
   */
  @Override
  public DispatchResult dispatchWorkflow(WorkflowDispatch dispatch) {
    Objects.requireNonNull(dispatch, "dispatch");
    throw new UnsupportedCapabilityException(
        BACKEND,
        "run workflows",
        "Nothing was dispatched; the commit is pushed to "
            + displayName
            + ": run "
            + dispatch.workflow()
            + " on "
            + dispatch.ref()
            + " yourself (for example promotion publish-dev).");
  }

  /** Closes the clone if this instance opened it. */
  @Override
  public void close() {
    if (ownsRepository) {
      repository.close();
    }
  }

  private interface Action<T> {
    T run() throws IOException;
  }

  private <T> T locked(Action<T> action) {
    lock.lock();
    try {
      return action.run();
    } catch (MissingObjectException e) {
      throw new ReferenceNotFoundException(e.getObjectId().name(), "object");
    } catch (IOException e) {
      throw failure("cannot read " + displayName, e);
    } finally {
      lock.unlock();
    }
  }

  private void sync() throws IOException {
    if (remote == null) {
      return;
    }
    try (Transport transport = open()) {
      transport.setRemoveDeletedRefs(true);
      transport.fetch(NullProgressMonitor.INSTANCE, MIRROR);
    } catch (TransportException e) {
      throw failure("cannot fetch from " + displayName, e);
    }
  }

  private boolean moveRef(String ref, ObjectId expected, ObjectId value, boolean force)
      throws IOException {
    return remote == null ? updateLocal(ref, expected, value, force) : push(ref, expected, value);
  }

  private boolean updateLocal(String ref, ObjectId expected, ObjectId value, boolean force)
      throws IOException {
    RefUpdate update = repository.updateRef(ref);
    update.setExpectedOldObjectId(expected);
    update.setNewObjectId(value);
    update.setForceUpdate(force);
    update.setRefLogMessage("promotion", false);
    RefUpdate.Result result = update.update();
    return switch (result) {
      case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> true;
      case LOCK_FAILURE, REJECTED, NOT_ATTEMPTED -> false;
      default -> throw new BackendException(BACKEND, true, "cannot move " + ref + ": " + result);
    };
  }

  /** Records a pushed ref in the clone, so reads before the next fetch see it. */
  private void mirror(String ref, ObjectId value) throws IOException {
    RefUpdate update = repository.updateRef(ref);
    update.setNewObjectId(value);
    update.setForceUpdate(true);
    update.update();
  }

  private boolean push(String ref, ObjectId expected, ObjectId value) throws IOException {
    try (Transport transport = open()) {
      transport.setPushAtomic(true);
      RemoteRefUpdate update =
          new RemoteRefUpdate(repository, null, value, ref, true, null, expected);
      RemoteRefUpdate outcome =
          transport.push(NullProgressMonitor.INSTANCE, List.of(update)).getRemoteUpdate(ref);
      return switch (outcome.getStatus()) {
        case OK, UP_TO_DATE -> {
          mirror(ref, value);
          yield true;
        }
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> false;
        case REJECTED_OTHER_REASON ->
            lostRace(outcome.getMessage()) ? false : refused(ref, outcome);
        default -> refused(ref, outcome);
      };
    } catch (TransportException e) {
      throw failure("cannot push to " + displayName, e);
    }
  }

  /**
   * Whether the server refused because the ref moved under it (git's receive-pack reports a lost
   * compare-and-swap of concurrent pushes as a failed lock or atomic transaction).
   */
  private static boolean lostRace(String message) {
    String m = String.valueOf(message).toLowerCase(java.util.Locale.ROOT);
    return m.contains("atomic transaction failed")
        || m.contains("lock")
        || m.contains("failed to update ref")
        || m.contains("stale info")
        || m.contains("fetch first");
  }

  private boolean refused(String ref, RemoteRefUpdate outcome) {
    throw new BackendException(
        BACKEND,
        false,
        "cannot push "
            + ref
            + " to "
            + displayName
            + ": "
            + outcome.getStatus()
            + " "
            + redaction.apply(String.valueOf(outcome.getMessage()))
            + ". Check that the server accepts pushes to it.");
  }

  private Transport open() throws IOException {
    Transport transport = Transport.open(repository, remote);
    transport.setTimeout(timeoutSeconds);
    if (credentials instanceof GitCredentials.Token token) {
      transport.setCredentialsProvider(
          new UsernamePasswordCredentialsProvider(token.username(), token.token()));
    }
    return transport;
  }

  private Optional<ObjectId> ref(String name) throws IOException {
    return Optional.ofNullable(repository.exactRef(name)).map(Ref::getObjectId);
  }

  private List<Ref> refsWithPrefix(String prefix) throws IOException {
    return repository.getRefDatabase().getRefsByPrefix(prefix);
  }

  private ObjectId resolve(String ref) throws IOException {
    Objects.requireNonNull(ref, "ref");
    for (String prefix : List.of(Constants.R_HEADS, Constants.R_TAGS)) {
      if (Repository.isValidRefName(prefix + ref)) {
        Optional<ObjectId> id = ref(prefix + ref);
        if (id.isPresent()) {
          return peel(id.get());
        }
      }
    }
    if (HEX.matcher(ref).matches()) {
      return commitById(ref).orElseThrow(() -> new ReferenceNotFoundException(ref, "commit"));
    }
    throw new ReferenceNotFoundException(ref, "branch, tag or commit");
  }

  private Optional<ObjectId> commitById(String hex) throws IOException {
    try (ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      List<ObjectId> commits = new ArrayList<>();
      Collection<ObjectId> candidates =
          hex.length() == Constants.OBJECT_ID_STRING_LENGTH
              ? List.of(ObjectId.fromString(hex))
              : reader.resolve(AbbreviatedObjectId.fromString(hex));
      for (ObjectId candidate : candidates) {
        if (reader.has(candidate) && walk.parseAny(candidate) instanceof RevCommit) {
          commits.add(candidate.copy());
        }
      }
      return commits.size() == 1 ? Optional.of(commits.get(0)) : Optional.empty();
    }
  }

  private ObjectId requireCommit(String id) throws IOException {
    return commitById(id.toLowerCase(java.util.Locale.ROOT))
        .filter(c -> c.name().equals(id))
        .orElseThrow(() -> new ReferenceNotFoundException(id, "commit"));
  }

  private ObjectId peel(ObjectId id) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      RevObject object = walk.peel(walk.parseAny(id));
      return object.copy();
    }
  }

  private Optional<String> read(String ref, ObjectId commit, String path) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit parsed = walk.parseCommit(commit);
      try (TreeWalk tree = TreeWalk.forPath(repository, path, parsed.getTree())) {
        if (tree == null
            || (tree.getRawMode(0) & org.eclipse.jgit.lib.FileMode.TYPE_MASK)
                != org.eclipse.jgit.lib.FileMode.TYPE_FILE) {
          return Optional.empty();
        }
        byte[] bytes = repository.open(tree.getObjectId(0)).getCachedBytes(MAX_FILE_BYTES);
        return Optional.of(FileText.utf8(ref + ":" + path, bytes));
      }
    }
  }

  private ObjectId writeCommit(ObjectId head, FileCommit change) throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit parent = walk.parseCommit(head);
      ObjectId tree =
          new TreeEdit(reader, inserter)
              .write(
                  parent.getTree(),
                  Map.of(change.path(), change.newContent().getBytes(StandardCharsets.UTF_8)));
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(tree);
      commit.setParentId(parent);
      Identity author = Identity.forActor(change.actor(), actorDomain);
      commit.setAuthor(ident(author));
      commit.setCommitter(ident(committer));
      commit.setMessage(change.message());
      signer.ifPresent(s -> s.sign(commit));
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }

  private ObjectId writeTag(String name, ObjectId commit, String message) throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      TagBuilder tag = new TagBuilder();
      tag.setObjectId(commit, Constants.OBJ_COMMIT);
      tag.setTag(name);
      tag.setTagger(ident(committer));
      tag.setMessage(message);
      signer.ifPresent(s -> s.sign(tag));
      ObjectId id = inserter.insert(tag);
      inserter.flush();
      return id;
    }
  }

  private PersonIdent ident(Identity identity) {
    return new PersonIdent(identity.name(), identity.email(), clock.instant(), ZoneOffset.UTC);
  }

  private Optional<Release> release(String tag, ObjectId id) {
    try (RevWalk walk = new RevWalk(repository)) {
      if (!(walk.parseAny(id) instanceof RevTag annotated)) {
        return Optional.empty();
      }
      walk.parseBody(annotated);
      String message = annotated.getFullMessage();
      int end = message.indexOf('\n');
      String name = end < 0 ? message : message.substring(0, end);
      String notes = end < 0 ? "" : message.substring(end + 1).replaceFirst("^\n", "");
      String commit = walk.peel(annotated).name();
      return Optional.of(new Release(tag, commit, name, notes, Optional.empty()));
    } catch (IOException e) {
      throw failure("cannot read tag " + tag + " of " + displayName, e);
    }
  }

  /** GitHub-style notes: the subjects of the commits since the previous tag, oldest first. */
  private String notes(ObjectId commit, ReleaseRequest request) throws IOException {
    List<String> subjects = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(commit));
      if (request.previousTag().isPresent()) {
        Optional<ObjectId> previous = ref(Constants.R_TAGS + request.previousTag().get());
        if (previous.isPresent()) {
          walk.markUninteresting(walk.parseCommit(peel(previous.get())));
        }
      }
      for (RevCommit c : walk) {
        subjects.add(c.getShortMessage());
      }
    }
    StringBuilder notes = new StringBuilder("## What's Changed\n");
    for (int i = subjects.size() - 1; i >= 0; i--) {
      notes.append("* ").append(subjects.get(i)).append('\n');
    }
    notes
        .append("\n**Full Changelog**: ")
        .append(request.previousTag().map(p -> p + "..." + request.tag()).orElse(request.tag()))
        .append('\n');
    return notes.toString();
  }

  private static void requireRefName(String kind, String prefix, String name) {
    Objects.requireNonNull(name, kind);
    if (!Repository.isValidRefName(prefix + name)) {
      throw new InvalidNameException(kind, name, "not a valid git ref name");
    }
  }

  private static String describe(Optional<String> content) {
    return content.map(c -> "content " + blobId(c)).orElse("no file");
  }

  private static String blobId(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try (ObjectInserter.Formatter formatter = new ObjectInserter.Formatter()) {
      return formatter.idFor(Constants.OBJ_BLOB, bytes).abbreviate(7).name();
    }
  }

  private BackendException failure(String what, Exception e) {
    return new BackendException(
        BACKEND,
        true,
        what + ": " + redaction.apply(e.getMessage()) + ". Check that the repository is reachable.",
        redaction.apply(e));
  }

  private void pause(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(BACKEND, true, "interrupted while waiting to retry", e);
    }
  }

  /** Builds a {@link GitSourceControl}. */
  public static final class Builder {
    private Repository repository;
    private Path directory;
    private Path cacheDirectory;
    private String remote;
    private GitCredentials credentials = GitCredentials.none();
    private Identity committer = Identity.promotion();
    private String actorDomain = "users.noreply.promotion.dev";
    private Clock clock = Clock.systemUTC();
    private RetryPolicy retry = new RetryPolicy(8, Duration.ofMillis(20), Duration.ofSeconds(1));
    private RandomGenerator random = new java.util.Random();
    private Duration timeout = Duration.ofSeconds(30);
    private Optional<CommitSigner> signer = Optional.empty();

    private Builder() {}

    /**
     * Signs every commit (file commits such as {@code Chart.yaml} bumps, on any branch) and every
     * annotated tag (releases) with this key, SSH or OpenPGP; unsigned by default.
     */
    public Builder signer(CommitSigner value) {
      this.signer = Optional.of(Objects.requireNonNull(value, "signer"));
      return this;
    }

    /**
     * The repository to work on (for example JGit's {@code InMemoryRepository}); with a {@link
     * #remote}, the clone the remote is mirrored into. The caller closes it.
     */
    public Builder repository(Repository value) {
      this.repository = Objects.requireNonNull(value, "repository");
      return this;
    }

    /**
     * A repository on disk that is the repository of record: a bare repository, or the {@code .git}
     * directory of a clone whose checked-out branch is not written to.
     */
    public Builder directory(Path value) {
      this.directory = Objects.requireNonNull(value, "directory");
      return this;
    }

    /** The URL of the repository of record; its branches and tags are mirrored into the clone. */
    public Builder remote(String url) {
      this.remote = Objects.requireNonNull(url, "remote");
      return this;
    }

    /** With a remote: keeps the bare clone in {@code directory}, created when missing. */
    public Builder cacheDirectory(Path value) {
      this.cacheDirectory = Objects.requireNonNull(value, "cacheDirectory");
      return this;
    }

    /** How to authenticate to the remote: none (default) or {@link GitCredentials#token}. */
    public Builder credentials(GitCredentials value) {
      this.credentials = Objects.requireNonNull(value, "credentials");
      return this;
    }

    /** The committer of commits and the tagger of tags; {@link Identity#promotion()} by default. */
    public Builder committer(Identity value) {
      this.committer = Objects.requireNonNull(value, "committer");
      return this;
    }

    /** The e-mail domain of commit authors made from actor names. */
    public Builder actorDomain(String value) {
      this.actorDomain = Objects.requireNonNull(value, "actorDomain");
      return this;
    }

    /** The time of commits and tags. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * How a commit losing a race on its branch is retried: at most its {@code maxAttempts} (8 by
     * default).
     */
    public Builder retry(RetryPolicy value) {
      this.retry = Objects.requireNonNull(value, "retry");
      return this;
    }

    /** The source of backoff jitter. */
    public Builder random(RandomGenerator value) {
      this.random = Objects.requireNonNull(value, "random");
      return this;
    }

    /** The network timeout of one fetch or push; 30 s by default. */
    public Builder timeout(Duration value) {
      this.timeout = Objects.requireNonNull(value, "timeout");
      return this;
    }

    /** The source control. */
    public GitSourceControl build() {
      if (credentials instanceof GitCredentials.SshKey) {
        throw new IllegalArgumentException(
            "GitSourceControl authenticates with a token or not at all; an ssh:// remote uses the"
                + " keys and known_hosts of ~/.ssh.");
      }
      int sources = (repository != null ? 1 : 0) + (directory != null ? 1 : 0);
      if (sources > 1) {
        throw new IllegalStateException("Give either a repository or a directory, not both");
      }
      if (remote == null && sources == 0) {
        throw new IllegalStateException("Give a repository, a directory or a remote");
      }
      if (repository != null) {
        return new GitSourceControl(this, repository, false);
      }
      try {
        if (directory != null) {
          Repository opened = new FileRepositoryBuilder().setGitDir(gitDir(directory)).build();
          if (!opened.getObjectDatabase().exists()) {
            opened.close();
            throw new IllegalStateException("Not a git repository: " + directory);
          }
          return new GitSourceControl(this, opened, true);
        }
        if (cacheDirectory != null) {
          Files.createDirectories(cacheDirectory);
          Repository clone = new FileRepositoryBuilder().setGitDir(cacheDirectory.toFile()).build();
          if (!clone.getObjectDatabase().exists()) {
            clone.create(true);
            // A detached auto-gc after a fetch would outlive a short command and race its exit.
            clone.getConfig().setBoolean("gc", null, "autoDetach", false);
            clone.getConfig().save();
          }
          return new GitSourceControl(this, clone, true);
        }
        return new GitSourceControl(this, GitRepository.inMemory("source-control"), true);
      } catch (IOException e) {
        throw new BackendException(BACKEND, false, "cannot open the git repository", e);
      }
    }

    private static java.io.File gitDir(Path directory) {
      Path dotGit = directory.resolve(Constants.DOT_GIT);
      return (Files.isDirectory(dotGit) ? dotGit : directory).toFile();
    }
  }
}
