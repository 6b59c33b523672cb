package dev.promotion.scm.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promotion.error.BackendException;
import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.error.ReleaseAssetTooLargeException;
import dev.promotion.error.TagConflictException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.ReleaseResult;
import dev.promotion.spi.Tag;
import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kohsuke.github.GHCommit;
import org.kohsuke.github.GHCompare;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHRelease;
import org.kohsuke.github.GHReleaseBuilder;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHTag;
import org.kohsuke.github.PagedIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tags, releases and their notes. */
final class Releases {
  private static final Logger LOG = LoggerFactory.getLogger(Releases.class);

  private final RepositoryHandle repository;
  private final Commits commits;
  private final Optional<RestApi> rest;
  private final Optional<Authorization> authorization;
  private final Failures failures;

  Releases(
      RepositoryHandle repository,
      Commits commits,
      Optional<RestApi> rest,
      Optional<Authorization> authorization,
      Failures failures) {
    this.repository = repository;
    this.commits = commits;
    this.rest = rest;
    this.authorization = authorization;
    this.failures = failures;
  }

  Optional<Tag> findTag(String name) {
    Names.ref(name);
    return commits.peeledRef("tags/" + name).map(commit -> new Tag(name, commit));
  }

  List<Tag> listTags() {
    List<Tag> tags = new ArrayList<>();
    try {
      for (GHTag tag : repository.get().listTags().withPageSize(100)) {
        tags.add(new Tag(tag.getName(), tag.getCommit().getSHA1()));
      }
    } catch (IOException e) {
      throw failures.backend(e, "list tags");
    } catch (GHException e) {
      throw failures.backend(e, "list tags");
    }
    tags.sort(Comparator.comparing(Tag::name));
    return List.copyOf(tags);
  }

  Optional<Release> findRelease(String tag) {
    Names.ref(tag);
    return ghRelease(tag).map(this::toRelease);
  }

  /**
   * A release's asset by name: "Get a release by tag name", its {@code assets[]}, then "Get a
   * release asset" as bytes. An asset larger than {@code maxBytes} by the size GitHub lists is not
   * downloaded; the download itself is cut at the limit too.
   */
  Optional<byte[]> releaseAsset(String tag, String assetName, long maxBytes) {
    Names.ref(tag);
    Objects.requireNonNull(assetName, "name");
    if (rest.isEmpty() || authorization.isEmpty()) {
      throw new UnsupportedCapabilityException(
          Failures.BACKEND,
          "read release assets through an injected client",
          "github-api cannot download an asset's bytes, so release assets need the adapter's own"
              + " transport: build it with token(..) or gitHubApp(..).");
    }
    String base = "/repos/" + repository.owner() + "/" + repository.name();
    JsonNode release;
    try {
      release =
          rest.get()
              .exchange(
                  "GET",
                  base + "/releases/tags/" + URLEncoder.encode(tag, StandardCharsets.UTF_8),
                  null,
                  authorization.get(),
                  true)
              .body();
    } catch (IOException e) {
      GitHubError error = GitHubError.of(e);
      if (error.is(404)) {
        return Optional.empty();
      }
      throw failures.backend(error, "read release " + tag);
    }
    Optional<JsonNode> asset = Optional.empty();
    for (JsonNode candidate : release.path("assets")) {
      if (candidate.path("name").asText("").equals(assetName)
          && candidate.path("state").asText("uploaded").equals("uploaded")) {
        asset = Optional.of(candidate);
      }
    }
    if (asset.isEmpty()) {
      return Optional.empty();
    }
    if (asset.get().path("size").asLong(0) > maxBytes) {
      throw new ReleaseAssetTooLargeException(tag, assetName, maxBytes);
    }
    long id = asset.get().path("id").asLong(0);
    if (id <= 0) {
      throw new BackendException(
          Failures.BACKEND,
          false,
          "GitHub listed the asset "
              + Printable.of(assetName)
              + " of release "
              + Printable.of(tag)
              + " without an id. Check the release on GitHub.");
    }
    try {
      return Optional.of(
          rest.get().downloadAsset(base + "/releases/assets/" + id, authorization.get(), maxBytes));
    } catch (BodyTooLargeException e) {
      throw new ReleaseAssetTooLargeException(tag, assetName, maxBytes);
    } catch (IOException e) {
      throw failures.backend(e, "download asset " + assetName + " of release " + tag);
    }
  }

