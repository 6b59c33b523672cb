package dev.promotion.scm.github;

import dev.promotion.error.BackendException;
import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.spi.BranchResult;
import dev.promotion.spi.CommitResult;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.FileText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHContentBuilder;
import org.kohsuke.github.GHContentUpdateResponse;
import org.kohsuke.github.GHRef;
import org.kohsuke.github.GHRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Commits, files and branches: refs API, commits API and the contents API. */
final class Commits {
  static final int MAX_WRITE_ATTEMPTS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(Commits.class);
  private static final int MAX_TAG_DEPTH = 8;

  private final RepositoryHandle repository;
  private final Failures failures;

  Commits(RepositoryHandle repository, Failures failures) {
    this.repository = repository;
    this.failures = failures;
  }

  /**
   * Follows git's order: a full id, then {@code refs/tags/<ref>}, {@code refs/heads/<ref>}, then a
   * short id.
   */
  String resolveCommit(String ref) {
    Names.ref(ref);
    if (Names.FULL_SHA.matcher(ref).matches()) {
      return commitById(ref).orElseThrow(() -> new ReferenceNotFoundException(ref, "Commit"));
    }
    if (ref.startsWith("refs/")) {
      return peeledRef(ref.substring("refs/".length()))
          .orElseThrow(() -> new ReferenceNotFoundException(ref, "Reference"));
    }
    Optional<String> named = peeledRef("tags/" + ref).or(() -> branchHead(ref));
    if (named.isPresent()) {
      return named.get();
    }
    if (Names.SHORT_SHA.matcher(ref).matches()) {
      return commitById(ref).orElseThrow(() -> new ReferenceNotFoundException(ref, "Commit"));
    }
    throw new ReferenceNotFoundException(ref, "Branch, tag or commit");
  }

  /** A full commit id as given, or resolved when it is a name or a short id. */
  String fullCommit(String commit) {
    return Names.FULL_SHA.matcher(commit).matches()
        ? commit.toLowerCase(Locale.ROOT)
        : resolveCommit(commit);
  }

  Optional<String> branchHead(String branch) {
    Names.ref(branch);
    return peeledRef("heads/" + branch);
  }

  /** The commit a ref points at, following annotated tags; empty when the ref does not exist. */
  Optional<String> peeledRef(String ref) {
    GHRepository repo = repository.get();
    try {
      GHRef.GHObject object = repo.getRef(ref).getObject();
      for (int depth = 0; "tag".equals(object.getType()); depth++) {
        if (depth == MAX_TAG_DEPTH) {
          throw new BackendException(
              Failures.BACKEND, false, "tag " + Printable.of(ref) + " nests too many tag objects.");
        }
        object = repo.getTagObject(object.getSha()).getObject();
      }
      return Optional.of(object.getSha());
    } catch (IOException e) {
      GitHubError error = GitHubError.of(e);
      if (error.is(404)) {
        return Optional.empty();
      }
      throw failures.backend(error, "read ref " + ref);
    }
  }

  private Optional<String> commitById(String id) {
    try {
      return Optional.of(repository.get().getCommit(id.toLowerCase(Locale.ROOT)).getSHA1());
    } catch (IOException e) {
      GitHubError error = GitHubError.of(e);
      if (error.is(404) || error.is(422)) {
        return Optional.empty();
      }
      throw failures.backend(error, "resolve commit " + id);
    }
  }

  Optional<String> readFile(String ref, String path) {
    Names.ref(ref);
    Names.path(path);
    Optional<FileState> file = fileAt(ref, path);
    if (file.isEmpty()) {
      resolveCommit(ref);
    }
    return file.map(FileState::content);
  }

  /** The file and its blob id at a ref; empty when GitHub answers 404 (file or ref missing). */
  private Optional<FileState> fileAt(String ref, String path) {
    GHRepository repo = repository.get();
    GHContent content;
    try {
      content = repo.getFileContent(path, ref);
    } catch (IOException e) {
      GitHubError error = GitHubError.of(e);
      if (error.is(404)) {
        return Optional.empty();
      }
      if (error.kind() == GitHubError.Kind.OTHER && error.unexpectedShape()) {
        throw new BackendException(
            Failures.BACKEND,
            false,
            Printable.of(path) + " at " + Printable.of(ref) + " is a directory, not a file.");
      }
      throw failures.backend(error, "read " + path + " at " + ref);
    }
    if (!"file".equals(content.getType())) {
      throw new BackendException(
          Failures.BACKEND,
          false,
          Printable.of(path)
              + " at "
              + Printable.of(ref)
              + " is a "
              + Printable.of(content.getType())
              + ", not a regular file.");
    }
    try {
      return Optional.of(new FileState(decode(repo, content, ref + ":" + path), content.getSha()));
    } catch (IOException e) {
      throw failures.backend(e, "read " + path + " at " + ref);
    }
  }

  private static String decode(GHRepository repo, GHContent content, String file)
      throws IOException {
    // Above 1 MB the contents API sends no content (encoding "none"); the blob API has it.
    InputStream in =
        "base64".equals(content.getEncoding())
            ? content.read()
            : repo.getBlob(content.getSha()).read();
    try (in) {
      return FileText.utf8(file, in.readAllBytes());
    }
  }

  private record FileState(String content, String blobSha) {}

