package dev.promotion.scm.github;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;

/**
 * {@link SourceControl} over a GitHub or GitHub Enterprise Server repository, built on the
 * org.kohsuke {@code github-api} library.
 *
 * <p>Every write looks before it acts, so that running an operation again after success changes
 * nothing and running it again after a crash finishes the job without duplicates. Failures are
 * translated at the boundary into {@link dev.promotion.error.PromotionException}s; no credential
 * ever appears in a message, a log line or a cause.
 *
 * <p>Built with credentials (a token or a GitHub App), the adapter owns its HTTP transport: rate
 * limits are waited out within a bound, only safe calls are retried, and a POST whose outcome is
 * unknown is followed by a read, never by a blind repeat. Built around an injected {@link GitHub}
 * client, the client's own connector and handlers apply instead (see the module README).
 *
 * <p>Instances are immutable and safe to use from several threads.
 */
public final class GitHubSourceControl implements SourceControl {
  private final String description;
  private final Commits commits;
  private final Releases releases;
  private final PullRequests pullRequests;
  private final Dispatches dispatches;
  private final Deployments deployments;

  private GitHubSourceControl(
      String description,
      Commits commits,
      Releases releases,
      PullRequests pullRequests,
      Dispatches dispatches,
      Deployments deployments) {
    this.description = description;
    this.commits = commits;
    this.releases = releases;
    this.pullRequests = pullRequests;
    this.dispatches = dispatches;
    this.deployments = deployments;
  }

  /** Starts the configuration of an adapter. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String resolveCommit(String ref) {
    return commits.resolveCommit(ref);
  }

  @Override
  public Optional<String> readFile(String ref, String path) {
    return commits.readFile(ref, path);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Uses the contents API with the file's blob id as the compare-and-swap token; on a conflict
   * the file is read again and the expectation checked again, up to four times. GitHub records the
   * authenticated identity (the token's user or the App's bot) as the commit's author: the contents
   * API through github-api cannot set another one, so {@link FileCommit#actor()} travels in the
   * message trailers only.
   */
  @Override
  public CommitResult commitFile(FileCommit change) {
    return commits.commitFile(change);
  }

  @Override
  public Optional<String> branchHead(String branch) {
    return commits.branchHead(branch);
  }

  @Override
  public BranchResult createBranch(String name, String commit) {
    return commits.createBranch(name, commit);
  }

  @Override
  public Optional<Tag> findTag(String name) {
    return releases.findTag(name);
  }

  @Override
  public List<Tag> listTags() {
    return releases.listTags();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The tag is created first ({@code POST git/refs}, which GitHub refuses to duplicate), then
   * the release on it, so that a concurrent tag at another commit is detected rather than adopted.
   * The notes are GitHub's generated notes (from {@code previousTag}) followed by a {@code ##
   * Commits} section with the subjects of the commits since {@code previousTag} (at most 250).
   */
  @Override
  public ReleaseResult createRelease(ReleaseRequest request) {
    return releases.createRelease(request);
  }

  @Override
  public Optional<Release> findRelease(String tag) {
    return releases.findRelease(tag);
  }

  /**
   * {@inheritDoc}
   *
   * <p>"Get a release by tag name", then "Get a release asset" with {@code Accept:
   * application/octet-stream}. GitHub answers that with a redirect to its asset host: it is
   * followed once, to https only, without the token (the URL is signed); no other redirect leaves
   * the API host. Not supported over an injected {@code GitHub} client.
   */
  @Override
  public Optional<byte[]> releaseAsset(String tag, String name, long maxBytes) {
    return releases.releaseAsset(tag, name, maxBytes);
  }

  /**
   * {@inheritDoc}
   *
   * <p>GitHub cannot update a release conditionally, so the text is appended on its own line and
   * the notes read again after the write; a lost append is written again. Two appends at the very
   * same moment can still lose one: serialize appends to one release.
   */
  @Override
  public Release appendToReleaseNotes(String tag, String text) {
    return releases.appendToReleaseNotes(tag, text);
  }

