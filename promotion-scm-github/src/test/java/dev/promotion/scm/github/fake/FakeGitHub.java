package dev.promotion.scm.github.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful stand-in for GitHub's REST API, for one repository: the endpoints the adapter uses,
 * with request and response bodies shaped like GitHub's (API version 2022-11-28), GitHub's error
 * bodies and status codes, pagination with {@code Link} headers, and rate-limit headers.
 *
 * <p>Tests seed it directly ({@link #commit}, {@link #tag}, {@link #workflow}) and read its state
 * back ({@link #fileAt}, {@link #releases}, {@link #runs}); the adapter only ever talks HTTP to it.
 */
public final class FakeGitHub {
  private static final String DOCS = "https://docs.github.com/rest";
  private static final String DEPLOYMENT_DOCS = "deployments/deployments";
  private static final String STATUS_DOCS = "deployments/statuses";
  private static final Set<String> DEPLOYMENT_STATES =
      Set.of("error", "failure", "inactive", "in_progress", "queued", "pending", "success");
  private static final Pattern INPUT_EXPRESSION =
      Pattern.compile("\\$\\{\\{\\s*(?:github\\.event\\.)?inputs\\.([A-Za-z0-9_-]+)\\s*}}");

  /** An HTTP request as the fake sees it; header names are lower case. */
  public record Request(
      String method,
      String rawPath,
      Map<String, List<String>> query,
      Map<String, String> headers,
      String body) {}

  /** An HTTP response. */
  public record Response(int status, Map<String, String> headers, String body) {}

  /** A file attached to a release ({@code gh release upload}), as GitHub stores it. */
  public static final class AssetState {
    final long id;
    final String name;
    final byte[] content;
    final Instant createdAt;

    AssetState(long id, String name, byte[] content, Instant createdAt) {
      this.id = id;
      this.name = name;
      this.content = content;
      this.createdAt = createdAt;
    }
  }

  /** A release as GitHub stores it. */
  public static final class ReleaseState {
    final long id;
    public String tagName;
    public String targetCommitish;
    public String name;
    public String body;
    public boolean draft;
    public boolean prerelease;
    public String makeLatest;
    final Instant createdAt;
    final List<AssetState> assets = new ArrayList<>();

    ReleaseState(long id, Instant createdAt) {
      this.id = id;
      this.createdAt = createdAt;
    }
  }

  /** A pull request as GitHub stores it. */
  public static final class PullState {
    public final int number;
    public final String head;
    public final String base;
    public final String title;
    public final String body;
    public final boolean draft;
    public String state = "open";
    final Instant createdAt;

    PullState(
        int number,
        String head,
        String base,
        String title,
        String body,
        boolean draft,
        Instant at) {
      this.number = number;
      this.head = head;
      this.base = base;
      this.title = title;
      this.body = body;
      this.draft = draft;
      this.createdAt = at;
    }
  }

  /** A workflow file with the inputs it declares and its {@code run-name} template. */
  public record Workflow(long id, String file, String name, String runName, Set<String> inputs) {}

  /** A workflow run started by a dispatch. */
  public record Run(
      long id,
      long workflowId,
      String name,
      String displayTitle,
      String event,
      String headBranch,
      String headSha,
      int runNumber,
      Map<String, String> inputs,
      Instant createdAt) {}

  /** A deployment as GitHub stores it; its statuses oldest first. */
  public static final class DeploymentState {
    public final long id;
    public String sha;
    public String ref;
    public String task;
    public JsonNode payload;
    public String originalEnvironment;
    public String environment;
    public String description;
    public boolean transientEnvironment;
    public boolean productionEnvironment;
    final Instant createdAt;
    Instant updatedAt;
    final List<DeploymentStatusState> statuses = new ArrayList<>();

    DeploymentState(long id, Instant createdAt) {
      this.id = id;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
    }

    /** Its statuses, newest first. */
    public List<DeploymentStatusState> statuses() {
      List<DeploymentStatusState> out = new ArrayList<>(statuses);
      java.util.Collections.reverse(out);
      return out;
    }

    /** Its newest status's state. */
    public Optional<String> newestState() {
      return statuses.isEmpty()
          ? Optional.empty()
          : Optional.of(statuses.get(statuses.size() - 1).state());
    }
  }

  /** A deployment status as GitHub stores it. */
  public record DeploymentStatusState(
      long id,
      String state,
      String description,
      String environment,
      String logUrl,
      String environmentUrl,
      Instant createdAt) {}

  /** A {@code repository_dispatch} event GitHub accepted. */
  public record RepositoryDispatch(String eventType, JsonNode clientPayload) {}

  private final ObjectMapper json = new ObjectMapper();
  private static final long REPOSITORY_ID = 1296269;
  private String owner;
  private String name;
  private final Set<String> formerNames = new LinkedHashSet<>();
  private final String baseUrl;
  private final String pathPrefix;
  private final List<Hook> hooks = new ArrayList<>();
  private final Clock clock;
  private final FakeGitRepository git = new FakeGitRepository();
  private final Set<String> tokens = new LinkedHashSet<>();
  private final Map<String, Instant> installationTokens = new LinkedHashMap<>();
  private final List<ReleaseState> releases = new ArrayList<>();
  private final List<PullState> pulls = new ArrayList<>();
  private final Map<String, Workflow> workflows = new LinkedHashMap<>();
  private final List<Run> runs = new ArrayList<>();
  private final Map<Long, Integer> hiddenRuns = new HashMap<>();
  private final List<RepositoryDispatch> repositoryDispatches = new ArrayList<>();
  private final List<DeploymentState> deployments = new ArrayList<>();
  private final Map<String, Map<String, String>> commitStatuses = new HashMap<>();
  private final AtomicInteger ids = new AtomicInteger(1000);
  private String appId;
  private PublicKey appKey;
  private long installationId = 4242;
  private Duration installationTokenLifetime = Duration.ofHours(1);
  private int runRegistrationDelay;
  private boolean draftPullRequests = true;
  private int largeFileThreshold = 1024 * 1024;
  private int rateRemaining = 5000;
  private int generatedNotesSize;
  private final Set<String> protectedBranches = new LinkedHashSet<>();
  private final Set<String> pullRequestRulesets = new LinkedHashSet<>();
  private final Map<String, Integer> failingRefCreations = new HashMap<>();
  private int assetHostRequests;
  private int assetHostRequestsWithCredentials;

  /**
   * The path under which the asset host serves release assets: GitHub redirects an asset download
   * to {@code https://release-assets.githubusercontent.com/github-production-release-asset/...}
   * with a short-lived signed query. The fake's asset host is the same server reached as {@code
   * localhost}, so that for the client it is another host than the API's {@code 127.0.0.1}.
   */
  public static final String ASSET_HOST = "localhost";

  private static final String ASSET_PATH = "/github-production-release-asset/";

  private record Hook(String method, Pattern path, Runnable action) {}

  /**
   * @param serverUrl where the server listens, for example {@code http://127.0.0.1:8080}
   * @param pathPrefix the API root's path, empty for github.com, {@code /api/v3} for GitHub
   *     Enterprise Server
   */
  public FakeGitHub(String owner, String name, String serverUrl, String pathPrefix, Clock clock) {
    this.owner = owner;
    this.name = name;
    this.baseUrl = serverUrl + pathPrefix;
    this.pathPrefix = pathPrefix;
    this.clock = clock;
  }

  /**
   * Runs {@code action} just before the next request whose method matches and whose path contains a
   * match of {@code pathRegex} is handled, as if someone else had acted at that moment.
   */
  public synchronized FakeGitHub beforeNext(String method, String pathRegex, Runnable action) {
    hooks.add(new Hook(method, Pattern.compile(pathRegex), action));
    return this;
  }

  /** Creates a published release on an existing tag, as another client would. */
  public synchronized FakeGitHub release(String tag, String body) {
    ReleaseState release = new ReleaseState(ids.incrementAndGet(), clock.instant());
    release.tagName = tag;
    release.targetCommitish = "main";
    release.name = tag;
    release.body = body;
    release.makeLatest = "true";
    releases.add(release);
    return this;
  }

  /**
   * Attaches a file to the release of {@code tag}, as {@code gh release upload} would. Its bytes
   * are served by the asset host ({@link #ASSET_HOST}), which the API redirects to.
   */
  public synchronized FakeGitHub releaseAsset(String tag, String fileName, byte[] content) {
    ReleaseState release = release(tag).orElseThrow();
    release.assets.add(
        new AssetState(ids.incrementAndGet(), fileName, content.clone(), clock.instant()));
    return this;
  }

  /** How many asset downloads reached the asset host, and how many carried credentials. */
  public synchronized int[] assetHostRequests() {
    return new int[] {assetHostRequests, assetHostRequestsWithCredentials};
  }

  /** Invalidates every installation token issued so far, as a revocation would. */
  public synchronized FakeGitHub revokeInstallationTokens() {
    installationTokens.replaceAll((token, expiry) -> Instant.EPOCH);
    return this;
  }

  // ---------------------------------------------------------------- seeding and configuration

  /** Accepts this token ({@code Authorization: Bearer} or {@code token}). */
  public synchronized FakeGitHub acceptToken(String token) {
    tokens.add(token);
    return this;
  }

  /** Accepts JSON web tokens of this App, verified against its public key. */
  public synchronized FakeGitHub app(String appId, PublicKey publicKey, long installationId) {
    this.appId = appId;
    this.appKey = publicKey;
    this.installationId = installationId;
    return this;
  }

  public synchronized FakeGitHub installationTokenLifetime(Duration lifetime) {
    this.installationTokenLifetime = lifetime;
    return this;
  }

  /** A new run stays invisible to this many run listings, as GitHub registers runs late. */
  public synchronized FakeGitHub runRegistrationDelay(int listings) {
    this.runRegistrationDelay = listings;
    return this;
  }

  public synchronized FakeGitHub draftPullRequests(boolean supported) {
    this.draftPullRequests = supported;
    return this;
  }

  /**
   * Protects a branch with classic branch protection that requires pull requests. GitHub then
   * refuses a direct write to it with 422 "Protected branch update failed for refs/heads/BRANCH."
   * (docs.github.com: "About protected branches"; the contents API's "Create or update file
   * contents" and the git refs API's "Update a reference" both list 422 for it).
   */
  public synchronized FakeGitHub protect(String branch) {
    protectedBranches.add(branch);
    return this;
  }

  /**
   * Targets a branch with a ruleset whose rule is "Require a pull request before merging". GitHub
   * then refuses a direct write with 409 "Repository rule violations found\n\nChanges must be made
   * through a pull request.\n\n" (docs.github.com: "About rulesets"; "Create or update file
   * contents" lists 409 Conflict).
   */
  public synchronized FakeGitHub requirePullRequest(String branch) {
    pullRequestRulesets.add(branch);
    return this;
  }

  /**
   * Answers the next {@code times} creations of {@code ref} (for example {@code refs/tags/v1.0.0})
   * with 422 "Reference update failed", whatever the ref's state, as GitHub does for a name a
   * ruleset restricts, a tag name a draft release holds, and now and then for no reason it gives
   * (github/rest-api-description#4887; "Create a reference" documents only "422 Validation
   * failed"). {@link Integer#MAX_VALUE} refuses it for good.
   */
  public synchronized FakeGitHub failReferenceUpdates(String ref, int times) {
    failingRefCreations.put(ref, times);
    return this;
  }

  /**
   * Makes generate-notes list merged pull requests until its body holds at least this many
   * characters, as it does for the first release of a busy repository.
   */
  public synchronized FakeGitHub generatedNotesSize(int characters) {
    this.generatedNotesSize = characters;
    return this;
  }

  /**
   * Renames (or transfers) the repository, as Settings > Rename does. GitHub keeps answering the
   * old name with a redirect to {@code /repositories/{id}/...} on the same API host: 301 Moved
   * Permanently for GET and HEAD, 307 Temporary Redirect for other methods, which the client is to
   * repeat verbatim (docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api and
   * "Getting started with the REST API": "HTTP redirects" / "Repository redirects").
   *
   * @param from the current {@code owner/name}
   * @param to the new {@code owner/name}
   */
  public synchronized FakeGitHub rename(String from, String to) {
    if (!from.equalsIgnoreCase(owner + "/" + name)) {
      throw new IllegalArgumentException(
          "The repository is " + owner + "/" + name + ", not " + from);
    }
    formerNames.add(from.toLowerCase(java.util.Locale.ROOT));
    formerNames.remove(to.toLowerCase(java.util.Locale.ROOT));
    this.owner = to.substring(0, to.indexOf('/'));
    this.name = to.substring(to.indexOf('/') + 1);
    return this;
  }

  /** Files larger than this are served without content, as GitHub does above 1 MB. */
  public synchronized FakeGitHub largeFileThreshold(int bytes) {
    this.largeFileThreshold = bytes;
    return this;
  }

  /**
   * Commits file changes on a branch (creating the branch as a root commit when it does not exist)
   * and returns the new commit id. A null content deletes the file.
   */
  public synchronized String commit(String branch, String message, Map<String, String> changes) {
    String ref = "refs/heads/" + branch;
    String parent = git.refs().containsKey(ref) ? git.refs().get(ref) : null;
    FakeGitRepository.Commit commit =
        git.commit(parent, message, "Promotion Test", clock.instant(), changes);
    git.setRef(ref, commit.sha());
    return commit.sha();
  }

  public synchronized FakeGitHub branch(String branch, String commit) {
    git.setRef("refs/heads/" + branch, commit);
    return this;
  }

  public synchronized FakeGitHub tag(String tag, String commit) {
    git.setRef("refs/tags/" + tag, commit);
    return this;
  }

  public synchronized FakeGitHub annotatedTag(String tag, String commit, String message) {
    FakeGitRepository.AnnotatedTag object = git.annotatedTag(tag, commit, message, clock.instant());
    git.setRef("refs/tags/" + tag, object.sha());
    return this;
  }

  /** Declares a workflow file, the inputs it accepts and its {@code run-name} (may be null). */
  public synchronized FakeGitHub workflow(String file, String runName, Set<String> inputs) {
    String workflowName = file.replaceFirst("\\.ya?ml$", "");
    workflows.put(
        file, new Workflow(ids.incrementAndGet(), file, workflowName, runName, Set.copyOf(inputs)));
    return this;
  }

  /**
   * Submits a commit status ({@code POST /repos/{owner}/{repo}/statuses/{sha}}) for a context, as
   * CI would: a deployment created without {@code required_contexts} needs every submitted context
   * of its commit to be {@code success}.
   */
  public synchronized FakeGitHub commitStatus(String sha, String context, String state) {
    commitStatuses.computeIfAbsent(sha, s -> new TreeMap<>()).put(context, state);
    return this;
  }

  // ---------------------------------------------------------------- state, for assertions

  /** Every deployment, oldest first. */
  public synchronized List<DeploymentState> deployments() {
    return List.copyOf(deployments);
  }

  /** The deployments of an environment, newest first. */
  public synchronized List<DeploymentState> deployments(String environment) {
    List<DeploymentState> out = new ArrayList<>();
    for (DeploymentState d : deployments) {
      if (d.environment.equals(environment)) {
        out.add(0, d);
      }
    }
    return out;
  }

  public synchronized Optional<String> head(String branch) {
    return Optional.ofNullable(git.refs().get("refs/heads/" + branch));
  }

  public synchronized Optional<String> fileAt(String ref, String path) {
    return git.resolve(ref).map(c -> c.files().get(path));
  }

  public synchronized Optional<FakeGitRepository.Commit> commitAt(String ref) {
    return git.resolve(ref);
  }

  public synchronized Optional<String> tagCommit(String tag) {
    return Optional.ofNullable(git.refs().get("refs/tags/" + tag)).map(git::peel);
  }

  public synchronized List<ReleaseState> releases() {
    return List.copyOf(releases);
  }

  public synchronized Optional<ReleaseState> release(String tag) {
    return releases.stream().filter(r -> r.tagName.equals(tag)).findFirst();
  }

  public synchronized List<PullState> pulls() {
    return List.copyOf(pulls);
  }

  public synchronized List<Run> runs() {
    return List.copyOf(runs);
  }

  public synchronized List<RepositoryDispatch> repositoryDispatches() {
    return List.copyOf(repositoryDispatches);
  }

  /** Every installation token this fake ever issued. */
  public synchronized Set<String> issuedInstallationTokens() {
    return Set.copyOf(installationTokens.keySet());
  }

  // ---------------------------------------------------------------- HTTP

  public synchronized Response handle(Request request) {
    rateRemaining = Math.max(0, rateRemaining - 1);
    for (Hook hook : List.copyOf(hooks)) {
      if (hook.method().equals(request.method()) && hook.path().matcher(request.rawPath()).find()) {
        hooks.remove(hook);
        hook.action().run();
        break;
      }
    }
    if (request.rawPath().startsWith(ASSET_PATH)) {
      return assetHost(request);
    }
    if (!request.rawPath().startsWith(pathPrefix + "/")) {
      return notFound();
    }
    List<String> path = segments(request.rawPath().substring(pathPrefix.length()));
    if (path.size() >= 4
        && path.get(0).equals("app")
        && path.get(1).equals("installations")
        && path.get(3).equals("access_tokens")
        && request.method().equals("POST")) {
      return requireJwt(request).orElseGet(() -> createInstallationToken(path.get(2)));
    }
    if (path.size() >= 2
        && path.get(0).equals("repositories")
        && path.get(1).equals(String.valueOf(REPOSITORY_ID))) {
      return repository(request, path.subList(2, path.size()));
    }
    if (path.size() < 3 || !path.get(0).equals("repos")) {
      return notFound();
    }
    if (formerNames.contains(
        (path.get(1) + "/" + path.get(2)).toLowerCase(java.util.Locale.ROOT))) {
      return moved(request);
    }
    if (!path.get(1).equalsIgnoreCase(owner) || !path.get(2).equalsIgnoreCase(name)) {
      return notFound();
    }
    return repository(request, path.subList(3, path.size()));
  }

  /** A redirect from a former name to {@code /repositories/{id}/...}, query included. */
  private Response moved(Request request) {
    String[] parts = request.rawPath().substring(pathPrefix.length()).split("/", 5);
    StringBuilder location =
        new StringBuilder(baseUrl).append("/repositories/").append(REPOSITORY_ID);
    if (parts.length == 5) {
      location.append('/').append(parts[4]);
    }
    String separator = "?";
    for (Map.Entry<String, List<String>> parameter : request.query().entrySet()) {
      for (String value : parameter.getValue()) {
        location
            .append(separator)
            .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        separator = "&";
      }
    }
    boolean safe = request.method().equals("GET") || request.method().equals("HEAD");
    ObjectNode body = json.createObjectNode();
    body.put("message", safe ? "Moved Permanently" : "Temporary Redirect");
    body.put("url", location.toString());
    body.put("documentation_url", "https://docs.github.com/v3/#http-redirects");
    return respond(safe ? 301 : 307, body, Map.of("Location", location.toString()));
  }

  private Response repository(Request request, List<String> rest) {
    try {
      if (rest.equals(List.of("installation"))) {
        return requireJwt(request).orElseGet(this::installation);
      }
      Optional<Response> denied = requireToken(request);
      if (denied.isPresent()) {
        return denied.get();
      }
      return route(request, rest);
    } catch (IOException e) {
      return error(400, "Problems parsing JSON", "");
    }
  }

  private Response route(Request request, List<String> rest) throws IOException {
    String method = request.method();
    String first = rest.isEmpty() ? "" : rest.get(0);
    JsonNode body =
        request.body() == null || request.body().isBlank()
            ? json.createObjectNode()
            : json.readTree(request.body());
    switch (first) {
      case "":
        return method.equals("GET") ? ok(repositoryJson()) : methodNotAllowed();
      case "git":
        return routeGit(request, rest.subList(1, rest.size()), body);
      case "commits":
        if (rest.size() == 1) {
          return listCommits(request);
        }
        return getCommit(String.join("/", rest.subList(1, rest.size())));
      case "compare":
        return compare(String.join("/", rest.subList(1, rest.size())));
      case "contents":
        String filePath = String.join("/", rest.subList(1, rest.size()));
        return method.equals("PUT")
            ? putContents(filePath, body)
            : getContents(filePath, request.query());
      case "tags":
        return listTags(request);
      case "releases":
        return routeReleases(request, rest.subList(1, rest.size()), body);
      case "pulls":
        if (rest.size() == 1) {
          return method.equals("POST") ? createPull(body) : listPulls(request);
        }
        return getPull(rest.get(1));
      case "actions":
        return routeActions(request, rest.subList(1, rest.size()), body);
      case "dispatches":
        return method.equals("POST") ? repositoryDispatch(body) : methodNotAllowed();
      case "deployments":
        return routeDeployments(request, rest.subList(1, rest.size()), body);
      default:
        return notFound();
    }
  }

  // ---------------------------------------------------------------- git data

  private Response routeGit(Request request, List<String> rest, JsonNode body) {
    if (rest.isEmpty()) {
      return notFound();
    }
    String kind = rest.get(0);
    String tail = String.join("/", rest.subList(1, rest.size()));
    if (kind.equals("refs") && request.method().equals("POST") && rest.size() == 1) {
      return createRef(body);
    }
    if (kind.equals("refs") && request.method().equals("GET")) {
      return getRefs(tail);
    }
    if (kind.equals("refs") && request.method().equals("PATCH") && rest.size() > 1) {
      return updateRef("refs/" + tail, body);
    }
    if (kind.equals("ref") && request.method().equals("GET")) {
      String ref = "refs/" + tail;
      return git.refs().containsKey(ref) ? ok(refJson(ref)) : notFound("git/refs#get-a-reference");
    }
    if (kind.equals("tags") && rest.size() == 2) {
      return git.tagObject(rest.get(1))
          .map(tag -> ok(tagObjectJson(tag)))
          .orElseGet(() -> notFound("git/tags#get-a-tag"));
    }
    if (kind.equals("blobs") && rest.size() == 2) {
      return git.blob(rest.get(1)).map(b -> ok(blobJson(rest.get(1), b))).orElseGet(this::notFound);
    }
    return notFound();
  }

  private Response getRefs(String tail) {
    String ref = "refs/" + tail;
    if (git.refs().containsKey(ref)) {
      return ok(refJson(ref));
    }
    // GitHub answers a prefix with every ref under it, as an array.
    ArrayNode matches = json.createArrayNode();
    git.refs().keySet().stream()
        .filter(r -> r.startsWith(ref))
        .forEach(r -> matches.add(refJson(r)));
    return matches.isEmpty() ? notFound("git/refs#get-a-reference") : ok(matches);
  }

  private Response createRef(JsonNode body) {
    String ref = body.path("ref").asText("");
    String sha = body.path("sha").asText("");
    if (!ref.startsWith("refs/") || ref.chars().filter(c -> c == '/').count() < 2) {
      return error(422, "Reference name is invalid", "git/refs#create-a-reference");
    }
    Integer failures = failingRefCreations.get(ref);
    if (failures != null && failures > 0) {
      failingRefCreations.put(ref, failures == Integer.MAX_VALUE ? failures : failures - 1);
      return error(422, "Reference update failed", "git/refs#create-a-reference");
    }
    if (git.refs().containsKey(ref)) {
      return error(422, "Reference already exists", "git/refs#create-a-reference");
    }
    if (!git.isCommit(sha) && git.tagObject(sha).isEmpty()) {
      return error(422, "Object does not exist", "git/refs#create-a-reference");
    }
    git.setRef(ref, sha);
    return respond(201, refJson(ref), Map.of("Location", baseUrl + repoPath() + "/git/" + ref));
  }

  /**
   * PATCH git/refs/{ref} ("Update a reference"): without {@code force}, a sha that does not descend
   * from the ref's current commit is refused with 422 "Update is not a fast forward" (the ref moved
   * since it was read); protected branches are refused as for a contents write.
   */
  private Response updateRef(String ref, JsonNode body) {
    String docs = "git/refs#update-a-reference";
    if (!git.refs().containsKey(ref)) {
      return error(422, "Reference does not exist", docs);
    }
    String sha = body.path("sha").asText("");
    if (!git.isCommit(sha)) {
      return error(422, "Object does not exist", docs);
    }
    if (ref.startsWith("refs/heads/")) {
      Optional<Response> refused = branchRules(ref.substring("refs/heads/".length()), docs);
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    String current = git.refs().get(ref);
    boolean fastForward = git.between(sha, current).isEmpty();
    if (!fastForward && !body.path("force").asBoolean(false)) {
      return error(422, "Update is not a fast forward", docs);
    }
    git.setRef(ref, sha);
    return ok(refJson(ref));
  }

  /** GitHub's answer to a direct write to a branch that a ruleset or branch protection guards. */
  private Optional<Response> branchRules(String branch, String docs) {
    if (pullRequestRulesets.contains(branch)) {
      return Optional.of(
          error(
              409,
              "Repository rule violations found\n\nChanges must be made through a pull request.\n\n",
              docs));
    }
    if (protectedBranches.contains(branch)) {
      return Optional.of(
          error(422, "Protected branch update failed for refs/heads/" + branch + ".", docs));
    }
    return Optional.empty();
  }

  private Response getCommit(String ref) {
    return git.resolve(ref)
        .map(c -> ok(commitJson(c, true)))
        .orElseGet(
            () -> error(422, "No commit found for SHA: " + ref, "commits/commits#get-a-commit"));
  }

  private Response listCommits(Request request) {
    String from = first(request.query(), "sha").orElse("main");
    Optional<FakeGitRepository.Commit> head = git.resolve(from);
    if (head.isEmpty()) {
      return notFound("commits/commits#list-commits");
    }
    List<JsonNode> items = new ArrayList<>();
    git.log(head.get().sha()).forEach(c -> items.add(commitJson(c, false)));
    return page(items, request);
  }

  private Response compare(String spec) {
    int dots = spec.indexOf("...");
    if (dots < 0) {
      return notFound("commits/commits#compare-two-commits");
    }
    Optional<FakeGitRepository.Commit> base = git.resolve(spec.substring(0, dots));
    Optional<FakeGitRepository.Commit> head = git.resolve(spec.substring(dots + 3));
    if (base.isEmpty() || head.isEmpty()) {
      return notFound("commits/commits#compare-two-commits");
    }
    List<FakeGitRepository.Commit> ahead = git.between(base.get().sha(), head.get().sha());
    List<FakeGitRepository.Commit> behind = git.between(head.get().sha(), base.get().sha());
    ObjectNode out = json.createObjectNode();
    out.put("url", baseUrl + repoPath() + "/compare/" + spec);
    out.put("html_url", webUrl() + "/compare/" + spec);
    out.put("permalink_url", webUrl() + "/compare/" + spec);
    out.put("diff_url", webUrl() + "/compare/" + spec + ".diff");
    out.put("patch_url", webUrl() + "/compare/" + spec + ".patch");
    out.set("base_commit", commitJson(base.get(), false));
    out.set("merge_base_commit", commitJson(base.get(), false));
    out.put(
        "status",
        ahead.isEmpty() && behind.isEmpty()
            ? "identical"
            : behind.isEmpty() ? "ahead" : ahead.isEmpty() ? "behind" : "diverged");
    out.put("ahead_by", ahead.size());
    out.put("behind_by", behind.size());
    out.put("total_commits", ahead.size());
    ArrayNode commits = out.putArray("commits");
    ahead.forEach(c -> commits.add(commitJson(c, false)));
    out.putArray("files");
    return ok(out);
  }

  // ---------------------------------------------------------------- contents

  private Response getContents(String path, Map<String, List<String>> query) {
    String ref = first(query, "ref").orElse("main");
    Optional<FakeGitRepository.Commit> commit = git.resolve(ref);
    if (commit.isEmpty()) {
      return error(
          404, "No commit found for the ref " + ref, "repos/contents#get-repository-content");
    }
    Map<String, String> files = commit.get().files();
    if (files.containsKey(path)) {
      return ok(fileJson(path, files.get(path), ref, true));
    }
    String dir = path.isEmpty() ? "" : path + "/";
    ArrayNode entries = json.createArrayNode();
    Set<String> seen = new LinkedHashSet<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      if (file.getKey().startsWith(dir)) {
        String rest = file.getKey().substring(dir.length());
        int slash = rest.indexOf('/');
        String child = slash < 0 ? rest : rest.substring(0, slash);
        if (seen.add(child)) {
          ObjectNode entry =
              slash < 0
                  ? fileJson(dir + child, file.getValue(), ref, false)
                  : json.createObjectNode();
          if (slash >= 0) {
            entry.put("type", "dir");
            entry.put("name", child);
            entry.put("path", dir + child);
            entry.put("sha", FakeGitRepository.sha1("tree " + dir + child));
            entry.put("size", 0);
          }
          entries.add(entry);
        }
      }
    }
    return entries.isEmpty() ? notFound("repos/contents#get-repository-content") : ok(entries);
  }

  private Response putContents(String path, JsonNode body) {
    String branch = body.path("branch").asText("main");
    String ref = "refs/heads/" + branch;
    if (!git.refs().containsKey(ref)) {
      return error(
          404, "Branch " + branch + " not found", "repos/contents#create-or-update-file-contents");
    }
    if (!body.hasNonNull("message") || !body.hasNonNull("content")) {
      return validationFailed("Content", "message", "missing_field");
    }
    Optional<Response> refused =
        branchRules(branch, "repos/contents#create-or-update-file-contents");
    if (refused.isPresent()) {
      return refused.get();
    }
    FakeGitRepository.Commit head = git.commit(git.refs().get(ref)).orElseThrow();
    String current = head.files().get(path);
    String sha = body.path("sha").asText("");
    if (current != null && sha.isEmpty()) {
      return error(
          422,
          "Invalid request.\n\n\"sha\" wasn't supplied.",
          "repos/contents#create-or-update-file-contents");
    }
    if (!sha.isEmpty() && (current == null || !FakeGitRepository.blobId(current).equals(sha))) {
      return error(
          409, path + " does not match " + sha, "repos/contents#create-or-update-file-contents");
    }
    String content =
        new String(
            Base64.getMimeDecoder().decode(body.get("content").asText()), StandardCharsets.UTF_8);
    FakeGitRepository.Commit commit =
        git.commit(
            head.sha(),
            body.get("message").asText(),
            body.path("author").path("name").asText("promotion-bot"),
            clock.instant(),
            Map.of(path, content));
    git.setRef(ref, commit.sha());
    ObjectNode out = json.createObjectNode();
    out.set("content", fileJson(path, content, branch, false));
    ObjectNode gitCommit = gitCommitJson(commit);
    gitCommit.put("html_url", webUrl() + "/commit/" + commit.sha());
    out.set("commit", gitCommit);
    return respond(current == null ? 201 : 200, out, Map.of());
  }

  // ---------------------------------------------------------------- tags and releases

  private Response listTags(Request request) {
    List<JsonNode> items = new ArrayList<>();
    git.refs()
        .descendingMap()
        .forEach(
            (ref, sha) -> {
              if (ref.startsWith("refs/tags/")) {
                String tag = ref.substring("refs/tags/".length());
                ObjectNode node = json.createObjectNode();
                node.put("name", tag);
                ObjectNode commit = node.putObject("commit");
                commit.put("sha", git.peel(sha));
                commit.put("url", baseUrl + repoPath() + "/commits/" + git.peel(sha));
                node.put("zipball_url", baseUrl + repoPath() + "/zipball/refs/tags/" + tag);
                node.put("tarball_url", baseUrl + repoPath() + "/tarball/refs/tags/" + tag);
                node.put("node_id", "REF_" + tag);
                items.add(node);
              }
            });
    return page(items, request);
  }

  private Response routeReleases(Request request, List<String> rest, JsonNode body) {
    String method = request.method();
    if (rest.isEmpty()) {
      if (method.equals("POST")) {
        return createRelease(body);
      }
      List<JsonNode> items = new ArrayList<>();
      releases.stream()
          .sorted(Comparator.comparing((ReleaseState r) -> r.createdAt).reversed())
          .forEach(r -> items.add(releaseJson(r)));
      return page(items, request);
    }
    if (rest.get(0).equals("generate-notes") && method.equals("POST")) {
      return generateNotes(body);
    }
    if (rest.get(0).equals("assets") && rest.size() == 2 && method.equals("GET")) {
      return releaseAsset(request, rest.get(1));
    }
    if (rest.get(0).equals("tags") && rest.size() >= 2 && method.equals("GET")) {
      String tag = String.join("/", rest.subList(1, rest.size()));
      return release(tag)
          .filter(r -> !r.draft)
          .map(r -> ok(releaseJson(r)))
          .orElseGet(() -> notFound("releases/releases#get-a-release-by-tag-name"));
    }
    Optional<ReleaseState> release =
        releases.stream().filter(r -> String.valueOf(r.id).equals(rest.get(0))).findFirst();
    if (release.isEmpty()) {
      return notFound("releases/releases#get-a-release");
    }
    if (method.equals("PATCH")) {
      return updateRelease(release.get(), body);
    }
    return ok(releaseJson(release.get()));
  }

  private Response createRelease(JsonNode body) {
    String tag = body.path("tag_name").asText("");
    if (tag.isEmpty()) {
      return validationFailed("Release", "tag_name", "missing_field");
    }
    if (release(tag).isPresent()) {
      return validationFailed("Release", "tag_name", "already_exists");
    }
    String target = body.path("target_commitish").asText("main");
    String tagRef = "refs/tags/" + tag;
    if (!git.refs().containsKey(tagRef)) {
      Optional<FakeGitRepository.Commit> commit = git.resolve(target);
      if (commit.isEmpty()) {
        return validationFailed("Release", "target_commitish", "invalid");
      }
      git.setRef(tagRef, commit.get().sha());
    }
    String text = body.path("body").asText("");
    if (body.path("generate_release_notes").asBoolean(false)) {
      String generated = notesBody(tag, Optional.empty());
      text = text.isEmpty() ? generated : text + "\n\n" + generated;
    }
    if (tooLong(text)) {
      return bodyTooLong("releases/releases#create-a-release");
    }
    ReleaseState release = new ReleaseState(ids.incrementAndGet(), clock.instant());
    release.tagName = tag;
    release.targetCommitish = target;
    release.name = body.hasNonNull("name") ? body.get("name").asText() : tag;
    release.body = text;
    release.draft = body.path("draft").asBoolean(false);
    release.prerelease = body.path("prerelease").asBoolean(false);
    release.makeLatest = body.path("make_latest").asText("true");
    releases.add(release);
    return respond(
        201,
        releaseJson(release),
        Map.of("Location", baseUrl + repoPath() + "/releases/" + release.id));
  }

  private Response updateRelease(ReleaseState release, JsonNode body) {
    if (body.has("body")) {
      String text = body.get("body").asText();
      if (tooLong(text)) {
        return bodyTooLong("releases/releases#update-a-release");
      }
      release.body = text;
    }
    if (body.has("name")) {
      release.name = body.get("name").asText();
    }
    if (body.has("draft")) {
      release.draft = body.get("draft").asBoolean();
    }
    return ok(releaseJson(release));
  }

  /**
   * GitHub refuses a release body over 125,000 characters (counted as Ruby counts them: code
   * points) with 422 Validation Failed, code {@code custom}, "body is too long (maximum is 125000
   * characters)", on create and on update alike. The REST docs ("Create a release", "Update a
   * release") list only "422 Validation failed"; the limit shows in the error GitHub sends.
   */
  private static boolean tooLong(String text) {
    return text.codePointCount(0, text.length()) > 125_000;
  }

  private Response bodyTooLong(String docs) {
    ObjectNode out = json.createObjectNode();
    out.put("message", "Validation Failed");
    ObjectNode error = out.putArray("errors").addObject();
    error.put("resource", "Release");
    error.put("code", "custom");
    error.put("field", "body");
    error.put("message", "body is too long (maximum is 125000 characters)");
    out.put("documentation_url", DOCS + "/" + docs);
    out.put("status", "422");
    return respond(422, out, Map.of());
  }

  private Response generateNotes(JsonNode body) {
    String tag = body.path("tag_name").asText("");
    if (tag.isEmpty()) {
      return validationFailed("Release", "tag_name", "missing_field");
    }
    Optional<String> previous =
        body.hasNonNull("previous_tag_name")
            ? Optional.of(body.get("previous_tag_name").asText())
            : Optional.empty();
    if (previous.isPresent() && !git.refs().containsKey("refs/tags/" + previous.get())) {
      return error(
          404, "Not Found", "releases/releases#generate-release-notes-content-for-a-release");
    }
    ObjectNode out = json.createObjectNode();
    out.put("name", tag);
    out.put("body", notesBody(tag, previous));
    return ok(out);
  }

  /** GitHub's generated notes when no merged pull request is in range: only the changelog link. */
  private String notesBody(String tag, Optional<String> previous) {
    Optional<String> from =
        previous.or(
            () ->
                releases.stream()
                    .filter(r -> !r.draft && !r.tagName.equals(tag))
                    .max(Comparator.comparing(r -> r.createdAt))
                    .map(r -> r.tagName));
    String site = webUrl();
    String changelog =
        from.map(p -> "**Full Changelog**: " + site + "/compare/" + p + "..." + tag)
            .orElse("**Full Changelog**: " + site + "/commits/" + tag);
    if (generatedNotesSize <= 0) {
      return changelog;
    }
    StringBuilder notes = new StringBuilder("## What's Changed\n");
    for (int pr = 1; notes.length() < generatedNotesSize; pr++) {
      notes
          .append("* Change number ")
          .append(pr)
          .append(" to the service by @developer-")
          .append(pr % 97)
          .append(" in ")
          .append(site)
          .append("/pull/")
          .append(pr)
          .append('\n');
    }
    return notes.append('\n').append(changelog).toString();
  }

  // ---------------------------------------------------------------- pull requests

  private Response listPulls(Request request) {
    String state = first(request.query(), "state").orElse("open");
    Optional<String> head = first(request.query(), "head");
    Optional<String> base = first(request.query(), "base");
    List<JsonNode> items = new ArrayList<>();
    pulls.stream()
        .filter(p -> state.equals("all") || p.state.equals(state))
        .filter(p -> head.map(h -> h.equals(owner + ":" + p.head) || h.equals(p.head)).orElse(true))
        .filter(p -> base.map(b -> b.equals(p.base)).orElse(true))
        .sorted(Comparator.comparing((PullState p) -> p.number).reversed())
        .forEach(p -> items.add(pullJson(p, false)));
    return page(items, request);
  }

  private Response getPull(String number) {
    return pulls.stream()
        .filter(p -> String.valueOf(p.number).equals(number))
        .findFirst()
        .map(p -> ok(pullJson(p, true)))
        .orElseGet(() -> notFound("pulls/pulls#get-a-pull-request"));
  }

  private Response createPull(JsonNode body) {
    String head = body.path("head").asText("");
    String base = body.path("base").asText("");
    if (head.contains(":")) {
      head = head.substring(head.indexOf(':') + 1);
    }
    if (!git.refs().containsKey("refs/heads/" + head)) {
      return validationFailed("PullRequest", "head", "invalid");
    }
    if (!git.refs().containsKey("refs/heads/" + base)) {
      return validationFailed("PullRequest", "base", "invalid");
    }
    String h = head;
    if (pulls.stream()
        .anyMatch(p -> p.state.equals("open") && p.head.equals(h) && p.base.equals(base))) {
      return customValidation("A pull request already exists for " + owner + ":" + head + ".");
    }
    if (git.between(git.refs().get("refs/heads/" + base), git.refs().get("refs/heads/" + head))
        .isEmpty()) {
      return customValidation("No commits between " + base + " and " + head);
    }
    boolean draft = body.path("draft").asBoolean(false);
    if (draft && !draftPullRequests) {
      return customValidation("Draft pull requests are not supported in this repository.");
    }
    PullState pull =
        new PullState(
            pulls.size() + 1,
            head,
            base,
            body.path("title").asText(""),
            body.path("body").asText(""),
            draft,
            clock.instant());
    pulls.add(pull);
    return respond(
        201,
        pullJson(pull, true),
        Map.of("Location", baseUrl + repoPath() + "/pulls/" + pull.number));
  }

  // ---------------------------------------------------------------- deployments
  // docs.github.com/rest/deployments/deployments and docs.github.com/rest/deployments/statuses

  private Response routeDeployments(Request request, List<String> rest, JsonNode body) {
    String method = request.method();
    if (rest.isEmpty()) {
      return method.equals("POST") ? createDeployment(body) : listDeployments(request);
    }
    Optional<DeploymentState> deployment = deployment(rest.get(0));
    if (deployment.isEmpty()) {
      return notFound(DEPLOYMENT_DOCS + "#get-a-deployment");
    }
    if (rest.size() == 1) {
      return method.equals("GET") ? ok(deploymentJson(deployment.get())) : methodNotAllowed();
    }
    if (rest.size() == 2 && rest.get(1).equals("statuses")) {
      return method.equals("POST")
          ? createDeploymentStatus(deployment.get(), body)
          : listDeploymentStatuses(deployment.get(), request);
    }
    return notFound();
  }

  private Optional<DeploymentState> deployment(String id) {
    return deployments.stream().filter(d -> String.valueOf(d.id).equals(id)).findFirst();
  }

  /**
   * "Create a deployment": {@code ref} is required and must resolve ("422 No ref found for: REF");
   * {@code environment} defaults to {@code production}, {@code task} to {@code deploy}, {@code
   * production_environment} to whether the environment is {@code production}. Two defaults refuse
   * or redirect the request, and are modelled because a client that forgets them meets them:
   *
   * <ul>
   *   <li>{@code auto_merge} (default true) "is used to ensure that the requested ref is not behind
   *       the repository's default branch. If the ref is behind the default branch for the
   *       repository, we will attempt to merge it for you": a branch gets a merge commit and the
   *       answer is 202 "Auto-merged main into REF on deployment." with no deployment; a commit or
   *       tag cannot take a merge commit, which the fake answers as the documented merge-conflict
   *       409 "Conflict merging main into REF.".
   *   <li>{@code required_contexts} (default: every context) "By default, commit statuses for every
   *       submitted context must be in a success state": otherwise 409 "Conflict: Commit status
   *       checks failed for REF." with the contexts in {@code errors}. An empty list requires none.
   * </ul>
   */
  private Response createDeployment(JsonNode body) {
    String ref = body.path("ref").asText("");
    if (ref.isEmpty()) {
      return validationFailed("Deployment", "ref", "missing_field");
    }
    Optional<FakeGitRepository.Commit> commit = git.resolve(ref);
    if (commit.isEmpty()) {
      return error(422, "No ref found for: " + ref, DEPLOYMENT_DOCS + "#create-a-deployment");
    }
    String sha = commit.get().sha();
    String defaultHead = git.refs().get("refs/heads/main");
    boolean autoMerge = !body.has("auto_merge") || body.path("auto_merge").asBoolean();
    if (autoMerge && defaultHead != null && !git.between(sha, defaultHead).isEmpty()) {
      String branchRef = "refs/heads/" + ref;
      if (git.refs().containsKey(branchRef) && !ref.equals("main")) {
        FakeGitRepository.Commit merge =
            git.merge(sha, defaultHead, "Merge main into " + ref, clock.instant());
        git.setRef(branchRef, merge.sha());
        ObjectNode out = json.createObjectNode();
        out.put("message", "Auto-merged main into " + ref + " on deployment.");
        return respond(202, out, Map.of());
      }
      return error(
          409, "Conflict merging main into " + ref + ".", DEPLOYMENT_DOCS + "#create-a-deployment");
    }
    List<String> required = new ArrayList<>();
    Map<String, String> submitted = commitStatuses.getOrDefault(sha, Map.of());
    if (body.has("required_contexts")) {
      body.path("required_contexts").forEach(c -> required.add(c.asText()));
    } else {
      required.addAll(submitted.keySet());
    }
    List<String> failing =
        required.stream().filter(c -> !"success".equals(submitted.get(c))).toList();
    if (!failing.isEmpty()) {
      ObjectNode out = json.createObjectNode();
      out.put("message", "Conflict: Commit status checks failed for " + ref + ".");
      ObjectNode error = out.putArray("errors").addObject();
      ArrayNode contexts = error.putArray("contexts");
      required.forEach(
          c -> {
            ObjectNode context = contexts.addObject();
            context.put("context", c);
            context.put("state", submitted.getOrDefault(c, "missing"));
          });
      error.put("resource", "Deployment");
      error.put("field", "required_contexts");
      error.put("code", "invalid");
      out.put("documentation_url", DOCS + "/" + DEPLOYMENT_DOCS + "#create-a-deployment");
      out.put("status", "409");
      return respond(409, out, Map.of());
    }
    String environment = body.path("environment").asText("production");
    DeploymentState deployment = new DeploymentState(ids.incrementAndGet(), clock.instant());
    deployment.sha = sha;
    deployment.ref = ref;
    deployment.task = body.path("task").asText("deploy");
    deployment.payload =
        body.has("payload") ? body.get("payload") : json.getNodeFactory().textNode("");
    deployment.originalEnvironment = environment;
    deployment.environment = environment;
    deployment.description = body.path("description").asText("");
    deployment.transientEnvironment = body.path("transient_environment").asBoolean(false);
    deployment.productionEnvironment =
        body.has("production_environment")
            ? body.path("production_environment").asBoolean()
            : environment.equals("production");
    deployments.add(deployment);
    return respond(
        201,
        deploymentJson(deployment),
        Map.of("Location", baseUrl + repoPath() + "/deployments/" + deployment.id));
  }

  /** "List deployments": filters {@code sha}, {@code ref}, {@code task}, {@code environment}. */
  private Response listDeployments(Request request) {
    List<JsonNode> items = new ArrayList<>();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      DeploymentState d = deployments.get(i);
      if (first(request.query(), "sha").map(d.sha::equals).orElse(true)
          && first(request.query(), "ref").map(d.ref::equals).orElse(true)
          && first(request.query(), "task").map(d.task::equals).orElse(true)
          && first(request.query(), "environment").map(d.environment::equals).orElse(true)) {
        items.add(deploymentJson(d));
      }
    }
    return page(items, request);
  }

  /**
   * "Create a deployment status": {@code state} is one of error, failure, inactive, in_progress,
   * queued, pending, success; "The maximum description length is 140 characters" (422 otherwise);
   * "Setting log_url will automatically set target_url to the same value"; {@code environment}
   * changes the deployment's environment; {@code auto_inactive} (default true) "Adds a new inactive
   * status to all prior non-transient, non-production environment deployments with the same
   * repository and environment name as the created status's deployment. An inactive status is only
   * added to deployments that had a success state."
   */
  private Response createDeploymentStatus(DeploymentState deployment, JsonNode body) {
    String state = body.path("state").asText("");
    if (!DEPLOYMENT_STATES.contains(state)) {
      return validationFailed(
          "DeploymentStatus", "state", state.isEmpty() ? "missing_field" : "invalid");
    }
    String description = body.path("description").asText("");
    if (description.codePointCount(0, description.length()) > 140) {
      ObjectNode out = json.createObjectNode();
      out.put("message", "Validation Failed");
      ObjectNode error = out.putArray("errors").addObject();
      error.put("resource", "DeploymentStatus");
      error.put("code", "custom");
      error.put("field", "description");
      error.put("message", "description is too long (maximum is 140 characters)");
      out.put("documentation_url", DOCS + "/" + STATUS_DOCS + "#create-a-deployment-status");
      out.put("status", "422");
      return respond(422, out, Map.of());
    }
    if (body.hasNonNull("environment") && !body.path("environment").asText().isEmpty()) {
      deployment.environment = body.path("environment").asText();
    }
    String logUrl = body.path("log_url").asText(body.path("target_url").asText(""));
    DeploymentStatusState status =
        new DeploymentStatusState(
            ids.incrementAndGet(),
            state,
            description,
            deployment.environment,
            logUrl,
            body.path("environment_url").asText(""),
            clock.instant());
    deployment.statuses.add(status);
    deployment.updatedAt = clock.instant();
    boolean autoInactive = !body.has("auto_inactive") || body.path("auto_inactive").asBoolean();
    if (state.equals("success") && autoInactive) {
      for (DeploymentState prior : deployments) {
        if (prior.id < deployment.id
            && prior.environment.equals(deployment.environment)
            && !prior.transientEnvironment
            && !prior.productionEnvironment
            && prior.newestState().equals(Optional.of("success"))) {
          prior.statuses.add(
              new DeploymentStatusState(
                  ids.incrementAndGet(),
                  "inactive",
                  "",
                  prior.environment,
                  "",
                  "",
                  clock.instant()));
          prior.updatedAt = clock.instant();
        }
      }
    }
    return respond(
        201,
        deploymentStatusJson(deployment, status),
        Map.of(
            "Location",
            baseUrl + repoPath() + "/deployments/" + deployment.id + "/statuses/" + status.id()));
  }

  private Response listDeploymentStatuses(DeploymentState deployment, Request request) {
    List<JsonNode> items = new ArrayList<>();
    for (int i = deployment.statuses.size() - 1; i >= 0; i--) {
      items.add(deploymentStatusJson(deployment, deployment.statuses.get(i)));
    }
    return page(items, request);
  }

  private ObjectNode deploymentJson(DeploymentState d) {
    ObjectNode node = json.createObjectNode();
    String url = baseUrl + repoPath() + "/deployments/" + d.id;
    node.put("url", url);
    node.put("id", d.id);
    node.put("node_id", "DE_" + d.id);
    node.put("sha", d.sha);
    node.put("ref", d.ref);
    node.put("task", d.task);
    node.set("payload", d.payload);
    node.put("original_environment", d.originalEnvironment);
    node.put("environment", d.environment);
    node.put("description", d.description);
    node.set("creator", userJson("promotion-bot", "Bot"));
    node.put("created_at", iso(d.createdAt));
    node.put("updated_at", iso(d.updatedAt));
    node.put("statuses_url", url + "/statuses");
    node.put("repository_url", baseUrl + repoPath());
    node.put("transient_environment", d.transientEnvironment);
    node.put("production_environment", d.productionEnvironment);
    return node;
  }

  private ObjectNode deploymentStatusJson(DeploymentState d, DeploymentStatusState s) {
    ObjectNode node = json.createObjectNode();
    String deploymentUrl = baseUrl + repoPath() + "/deployments/" + d.id;
    node.put("url", deploymentUrl + "/statuses/" + s.id());
    node.put("id", s.id());
    node.put("node_id", "DES_" + s.id());
    node.put("state", s.state());
    node.set("creator", userJson("promotion-bot", "Bot"));
    node.put("description", s.description());
    node.put("environment", s.environment());
    node.put("target_url", s.logUrl());
    node.put("created_at", iso(s.createdAt()));
    node.put("updated_at", iso(s.createdAt()));
    node.put("deployment_url", deploymentUrl);
    node.put("repository_url", baseUrl + repoPath());
    node.put("environment_url", s.environmentUrl());
    node.put("log_url", s.logUrl());
    return node;
  }

  // ---------------------------------------------------------------- actions and dispatches

  private Response routeActions(Request request, List<String> rest, JsonNode body) {
    if (rest.size() == 1 && rest.get(0).equals("runs") && request.method().equals("GET")) {
      return listRuns(request, Optional.empty());
    }
    if (rest.size() < 2 || !rest.get(0).equals("workflows")) {
      return notFound();
    }
    Optional<Workflow> workflow =
        workflows.values().stream()
            .filter(w -> w.file().equals(rest.get(1)) || String.valueOf(w.id()).equals(rest.get(1)))
            .findFirst();
    if (workflow.isEmpty()) {
      return notFound("actions/workflows#get-a-workflow");
    }
    if (rest.size() == 2) {
      return ok(workflowJson(workflow.get()));
    }
    if (rest.get(2).equals("dispatches") && request.method().equals("POST")) {
      return dispatchWorkflow(workflow.get(), body);
    }
    if (rest.get(2).equals("runs") && request.method().equals("GET")) {
      return listRuns(request, Optional.of(workflow.get().id()));
    }
    return notFound();
  }

  private Response dispatchWorkflow(Workflow workflow, JsonNode body) {
    String ref = body.path("ref").asText("");
    Optional<FakeGitRepository.Commit> commit = git.resolve(ref);
    if (ref.isEmpty() || commit.isEmpty()) {
      return error(
          422, "No ref found for: " + ref, "actions/workflows#create-a-workflow-dispatch-event");
    }
    Map<String, String> inputs = new TreeMap<>();
    List<String> unexpected = new ArrayList<>();
    body.path("inputs")
        .fields()
        .forEachRemaining(
            e -> {
              inputs.put(e.getKey(), e.getValue().asText());
              if (!workflow.inputs().contains(e.getKey())) {
                unexpected.add("\"" + e.getKey() + "\"");
              }
            });
    if (!unexpected.isEmpty()) {
      return error(
          422,
          "Unexpected inputs provided: [" + String.join(", ", unexpected) + "]",
          "actions/workflows#create-a-workflow-dispatch-event");
    }
    if (inputs.size() > 25) {
      return error(
          422, "you may only define up to 25 `inputs` for a `workflow_dispatch` event", "");
    }
    String title = displayTitle(workflow, inputs);
    int number = (int) runs.stream().filter(r -> r.workflowId() == workflow.id()).count() + 1;
    Run run =
        new Run(
            ids.incrementAndGet(),
            workflow.id(),
            workflow.name(),
            title,
            "workflow_dispatch",
            ref,
            commit.get().sha(),
            number,
            Map.copyOf(inputs),
            clock.instant());
    runs.add(run);
    if (runRegistrationDelay > 0) {
      hiddenRuns.put(run.id(), runRegistrationDelay);
    }
    return respond(204, null, Map.of());
  }

  private String displayTitle(Workflow workflow, Map<String, String> inputs) {
    if (workflow.runName() == null) {
      return workflow.name();
    }
    Matcher m = INPUT_EXPRESSION.matcher(workflow.runName());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(inputs.getOrDefault(m.group(1), "")));
    }
    m.appendTail(out);
    return out.toString();
  }

  private Response listRuns(Request request, Optional<Long> workflowId) {
    Optional<String> event = first(request.query(), "event");
    Optional<String> created = first(request.query(), "created");
    List<JsonNode> items = new ArrayList<>();
    List<Run> visible = new ArrayList<>();
    for (Run run : runs) {
      Integer hidden = hiddenRuns.get(run.id());
      if (hidden != null && hidden > 0) {
        hiddenRuns.put(run.id(), hidden - 1);
        continue;
      }
      visible.add(run);
    }
    visible.stream()
        .filter(r -> workflowId.map(id -> id == r.workflowId()).orElse(true))
        .filter(r -> event.map(e -> e.equals(r.event())).orElse(true))
        .filter(r -> created.map(c -> createdMatches(c, r.createdAt())).orElse(true))
        .sorted(Comparator.comparing(Run::createdAt).thenComparing(Run::id).reversed())
        .forEach(r -> items.add(runJson(r)));
    Response page = page(items, request);
    ObjectNode wrapped = json.createObjectNode();
    wrapped.put("total_count", items.size());
    try {
      wrapped.set("workflow_runs", json.readTree(page.body()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return respond(200, wrapped, page.headers());
  }

  private static boolean createdMatches(String filter, Instant created) {
    if (filter.startsWith(">=")) {
      return !created.isBefore(
          LocalDate.parse(filter.substring(2)).atStartOfDay().toInstant(ZoneOffset.UTC));
    }
    return true;
  }

  private Response repositoryDispatch(JsonNode body) {
    String eventType = body.path("event_type").asText("");
    if (eventType.isEmpty()) {
      return error(
          422,
          "Invalid request.\n\n\"event_type\" wasn't supplied.",
          "repos/repos#create-a-repository-dispatch-event");
    }
    JsonNode payload = body.path("client_payload");
    if (payload.size() > 10) {
      return error(
          422,
          "Invalid request.\n\nNo more than 10 properties are allowed; "
              + payload.size()
              + " were supplied.",
          "repos/repos#create-a-repository-dispatch-event");
    }
    repositoryDispatches.add(new RepositoryDispatch(eventType, payload.deepCopy()));
    return respond(204, null, Map.of());
  }

  // ---------------------------------------------------------------- GitHub App authentication

  private Response installation() {
    ObjectNode out = json.createObjectNode();
    out.put("id", installationId);
    out.set("account", userJson(owner, "Organization"));
    out.put("repository_selection", "selected");
    out.put(
        "access_tokens_url", baseUrl + "/app/installations/" + installationId + "/access_tokens");
    out.put("repositories_url", baseUrl + "/installation/repositories");
    out.put(
        "html_url",
        "https://github.com/organizations/" + owner + "/settings/installations/" + installationId);
    out.put("app_id", Long.parseLong(appId.replaceAll("\\D", "0")));
    out.put("app_slug", "promotion");
    out.put("target_id", 1);
    out.put("target_type", "Organization");
    ObjectNode permissions = out.putObject("permissions");
    permissions.put("contents", "write");
    permissions.put("pull_requests", "write");
    permissions.put("actions", "write");
    permissions.put("metadata", "read");
    out.putArray("events");
    out.put("created_at", iso(clock.instant()));
    out.put("updated_at", iso(clock.instant()));
    out.putNull("single_file_name");
    return ok(out);
  }

  private Response createInstallationToken(String id) {
    if (!id.equals(String.valueOf(installationId))) {
      return notFound("apps/apps#create-an-installation-access-token-for-an-app");
    }
    byte[] random = new byte[27];
    new java.security.SecureRandom().nextBytes(random);
    String token =
        "ghs_"
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(random)
                .replaceAll("[-_]", "x");
    Instant expires =
        clock.instant().plus(installationTokenLifetime).truncatedTo(ChronoUnit.SECONDS);
    installationTokens.put(token, expires);
    ObjectNode out = json.createObjectNode();
    out.put("token", token);
    out.put("expires_at", iso(expires));
    ObjectNode permissions = out.putObject("permissions");
    permissions.put("contents", "write");
    permissions.put("pull_requests", "write");
    permissions.put("actions", "write");
    out.put("repository_selection", "selected");
    out.putArray("repositories").add(repositoryJson());
    return respond(201, out, Map.of());
  }

  private Optional<Response> requireToken(Request request) {
    String credential = credential(request);
    if (tokens.contains(credential)) {
      return Optional.empty();
    }
    Instant expires = installationTokens.get(credential);
    if (expires != null && clock.instant().isBefore(expires)) {
      return Optional.empty();
    }
    return Optional.of(error(401, "Bad credentials", ""));
  }

  private Optional<Response> requireJwt(Request request) {
    if (appKey == null) {
      return Optional.of(error(401, "A JSON web token could not be decoded", ""));
    }
    String jwt = credential(request);
    String[] parts = jwt.split("\\.");
    try {
      if (parts.length != 3) {
        return Optional.of(error(401, "A JSON web token could not be decoded", ""));
      }
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(appKey);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return Optional.of(error(401, "A JSON web token could not be decoded", ""));
      }
      JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
      long now = clock.instant().getEpochSecond();
      if (!"RS256".equals(header.path("alg").asText())
          || !appId.equals(claims.path("iss").asText())) {
        return Optional.of(error(401, "A JSON web token could not be decoded", ""));
      }
      if (claims.path("exp").asLong() - claims.path("iat").asLong() > 600
          || claims.path("exp").asLong() <= now
          || claims.path("iat").asLong() > now + 60) {
        return Optional.of(
            error(
                401,
                "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
                ""));
      }
      return Optional.empty();
    } catch (Exception e) {
      return Optional.of(error(401, "A JSON web token could not be decoded", ""));
    }
  }

  private static String credential(Request request) {
    String header = request.headers().getOrDefault("authorization", "");
    for (String scheme : List.of("Bearer ", "token ", "bearer ")) {
      if (header.startsWith(scheme)) {
        return header.substring(scheme.length()).trim();
      }
    }
    return "";
  }

  // ---------------------------------------------------------------- JSON shapes

  /**
   * The repository's web address: on github.com for the public API, on the server's own host for
   * GitHub Enterprise Server (API under {@code /api/v3}).
   */
  private String webUrl() {
    String web =
        pathPrefix.isEmpty()
            ? "https://github.com"
            : baseUrl.substring(0, baseUrl.length() - pathPrefix.length());
    return web + "/" + owner + "/" + name;
  }

  private String repoPath() {
    return "/repos/" + owner + "/" + name;
  }

  private ObjectNode userJson(String login, String type) {
    ObjectNode user = json.createObjectNode();
    user.put("login", login);
    user.put("id", Math.abs(login.hashCode()));
    user.put("node_id", "U_" + login);
    user.put("avatar_url", "https://avatars.githubusercontent.com/u/1?v=4");
    user.put("url", baseUrl + "/users/" + login);
    user.put("html_url", "https://github.com/" + login);
    user.put("type", type);
    user.put("site_admin", false);
    return user;
  }

  private ObjectNode repositoryJson() {
    ObjectNode repo = json.createObjectNode();
    repo.put("id", REPOSITORY_ID);
    repo.put("node_id", "R_kgDOABCDEF");
    repo.put("name", name);
    repo.put("full_name", owner + "/" + name);
    repo.put("private", false);
    repo.set("owner", userJson(owner, "Organization"));
    repo.put("html_url", webUrl());
    repo.put("description", "Fake repository");
    repo.put("fork", false);
    repo.put("url", baseUrl + repoPath());
    repo.put("default_branch", "main");
    repo.put("visibility", "public");
    repo.put("created_at", "2024-01-01T00:00:00Z");
    repo.put("updated_at", iso(clock.instant()));
    repo.put("pushed_at", iso(clock.instant()));
    ObjectNode permissions = repo.putObject("permissions");
    permissions.put("admin", false);
    permissions.put("maintain", false);
    permissions.put("push", true);
    permissions.put("triage", true);
    permissions.put("pull", true);
    return repo;
  }

  private ObjectNode refJson(String ref) {
    String sha = git.refs().get(ref);
    ObjectNode node = json.createObjectNode();
    node.put("ref", ref);
    node.put("node_id", "REF_" + ref);
    node.put("url", baseUrl + repoPath() + "/git/" + ref);
    ObjectNode object = node.putObject("object");
    String type = git.objectType(sha);
    object.put("type", type);
    object.put("sha", sha);
    object.put(
        "url", baseUrl + repoPath() + "/git/" + (type.equals("tag") ? "tags/" : "commits/") + sha);
    return node;
  }

  private ObjectNode tagObjectJson(FakeGitRepository.AnnotatedTag tag) {
    ObjectNode node = json.createObjectNode();
    node.put("node_id", "TAG_" + tag.sha());
    node.put("tag", tag.name());
    node.put("sha", tag.sha());
    node.put("url", baseUrl + repoPath() + "/git/tags/" + tag.sha());
    node.put("message", tag.message());
    ObjectNode tagger = node.putObject("tagger");
    tagger.put("name", "Promotion Test");
    tagger.put("email", "test@example.com");
    tagger.put("date", iso(tag.date()));
    ObjectNode object = node.putObject("object");
    object.put("type", git.objectType(tag.target()));
    object.put("sha", tag.target());
    object.put("url", baseUrl + repoPath() + "/git/commits/" + tag.target());
    ObjectNode verification = node.putObject("verification");
    verification.put("verified", false);
    verification.put("reason", "unsigned");
    verification.putNull("signature");
    verification.putNull("payload");
    return node;
  }

  private ObjectNode blobJson(String sha, String content) {
    ObjectNode node = json.createObjectNode();
    node.put("content", mimeBase64(content));
    node.put("encoding", "base64");
    node.put("url", baseUrl + repoPath() + "/git/blobs/" + sha);
    node.put("sha", sha);
    node.put("size", content.getBytes(StandardCharsets.UTF_8).length);
    node.put("node_id", "BLOB_" + sha);
    return node;
  }

  private ObjectNode gitCommitJson(FakeGitRepository.Commit c) {
    ObjectNode commit = json.createObjectNode();
    commit.put("sha", c.sha());
    commit.put("node_id", "C_" + c.sha());
    commit.put("url", baseUrl + repoPath() + "/git/commits/" + c.sha());
    for (String role : List.of("author", "committer")) {
      ObjectNode person = commit.putObject(role);
      person.put("name", c.author());
      person.put("email", "promotion@example.com");
      person.put("date", iso(c.date()));
    }
    commit.put("message", c.message());
    ObjectNode tree = commit.putObject("tree");
    tree.put("sha", FakeGitRepository.sha1("tree " + c.files()));
    tree.put("url", baseUrl + repoPath() + "/git/trees/" + tree.get("sha").asText());
    ArrayNode parents = commit.putArray("parents");
    c.parents()
        .forEach(
            p -> {
              ObjectNode parent = parents.addObject();
              parent.put("sha", p);
              parent.put("url", baseUrl + repoPath() + "/git/commits/" + p);
              parent.put("html_url", webUrl() + "/commit/" + p);
            });
    ObjectNode verification = commit.putObject("verification");
    verification.put("verified", false);
    verification.put("reason", "unsigned");
    verification.putNull("signature");
    verification.putNull("payload");
    return commit;
  }

  private ObjectNode commitJson(FakeGitRepository.Commit c, boolean withFiles) {
    ObjectNode node = json.createObjectNode();
    node.put("sha", c.sha());
    node.put("node_id", "C_" + c.sha());
    node.put("url", baseUrl + repoPath() + "/commits/" + c.sha());
    node.put("html_url", webUrl() + "/commit/" + c.sha());
    node.put("comments_url", baseUrl + repoPath() + "/commits/" + c.sha() + "/comments");
    ObjectNode commit = gitCommitJson(c);
    commit.remove("sha");
    commit.remove("node_id");
    commit.remove("parents");
    commit.put("comment_count", 0);
    node.set("commit", commit);
    node.putNull("author");
    node.putNull("committer");
    ArrayNode parents = node.putArray("parents");
    c.parents()
        .forEach(
            p -> {
              ObjectNode parent = parents.addObject();
              parent.put("sha", p);
              parent.put("url", baseUrl + repoPath() + "/commits/" + p);
              parent.put("html_url", webUrl() + "/commit/" + p);
            });
    if (withFiles) {
      ObjectNode stats = node.putObject("stats");
      stats.put("additions", 0);
      stats.put("deletions", 0);
      stats.put("total", 0);
      node.putArray("files");
    }
    return node;
  }

  private ObjectNode fileJson(String path, String content, String ref, boolean withContent) {
    String sha = FakeGitRepository.blobId(content);
    int size = content.getBytes(StandardCharsets.UTF_8).length;
    String encodedRef = URLEncoder.encode(ref, StandardCharsets.UTF_8);
    ObjectNode node = json.createObjectNode();
    node.put("type", "file");
    boolean large = size > largeFileThreshold;
    if (withContent) {
      node.put("encoding", large ? "none" : "base64");
    }
    node.put("size", size);
    node.put("name", path.substring(path.lastIndexOf('/') + 1));
    node.put("path", path);
    if (withContent) {
      node.put("content", large ? "" : mimeBase64(content));
    }
    node.put("sha", sha);
    String self = baseUrl + repoPath() + "/contents/" + path + "?ref=" + encodedRef;
    node.put("url", self);
    node.put("git_url", baseUrl + repoPath() + "/git/blobs/" + sha);
    node.put("html_url", webUrl() + "/blob/" + ref + "/" + path);
    node.put(
        "download_url",
        "https://raw.githubusercontent.com/" + owner + "/" + name + "/" + ref + "/" + path);
    ObjectNode links = node.putObject("_links");
    links.put("self", self);
    links.put("git", node.get("git_url").asText());
    links.put("html", node.get("html_url").asText());
    return node;
  }

  private ObjectNode releaseJson(ReleaseState r) {
    ObjectNode node = json.createObjectNode();
    node.put("url", baseUrl + repoPath() + "/releases/" + r.id);
    node.put("html_url", webUrl() + "/releases/tag/" + r.tagName);
    node.put("assets_url", baseUrl + repoPath() + "/releases/" + r.id + "/assets");
    node.put(
        "upload_url",
        "https://uploads.github.com" + repoPath() + "/releases/" + r.id + "/assets{?name,label}");
    node.put("tarball_url", baseUrl + repoPath() + "/tarball/" + r.tagName);
    node.put("zipball_url", baseUrl + repoPath() + "/zipball/" + r.tagName);
    node.put("id", r.id);
    node.put("node_id", "RE_" + r.id);
    node.put("tag_name", r.tagName);
    node.put("target_commitish", r.targetCommitish);
    node.put("name", r.name);
    node.put("body", r.body);
    node.put("draft", r.draft);
    node.put("prerelease", r.prerelease);
    node.put("immutable", false);
    node.put("created_at", iso(r.createdAt));
    if (r.draft) {
      node.putNull("published_at");
    } else {
      node.put("published_at", iso(r.createdAt));
    }
    node.set("author", userJson("promotion[bot]", "Bot"));
    ArrayNode assets = node.putArray("assets");
    r.assets.forEach(a -> assets.add(assetJson(r, a)));
    return node;
  }

  /** A release asset as "Get a release asset" describes it. */
  private ObjectNode assetJson(ReleaseState r, AssetState a) {
    ObjectNode node = json.createObjectNode();
    node.put("url", baseUrl + repoPath() + "/releases/assets/" + a.id);
    node.put("browser_download_url", webUrl() + "/releases/download/" + r.tagName + "/" + a.name);
    node.put("id", a.id);
    node.put("node_id", "RA_" + a.id);
    node.put("name", a.name);
    node.putNull("label");
    node.put("state", "uploaded");
    node.put("content_type", "text/plain");
    node.put("size", a.content.length);
    node.put("digest", "sha256:" + sha256Hex(a.content));
    node.put("download_count", 0);
    node.put("created_at", iso(a.createdAt));
    node.put("updated_at", iso(a.createdAt));
    node.set("uploader", userJson("promotion[bot]", "Bot"));
    return node;
  }

  private static String sha256Hex(byte[] content) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * "Get a release asset": the JSON description, or with {@code Accept: application/octet-stream} a
   * {@code 302} to the asset host with a signed URL (GitHub: "The API will either redirect the
   * client to the location, or stream it directly if possible").
   */
  private Response releaseAsset(Request request, String id) {
    for (ReleaseState r : releases) {
      for (AssetState a : r.assets) {
        if (String.valueOf(a.id).equals(id)) {
          String accept = request.headers().getOrDefault("accept", "");
          if (!accept.contains("application/octet-stream")) {
            return ok(assetJson(r, a));
          }
          String location =
              baseUrl
                      .substring(0, baseUrl.length() - pathPrefix.length())
                      .replace("127.0.0.1", ASSET_HOST)
                  + ASSET_PATH
                  + a.id
                  + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=300&X-Amz-Signature=f4k3"
                  + "&response-content-disposition=attachment%3B%20filename%3D"
                  + a.name;
          return new Response(302, Map.of("Location", location), "");
        }
      }
    }
    return notFound("releases/assets#get-a-release-asset");
  }

  /**
   * The asset host: serves an asset's bytes to a signed URL. Like the storage GitHub redirects to,
   * it refuses a request that also carries an {@code Authorization} header (two credentials).
   */
  private Response assetHost(Request request) {
    assetHostRequests++;
    if (!request.headers().getOrDefault("host", "").startsWith(ASSET_HOST)) {
      return new Response(404, Map.of("Content-Type", "text/plain"), "wrong host");
    }
    if (request.headers().containsKey("authorization")) {
      assetHostRequestsWithCredentials++;
      return new Response(
          400,
          Map.of("Content-Type", "application/xml"),
          "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message>"
              + "</Error>");
    }
    String id = request.rawPath().substring(ASSET_PATH.length());
    for (ReleaseState r : releases) {
      for (AssetState a : r.assets) {
        if (String.valueOf(a.id).equals(id) && request.query().containsKey("X-Amz-Signature")) {
          return new Response(
              200,
              Map.of("Content-Type", "application/octet-stream"),
              new String(a.content, StandardCharsets.UTF_8));
        }
      }
    }
    return new Response(
        403, Map.of("Content-Type", "application/xml"), "<Error><Code>AccessDenied</Code></Error>");
  }

  private ObjectNode pullJson(PullState p, boolean full) {
    ObjectNode node = json.createObjectNode();
    node.put("url", baseUrl + repoPath() + "/pulls/" + p.number);
    node.put("id", 50000 + p.number);
    node.put("node_id", "PR_" + p.number);
    node.put("html_url", webUrl() + "/pull/" + p.number);
    node.put("diff_url", webUrl() + "/pull/" + p.number + ".diff");
    node.put("patch_url", webUrl() + "/pull/" + p.number + ".patch");
    node.put("issue_url", baseUrl + repoPath() + "/issues/" + p.number);
    node.put("number", p.number);
    node.put("state", p.state);
    node.put("locked", false);
    node.put("title", p.title);
    node.set("user", userJson("promotion[bot]", "Bot"));
    node.put("body", p.body);
    node.put("created_at", iso(p.createdAt));
    node.put("updated_at", iso(p.createdAt));
    node.putNull("closed_at");
    node.putNull("merged_at");
    node.putNull("merge_commit_sha");
    node.put("draft", p.draft);
    node.set("head", branchPointer(p.head));
    node.set("base", branchPointer(p.base));
    node.put("author_association", "NONE");
    node.putNull("auto_merge");
    if (full) {
      node.put("merged", false);
      node.putNull("mergeable");
      node.put("mergeable_state", "unknown");
      node.put("comments", 0);
      node.put("review_comments", 0);
      node.put("maintainer_can_modify", false);
      node.put("commits", 1);
      node.put("additions", 1);
      node.put("deletions", 1);
      node.put("changed_files", 1);
    }
    return node;
  }

  private ObjectNode branchPointer(String branch) {
    ObjectNode pointer = json.createObjectNode();
    pointer.put("label", owner + ":" + branch);
    pointer.put("ref", branch);
    pointer.put("sha", git.refs().getOrDefault("refs/heads/" + branch, ""));
    pointer.set("user", userJson(owner, "Organization"));
    pointer.set("repo", repositoryJson());
    return pointer;
  }

  private ObjectNode workflowJson(Workflow w) {
    ObjectNode node = json.createObjectNode();
    node.put("id", w.id());
    node.put("node_id", "W_" + w.id());
    node.put("name", w.name());
    node.put("path", ".github/workflows/" + w.file());
    node.put("state", "active");
    node.put("created_at", "2024-01-01T00:00:00Z");
    node.put("updated_at", "2024-01-01T00:00:00Z");
    node.put("url", baseUrl + repoPath() + "/actions/workflows/" + w.id());
    node.put("html_url", webUrl() + "/blob/main/.github/workflows/" + w.file());
    node.put("badge_url", webUrl() + "/workflows/" + w.name() + "/badge.svg");
    return node;
  }

  private ObjectNode runJson(Run r) {
    ObjectNode node = json.createObjectNode();
    node.put("id", r.id());
    node.put("name", r.name());
    node.put("node_id", "WFR_" + r.id());
    node.put("head_branch", r.headBranch());
    node.put("head_sha", r.headSha());
    node.put("path", ".github/workflows/" + r.name() + ".yaml@refs/heads/" + r.headBranch());
    node.put("display_title", r.displayTitle());
    node.put("run_number", r.runNumber());
    node.put("event", r.event());
    node.put("status", "queued");
    node.putNull("conclusion");
    node.put("workflow_id", r.workflowId());
    node.put("check_suite_id", r.id() + 1);
    node.put("url", baseUrl + repoPath() + "/actions/runs/" + r.id());
    node.put("html_url", webUrl() + "/actions/runs/" + r.id());
    node.putArray("pull_requests");
    node.put("created_at", iso(r.createdAt()));
    node.put("updated_at", iso(r.createdAt()));
    node.set("actor", userJson("promotion[bot]", "Bot"));
    node.put("run_attempt", 1);
    node.put("run_started_at", iso(r.createdAt()));
    node.set("triggering_actor", userJson("promotion[bot]", "Bot"));
    node.put("jobs_url", baseUrl + repoPath() + "/actions/runs/" + r.id() + "/jobs");
    node.put("logs_url", baseUrl + repoPath() + "/actions/runs/" + r.id() + "/logs");
    node.put("check_suite_url", baseUrl + repoPath() + "/check-suites/" + (r.id() + 1));
    node.put("artifacts_url", baseUrl + repoPath() + "/actions/runs/" + r.id() + "/artifacts");
    node.put("cancel_url", baseUrl + repoPath() + "/actions/runs/" + r.id() + "/cancel");
    node.put("rerun_url", baseUrl + repoPath() + "/actions/runs/" + r.id() + "/rerun");
    node.put("workflow_url", baseUrl + repoPath() + "/actions/workflows/" + r.workflowId());
    node.set("repository", repositoryJson());
    node.set("head_repository", repositoryJson());
    return node;
  }

  // ---------------------------------------------------------------- responses

  private Response page(List<JsonNode> items, Request request) {
    int perPage = first(request.query(), "per_page").map(Integer::parseInt).orElse(30);
    perPage = Math.max(1, Math.min(100, perPage));
    int page = first(request.query(), "page").map(Integer::parseInt).orElse(1);
    int last = Math.max(1, (items.size() + perPage - 1) / perPage);
    ArrayNode out = json.createArrayNode();
    items.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(out::add);
    Map<String, String> headers = new LinkedHashMap<>();
    if (page < last) {
      String next = pageUrl(request, perPage, page + 1);
      String lastUrl = pageUrl(request, perPage, last);
      headers.put("Link", "<" + next + ">; rel=\"next\", <" + lastUrl + ">; rel=\"last\"");
    }
    return respond(200, out, headers);
  }

  private String pageUrl(Request request, int perPage, int page) {
    String server = baseUrl.substring(0, baseUrl.length() - pathPrefix.length());
    StringBuilder url = new StringBuilder(server).append(request.rawPath()).append('?');
    request
        .query()
        .forEach(
            (key, values) -> {
              if (!key.equals("page") && !key.equals("per_page")) {
                values.forEach(
                    v ->
                        url.append(URLEncoder.encode(key, StandardCharsets.UTF_8))
                            .append('=')
                            .append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                            .append('&'));
              }
            });
    return url.append("per_page=").append(perPage).append("&page=").append(page).toString();
  }

  private Response ok(JsonNode body) {
    return respond(200, body, Map.of());
  }

  private Response respond(int status, JsonNode body, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json; charset=utf-8");
    headers.put("X-GitHub-Media-Type", "github.v3; format=json");
    headers.put("X-GitHub-Api-Version-Selected", "2022-11-28");
    headers.put("X-GitHub-Request-Id", "FAKE:" + Integer.toHexString(ids.incrementAndGet()));
    headers.put("X-RateLimit-Limit", "5000");
    headers.put("X-RateLimit-Remaining", String.valueOf(rateRemaining));
    headers.put("X-RateLimit-Used", String.valueOf(5000 - rateRemaining));
    headers.put(
        "X-RateLimit-Reset",
        String.valueOf(clock.instant().plus(Duration.ofHours(1)).getEpochSecond()));
    headers.put("X-RateLimit-Resource", "core");
    headers.putAll(extra);
    return new Response(status, headers, body == null ? "" : body.toString());
  }

  private Response error(int status, String message, String docs) {
    ObjectNode body = json.createObjectNode();
    body.put("message", message);
    body.put("documentation_url", docs.isEmpty() ? DOCS : DOCS + "/" + docs);
    body.put("status", String.valueOf(status));
    return respond(status, body, Map.of());
  }

  private Response validationFailed(String resource, String field, String code) {
    ObjectNode body = json.createObjectNode();
    body.put("message", "Validation Failed");
    ObjectNode error = body.putArray("errors").addObject();
    error.put("resource", resource);
    error.put("code", code);
    error.put("field", field);
    body.put("documentation_url", DOCS);
    body.put("status", "422");
    return respond(422, body, Map.of());
  }

  private Response customValidation(String message) {
    ObjectNode body = json.createObjectNode();
    body.put("message", "Validation Failed");
    ObjectNode error = body.putArray("errors").addObject();
    error.put("resource", "PullRequest");
    error.put("code", "custom");
    error.put("message", message);
    body.put("documentation_url", DOCS + "/pulls/pulls#create-a-pull-request");
    body.put("status", "422");
    return respond(422, body, Map.of());
  }

  private Response notFound() {
    return error(404, "Not Found", "");
  }

  private Response notFound(String docs) {
    return error(404, "Not Found", docs);
  }

  private Response methodNotAllowed() {
    return error(405, "Method Not Allowed", "");
  }

  private static Optional<String> first(Map<String, List<String>> query, String key) {
    List<String> values = query.get(key);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String segment : rawPath.split("/")) {
      if (!segment.isEmpty()) {
        out.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String mimeBase64(String content) {
    String encoded = Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < encoded.length(); i += 60) {
      out.append(encoded, i, Math.min(encoded.length(), i + 60)).append('\n');
    }
    return out.toString();
  }

  private static String iso(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Parses a raw query string into decoded parameters. */
  public static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    Function<String, String> decode = s -> URLDecoder.decode(s, StandardCharsets.UTF_8);
    Arrays.stream(rawQuery.split("&"))
        .filter(p -> !p.isEmpty())
        .forEach(
            p -> {
              int eq = p.indexOf('=');
              String key = decode.apply(eq < 0 ? p : p.substring(0, eq));
              String value = eq < 0 ? "" : decode.apply(p.substring(eq + 1));
              out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            });
    return out;
  }
}