  CommitResult commitFile(FileCommit change) {
    Names.ref(change.branch());
    Names.path(change.path());
    String target = change.branch() + ":" + change.path();
    boolean unknownOutcome = false;
    for (int attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      String head =
          branchHead(change.branch())
              .orElseThrow(() -> new ReferenceNotFoundException(change.branch(), "Branch"));
      Optional<FileState> current = fileAt(head, change.path());
      if (current.isPresent() && current.get().content().equals(change.newContent())) {
        return unknownOutcome ? new CommitResult.Committed(head) : new CommitResult.Unchanged(head);
      }
      Optional<String> actual = current.map(FileState::content);
      if (!actual.equals(change.expectedContent())) {
        throw new ConcurrentModificationException(
            target, describe(change.expectedContent()), describe(actual));
      }
      try {
        return new CommitResult.Committed(put(change, current));
      } catch (IOException e) {
        GitHubError error = GitHubError.of(e);
        if (error.ruleViolation()) {
          throw failures.ruleViolation(error, "commit " + target, "branch " + change.branch());
        }
        if (error.kind() == GitHubError.Kind.OUTCOME_UNKNOWN || error.serverError()) {
          unknownOutcome = true;
        } else if (!error.lostRace()) {
          throw failures.backend(error, "commit " + target);
        }
        LOG.debug("Writing {} met a conflict or no answer; reading it again", target);
      }
    }
    throw new ConcurrentModificationException(
        target,
        describe(change.expectedContent()),
        "a file that kept changing while " + MAX_WRITE_ATTEMPTS + " writes were tried");
  }

  private String put(FileCommit change, Optional<FileState> current) throws IOException {
    GHContentBuilder builder =
        repository
            .get()
            .createContent()
            .path(change.path())
            .branch(change.branch())
            .message(change.message())
            .content(change.newContent().getBytes(StandardCharsets.UTF_8));
    if (current.isPresent()) {
      // The blob id is the compare-and-swap: GitHub answers 409 when the file has changed since.
      builder.sha(current.get().blobSha());
    }
    GHContentUpdateResponse response = builder.commit();
    return response.getCommit().getSHA1();
  }

  /** A short, stable description of a file's content for a conflict message. */
  static String describe(Optional<String> content) {
    if (content.isEmpty()) {
      return "no file";
    }
    String text = content.get();
    String firstLine = text.lines().findFirst().orElse("");
    return "content with git blob id "
        + blobId(text).substring(0, 12)
        + " ("
        + text.lines().count()
        + " lines, starting '"
        + Printable.of(firstLine.length() > 60 ? firstLine.substring(0, 60) + "..." : firstLine)
        + "')";
  }

  static String blobId(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(sha1.digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
  }

  BranchResult createBranch(String name, String commit) {
    Names.ref(name);
    Names.ref(commit);
    Optional<String> existing = branchHead(name);
    if (existing.isPresent()) {
      return new BranchResult.AlreadyExists(name, existing.get());
    }
    String full = fullCommit(commit);
    CreatedRef ref = createRef("heads/" + name, full, "branch " + Printable.of(name), commit);
    return ref.created()
        ? new BranchResult.Created(name, full)
        : new BranchResult.AlreadyExists(name, ref.commit());
  }

  /**
   * What {@link #createRef} found: the commit the ref points at, and whether it counts as created
   * by this call (it is at the wanted commit and was not there already).
   */
  record CreatedRef(boolean created, String commit) {}

  /**
   * Creates {@code refs/<ref>} at {@code commit}. GitHub refuses a duplicate ref, so every refusal
   * or lost answer is followed by a read of the ref, and the creation is sent again only when the
   * ref is still missing:
   *
   * <ul>
   *   <li>422 "Reference already exists": someone else made it; the ref as it is now is returned.
   *   <li>no answer, 5xx, or 422 "Reference update failed" (which GitHub sends for a name a ruleset
   *       restricts, a tag name a draft release holds, and now and then for no reason): when the
   *       ref is now at the wanted commit, it is created; at another commit, it is returned as it
   *       is; still missing, the creation is sent again, a bounded number of times.
   *   <li>a rule violation: a non-retryable error at once.
   * </ul>
   *
   * @param what the ref for messages, for example {@code tag v1.0.0}
   * @param asGiven the commit as the caller gave it, for a {@link ReferenceNotFoundException}
   */
  CreatedRef createRef(String ref, String commit, String what, String asGiven) {
    boolean refused = false;
    for (int attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      try {
        repository.get().createRef("refs/" + ref, commit);
        return new CreatedRef(true, commit);
      } catch (IOException e) {
        GitHubError error = GitHubError.of(e);
        if (error.is(422) && error.mentions("object does not exist")) {
          throw new ReferenceNotFoundException(asGiven, "Commit");
        }
        if (error.ruleViolation()) {
          throw failures.ruleViolation(error, "create " + what, what);
        }
        boolean exists = error.is(422) && error.mentions("already exists");
        refused = error.is(422) && error.mentions("reference update failed");
        boolean mayExist =
            exists
                || refused
                || error.kind() == GitHubError.Kind.OUTCOME_UNKNOWN
                || error.serverError();
        if (!mayExist) {
          throw failures.backend(error, "create " + what);
        }
        Optional<String> now = peeledRef(ref);
        if (now.isPresent()) {
          return new CreatedRef(!exists && now.get().equals(commit), now.get());
        }
        LOG.debug(
            "Creating {} failed (status {}); it does not exist, sending it again",
            what,
            error.status());
      }
    }
    if (refused) {
      throw new BackendException(
          Failures.BACKEND,
          false,
          what
              + " could not be created: GitHub answered 422 \"Reference update failed\" "
              + MAX_WRITE_ATTEMPTS
              + " times and the ref still does not exist. GitHub gives no reason; the likely"
              + " ones are a ruleset that restricts creating refs with this name (check the"
              + " repository's and the organization's rulesets), or, for a tag, a draft release"
              + " that holds the tag name (publish or delete the draft). Nothing was created.");
    }
    throw new BackendException(
        Failures.BACKEND, true, what + " could not be created; GitHub kept failing. Run again.");
  }
}