  private Optional<GHRelease> ghRelease(String tag) {
    try {
      return Optional.ofNullable(repository.get().getReleaseByTagName(tag));
    } catch (IOException e) {
      throw failures.backend(e, "read release " + tag);
    }
  }

  private Release toRelease(GHRelease release) {
    String tag = release.getTagName();
    return toRelease(
        release,
        findTag(tag)
            .map(Tag::commit)
            .orElseGet(() -> commits.fullCommit(release.getTargetCommitish())));
  }

  /** The release, with the commit its tag is already known to point at. */
  private static Release toRelease(GHRelease release, String commit) {
    String tag = release.getTagName();
    String name =
        release.getName() == null || release.getName().isEmpty() ? tag : release.getName();
    URL url = release.getHtmlUrl();
    return new Release(
        tag,
        commit,
        name,
        release.getBody() == null ? "" : release.getBody(),
        Optional.ofNullable(url).map(URL::toString));
  }

  ReleaseResult createRelease(ReleaseRequest request) {
    String tag = Names.ref(request.tag());
    request.previousTag().ifPresent(Names::ref);
    String commit = commits.fullCommit(request.commit());
    Optional<Release> existing = findRelease(tag);
    if (existing.isPresent()) {
      return alreadyExisting(existing.get(), commit);
    }
    ensureTag(tag, commit);
    String notes =
        ReleaseNotes.fit(
            notes(tag, commit, request.previousTag()), fullChanges(tag, request.previousTag()));
    for (int attempt = 1; attempt <= Commits.MAX_WRITE_ATTEMPTS; attempt++) {
      try {
        GHRelease created = releaseBuilder(tag, commit, request.name(), notes).create();
        LOG.debug("Created release {} at {}", tag, commit);
        return new ReleaseResult.Created(toRelease(created, commit));
      } catch (IOException e) {
        GitHubError error = GitHubError.of(e);
        boolean mayExist =
            error.kind() == GitHubError.Kind.OUTCOME_UNKNOWN
                || error.serverError()
                || (error.is(422) && error.mentions("already_exists"));
        if (!mayExist) {
          throw failures.backend(error, "create release " + tag);
        }
        Optional<Release> now = findRelease(tag);
        if (now.isPresent()) {
          return error.is(422)
              ? alreadyExisting(now.get(), commit)
              : new ReleaseResult.Created(now.get());
        }
        // Not there: the POST did not happen, and GitHub refuses a second release for one tag.
      }
    }
    throw new BackendException(
        Failures.BACKEND,
        true,
        "release " + Printable.of(tag) + " could not be created; GitHub kept failing. Run again.");
  }

  private GHReleaseBuilder releaseBuilder(String tag, String commit, String name, String notes) {
    GHReleaseBuilder builder =
        repository
            .get()
            .createRelease(tag)
            .commitish(commit)
            .name(name)
            .body(notes)
            .draft(false)
            .prerelease(false)
            // "legacy": the latest release is the highest version, so a hotfix of an older line
            // does not take the "Latest" badge from a newer release.
            .makeLatest(GHReleaseBuilder.MakeLatest.LEGACY);
    if (rest.isEmpty()) {
      // Without our own transport, GitHub generates its part of the notes at creation time and
      // appends it to the body (it chooses the previous release itself).
      builder.generateReleaseNotes(true);
    }
    return builder;
  }

  private static ReleaseResult alreadyExisting(Release release, String commit) {
    if (!release.commit().equals(commit)) {
      throw new TagConflictException(release.tag(), release.commit(), commit);
    }
    return new ReleaseResult.AlreadyExists(release);
  }

  private void ensureTag(String tag, String commit) {
    Optional<Tag> existing = findTag(tag);
    String at =
        existing.isPresent()
            ? existing.get().commit()
            : commits.createRef("tags/" + tag, commit, "tag " + Printable.of(tag), commit).commit();
    if (!at.equals(commit)) {
      throw new TagConflictException(tag, at, commit);
    }
  }