  @Override
  public PullRequestResult openDraftPullRequest(PullRequestRequest request) {
    return pullRequests.openDraft(request);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The key is sent as the workflow input {@code promotion_key}, and a dispatch counts as made
   * when a recent {@code workflow_dispatch} run of the same workflow has the key, standing alone,
   * in its title. So the workflow must declare the input and put it in its {@code run-name}, for
   * example {@code run-name: "publish-dev ${{ inputs.promotion_key }}"}. Runs older than the
   * lookback (30 days by default) or beyond the 300 most recent dispatch runs are not searched.
   *
   * @throws IllegalArgumentException when the key is not one token of at most 100 characters, or
   *     when the inputs carry a different {@code promotion_key}
   */
  @Override
  public DispatchResult dispatchWorkflow(WorkflowDispatch dispatch) {
    return dispatches.dispatchWorkflow(dispatch);
  }

  /**
   * Sends a {@code repository_dispatch} event, as the manifest dispatch of a platform repository
   * expects it.
   *
   * <p>Not idempotent: GitHub keeps no record of the event that could be read back, so receivers
   * must tolerate a repeat. It is sent at most once per call: when GitHub refuses it for a rate
   * limit it is sent again after the wait (GitHub did not process it), but when no answer comes
   * back it is never sent again.
   *
   * @param eventType the event's type, 1 to 100 characters, matched by {@code
   *     on.repository_dispatch.types}
   * @param clientPayload at most 10 top-level properties and less than 64 KiB of JSON, checked
   *     before anything is sent
   * @throws IllegalArgumentException when the event type or the payload breaks GitHub's limits
   * @throws dev.promotion.error.BackendException when GitHub refuses the event or cannot confirm
   *     it; when it cannot confirm it, the exception is not retryable
   */
  public void repositoryDispatch(String eventType, Map<String, ?> clientPayload) {
    dispatches.repositoryDispatch(eventType, clientPayload);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Searches the newest 300 deployments of the environment for one whose payload holds the key
   * as {@code promotion_key}; when none does, creates one ({@code POST .../deployments}) with the
   * payload plus {@code promotion_key}, {@code auto_merge: false} (GitHub would otherwise merge the
   * default branch into a ref that is behind it), {@code required_contexts: []} (GitHub would
   * otherwise require every commit status of the ref to be success), {@code production_environment}
   * and {@code transient_environment: false}. When GitHub does not answer the creation, the key is
   * looked up again instead of sending it twice.
   *
   * @throws IllegalArgumentException when the key is blank, longer than 255 characters or holds a
   *     control character, or when the payload carries a different {@code promotion_key}
   * @throws dev.promotion.error.InvalidNameException when the environment's name is not 1 to 255
   *     printable characters
   * @throws dev.promotion.error.BackendException when GitHub refuses the deployment (409), or
   *     merges instead of deploying (202)
   * @throws dev.promotion.error.UnsupportedCapabilityException when built around an injected
   *     client: github-api cannot read a status's description
   */
  @Override
  public DeploymentRecord recordDeployment(DeploymentRequest request) {
    return deployments.record(request);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The description is cut to GitHub's 140 characters (ending in an ellipsis). GitHub's {@code
   * auto_inactive} is sent for non-production deployments, but it reaches only non-production,
   * non-transient ones; so after a success the adapter itself makes the earlier deployments of the
   * environment whose newest state is success inactive, newest first, up to the first one already
   * inactive (at most 100 looked at). This also happens when the success was recorded before, so a
   * re-run finishes an interrupted sweep.
   */
  @Override
  public DeploymentRecord updateDeployment(String deploymentId, DeploymentStatus status) {
    return deployments.update(deploymentId, status);
  }

  /**
   * {@inheritDoc}
   *
   * <p>At most 100 deployments, each with its 100 newest statuses; each deployment costs one
   * request for its statuses. GitHub's {@code pending} and {@code queued} states read as {@link
   * dev.promotion.spi.DeploymentState#IN_PROGRESS}; a deployment made by another tool has an empty
   * key.
   */
  @Override
  public List<DeploymentRecord> deployments(String environment, int limit) {
    return deployments.deployments(environment, limit);
  }

  @Override
  public String toString() {
    return description;
  }

  /**
   * The configuration of a {@link GitHubSourceControl}. Give the repository and exactly one of: a
   * {@linkplain #token token}, a {@linkplain #gitHubApp GitHub App}, or an {@linkplain #client
   * injected client}.
   */
  public static final class Builder {
    private static final String PUBLIC_API = "https://api.github.com";

    private String owner;
    private String name;
    private String apiUrl = PUBLIC_API;
    private Secret token;
    private String appId;
    private Secret privateKeyPem;
    private OptionalLong installationId = OptionalLong.empty();
    private GitHub client;
    private Clock clock = Clock.systemUTC();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private DispatchSettings dispatchSettings = DispatchSettings.DEFAULT;
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {}

    /** The repository as {@code owner/name}. */
    public Builder repository(String ownerAndName) {
      Objects.requireNonNull(ownerAndName, "ownerAndName");
      int slash = ownerAndName.indexOf('/');
      if (slash < 0 || slash != ownerAndName.lastIndexOf('/')) {
        throw new IllegalArgumentException(
            "The repository is 'owner/name', for example 'acme/api': '"
                + Printable.of(ownerAndName)
                + "'");
      }
      return repository(ownerAndName.substring(0, slash), ownerAndName.substring(slash + 1));
    }

    public Builder repository(String owner, String name) {
      this.owner = Names.owner(owner);
      this.name = Names.repository(name);
      return this;
    }

    /**
     * The REST API root: {@code https://api.github.com} (the default), or {@code
     * https://HOST/api/v3} for GitHub Enterprise Server.
     */
    public Builder apiUrl(String apiUrl) {
      this.apiUrl = validApiUrl(apiUrl);
      return this;
    }

    /** Authenticates with a personal access token, fine-grained token or {@code GITHUB_TOKEN}. */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token");
      if (token.isBlank()) {
        throw new IllegalArgumentException("The GitHub token is empty");
      }
      this.token = new Secret(token.strip());
      return this;
    }

    /**
     * Authenticates as a GitHub App installation.
     *
     * @param appId the App's id (or its client id), the JSON web token's issuer
     * @param privateKeyPem the App's private key as GitHub generated it ({@code BEGIN RSA PRIVATE
     *     KEY}), or converted to PKCS#8 ({@code BEGIN PRIVATE KEY})
     */
    public Builder gitHubApp(String appId, String privateKeyPem) {
      Objects.requireNonNull(appId, "appId");
      Objects.requireNonNull(privateKeyPem, "privateKeyPem");
      if (appId.isBlank() || appId.chars().anyMatch(c -> Character.isISOControl(c) || c == ' ')) {
        throw new IllegalArgumentException("The GitHub App id is empty or contains spaces");
      }
      this.appId = appId;
      this.privateKeyPem = new Secret(privateKeyPem);
      return this;
    }

    /**
     * The App's installation id; when not given, it is looked up once from the repository ({@code
     * GET /repos/{owner}/{repo}/installation}).
     */
    public Builder installationId(long installationId) {
      if (installationId <= 0) {
        throw new IllegalArgumentException("An installation id is positive: " + installationId);
      }
      this.installationId = OptionalLong.of(installationId);
      return this;
    }

    /**
     * Uses a client built elsewhere, with its own credentials, connector and rate-limit handlers.
     * This module's transport policy does not apply to it, and release notes are then generated by
     * GitHub at creation time from the previous release it chooses.
     */
    public Builder client(GitHub client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The clock for token expiry, rate-limit resets and the dispatch lookback. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long opening a connection may take (default 10 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** How long one request may wait for its response (default 30 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /** Attempts per request, the first included (default 4). */
    public Builder maxAttempts(int maxAttempts) {
      RetryPolicy p = retryPolicy;
      this.retryPolicy =
          new RetryPolicy(
              maxAttempts,
              p.maxRateLimitWait(),
              p.backoffBase(),
              p.backoffMax(),
              p.minWriteInterval());
      return this;
    }

    /**
     * The longest total time one request waits for rate limits (default 2 minutes). When GitHub
     * asks for a longer wait, the call fails at once with a retryable {@link
     * dev.promotion.error.BackendException} that says when the limit resets.
     */
    public Builder maxRateLimitWait(Duration maxRateLimitWait) {
      RetryPolicy p = retryPolicy;
      this.retryPolicy =
          new RetryPolicy(
              p.maxAttempts(),
              maxRateLimitWait,
              p.backoffBase(),
              p.backoffMax(),
              p.minWriteInterval());
      return this;
    }

    /**
     * The minimum time between two writes (default 1 s), as GitHub recommends to stay clear of
     * secondary rate limits.
     */
    public Builder minWriteInterval(Duration minWriteInterval) {
      RetryPolicy p = retryPolicy;
      this.retryPolicy =
          new RetryPolicy(
              p.maxAttempts(),
              p.maxRateLimitWait(),
              p.backoffBase(),
              p.backoffMax(),
              minWriteInterval);
      return this;
    }

    /**
     * How long to wait for a dispatched run to appear (default 15 s), and how far back to look for
     * a run with the dispatch key (default 30 days).
     */
    public Builder dispatchLookup(Duration confirmation, Duration lookback) {
      DispatchSettings d = dispatchSettings;
      this.dispatchSettings =
          new DispatchSettings(confirmation, d.pollInterval(), lookback, d.maxRunsScanned());
      return this;
    }

    Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    Builder dispatchSettings(DispatchSettings dispatchSettings) {
      this.dispatchSettings = Objects.requireNonNull(dispatchSettings, "dispatchSettings");
      return this;
    }

    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * @throws IllegalStateException when the repository is missing, or not exactly one of token,
     *     App and client is given
     * @throws IllegalArgumentException when the App's private key cannot be read
     */
    public GitHubSourceControl build() {
      if (owner == null) {
        throw new IllegalStateException("Set the repository: builder().repository(\"owner/name\")");
      }
      int ways = (token != null ? 1 : 0) + (appId != null ? 1 : 0) + (client != null ? 1 : 0);
      if (ways != 1) {
        throw new IllegalStateException(
            "Give exactly one of token(..), gitHubApp(..) or client(..); "
                + (ways == 0 ? "none was given." : ways + " were given."));
      }
      Redactor redactor = new Redactor();
      Failures failures = new Failures(redactor);
      ObjectMapper json = new ObjectMapper();
      GitHub gitHub;
      Optional<RestApi> rest = Optional.empty();
      Optional<Authorization> authorization = Optional.empty();
      String authKind = "injected client";
      if (client != null) {
        gitHub = client;
      } else {
        HttpTransport transport =
            new HttpTransport(connectTimeout, requestTimeout, retryPolicy, clock, sleeper);
        RestApi api = new RestApi(apiUrl, transport, json);
        Authorization auth = authorization(redactor, api, json);
        transport.onUnauthorized(auth::rejected);
        gitHub = gitHub(transport, auth);
        rest = Optional.of(api);
        authorization = Optional.of(auth);
        authKind = auth.kind();
      }
      RepositoryHandle repository = new RepositoryHandle(gitHub, owner, name, failures);
      Commits commits = new Commits(repository, failures);
      return new GitHubSourceControl(
          "GitHubSourceControl[" + owner + "/" + name + " at " + apiUrl + ", " + authKind + "]",
          commits,
          new Releases(repository, commits, rest, authorization, failures),
          new PullRequests(repository, commits, failures),
          new Dispatches(repository, failures, json, clock, sleeper, dispatchSettings),
          new Deployments(repository, rest, authorization, failures));
    }

    private Authorization authorization(Redactor redactor, RestApi api, ObjectMapper json) {
      if (token != null) {
        redactor.register(token.reveal());
        return new TokenAuthorization(token);
      }
      redactor.register(privateKeyPem.reveal());
      PrivateKeys.Parsed key = PrivateKeys.parse(privateKeyPem.reveal());
      redactor.registerAll(key.secretForms());
      return new AppInstallationAuthorization(
          appId, key.key(), installationId, owner, name, api, json, clock, redactor);
    }

    private GitHub gitHub(HttpTransport transport, Authorization auth) {
      try {
        return new GitHubBuilder()
            .withEndpoint(apiUrl)
            .withConnector(new PolicyConnector(transport))
            .withAuthorizationProvider(auth::header)
            // The transport waits out rate limits within its bound and then fails; the library
            // must not wait again, unbounded.
            .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
            .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
            .build();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not set up the GitHub client", e);
      }
    }

    private static String validApiUrl(String apiUrl) {
      Objects.requireNonNull(apiUrl, "apiUrl");
      try {
        URI uri = new URI(apiUrl.strip());
        boolean http =
            "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
        if (!http
            || uri.getHost() == null
            || uri.getRawUserInfo() != null
            || uri.getRawQuery() != null
            || uri.getRawFragment() != null) {
          throw new IllegalArgumentException(
              "The GitHub API URL is http(s)://host[:port][/path], without credentials, query or"
                  + " fragment, for example https://github.example.com/api/v3");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
      } catch (URISyntaxException e) {
        // No cause: its message would repeat the URL, and with it any credential typed into it.
        throw new IllegalArgumentException("The GitHub API URL is not a valid URL");
      }
    }

    private static Duration positive(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + duration);
      }
      return duration;
    }
  }
}