  private String notes(String tag, String commit, Optional<String> previousTag) {
    String generated = "";
    if (rest.isPresent() && authorization.isPresent()) {
      try {
        generated =
            rest.get()
                .generateNotes(
                    repository.owner(),
                    repository.name(),
                    tag,
                    commit,
                    previousTag,
                    authorization.get())
                .body();
      } catch (IOException e) {
        GitHubError error = GitHubError.of(e);
        if (error.is(404) || error.is(422)) {
          previousTag.ifPresent(this::requireTag);
        }
        if (!error.is(404)) {
          throw failures.backend(error, "generate the notes of release " + tag);
        }
        // Older GitHub Enterprise Server releases have no generate-notes endpoint: the notes
        // then hold the commit list only.
        LOG.warn(
            "GitHub answered 404 to generate-notes for {}; the notes list the commits only", tag);
      }
    }
    return composeWithCommits(generated, commit, previousTag);
  }

  private void requireTag(String tag) {
    if (findTag(tag).isEmpty()) {
      throw new ReferenceNotFoundException(tag, "Tag");
    }
  }

  private String composeWithCommits(String generated, String commit, Optional<String> previousTag) {
    List<ReleaseNotes.Entry> entries = new ArrayList<>();
    boolean truncated;
    GHRepository repo = repository.get();
    try {
      if (previousTag.isPresent()) {
        requireTag(previousTag.get());
        GHCompare compare = repo.getCompare(previousTag.get(), commit);
        for (GHCompare.Commit c : compare.getCommits()) {
          entries.add(0, new ReleaseNotes.Entry(c.getSHA1(), c.getCommit().getMessage()));
        }
        truncated = compare.getTotalCommits() > entries.size();
      } else {
        PagedIterator<GHCommit> log =
            repo.queryCommits().from(commit).pageSize(100).list().iterator();
        while (log.hasNext() && entries.size() < ReleaseNotes.MAX_COMMITS) {
          GHCommit c = log.next();
          entries.add(new ReleaseNotes.Entry(c.getSHA1(), c.getCommitShortInfo().getMessage()));
        }
        truncated = log.hasNext();
      }
    } catch (IOException e) {
      throw failures.backend(e, "list the commits of the release notes");
    } catch (GHException e) {
      throw failures.backend(e, "list the commits of the release notes");
    }
    return ReleaseNotes.compose(generated, entries, truncated);
  }

  /**
   * The web page of the changes a release brings: the compare view from the previous tag, or the
   * commits up to the tag. On the repository's own web host (github.com or an Enterprise Server).
   */
  private String fullChanges(String tag, Optional<String> previousTag) {
    String web = repository.get().getHtmlUrl().toString().replaceFirst("/+$", "");
    return previousTag
        .map(previous -> web + "/compare/" + previous + "..." + tag)
        .orElse(web + "/commits/" + tag);
  }

  private String appended(String tag, String body, String text) {
    return ReleaseNotes.append(body, text, fullChanges(tag, Optional.empty()))
        .orElseThrow(
            () ->
                new BackendException(
                    Failures.BACKEND,
                    false,
                    "the notes of release "
                        + Printable.of(tag)
                        + " cannot take the text: the text appended to them would exceed GitHub's"
                        + " limit of "
                        + ReleaseNotes.MAX_CHARACTERS
                        + " characters even with all generated notes cut. Nothing was written."));
  }

  Release appendToReleaseNotes(String tag, String text) {
    Names.ref(tag);
    for (int attempt = 1; attempt <= Commits.MAX_WRITE_ATTEMPTS; attempt++) {
      GHRelease release =
          ghRelease(tag).orElseThrow(() -> new ReferenceNotFoundException(tag, "Release"));
      String body = release.getBody() == null ? "" : release.getBody();
      if (body.contains(text)) {
        return toRelease(release);
      }
      try {
        // GitHub has no conditional update of a release: read after write to catch a lost append.
        release.update().body(appended(tag, body, text)).update();
      } catch (IOException e) {
        GitHubError error = GitHubError.of(e);
        if (!(error.kind() == GitHubError.Kind.OUTCOME_UNKNOWN || error.serverError())) {
          throw failures.backend(error, "update the notes of release " + tag);
        }
      }
    }
    GHRelease last =
        ghRelease(tag).orElseThrow(() -> new ReferenceNotFoundException(tag, "Release"));
    if (last.getBody() != null && last.getBody().contains(text)) {
      return toRelease(last);
    }
    throw new ConcurrentModificationException(
        "notes of release " + tag,
        "the appended text",
        "notes that kept changing while " + Commits.MAX_WRITE_ATTEMPTS + " updates were tried");
  }
}
