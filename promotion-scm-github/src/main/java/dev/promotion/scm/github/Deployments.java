package dev.promotion.scm.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promotion.error.BackendException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.error.UnsupportedCapabilityException;
import dev.promotion.spi.DeploymentRecord;
import dev.promotion.spi.DeploymentRequest;
import dev.promotion.spi.DeploymentState;
import dev.promotion.spi.DeploymentStatus;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub Deployments ({@code /repos/{owner}/{repo}/deployments} and their {@code statuses}): what
 * the repository's "Environments" panel shows.
 *
 * <p>The request's key is kept in the deployment's payload as {@link #KEY_FIELD}, next to the
 * request's payload, so that a re-run finds the deployment it made among the newest {@link
 * #MAX_SCANNED} deployments of the environment instead of creating a second one.
 */
final class Deployments {
  static final String KEY_FIELD = "promotion_key";

  /** GitHub's limit for a deployment status's description ("Create a deployment status"). */
  static final int MAX_DESCRIPTION = 140;

  /** How many of an environment's newest deployments are searched for a key. */
  static final int MAX_SCANNED = 300;

  /** How many deployments {@link #deployments} returns at most, each costing one request. */
  static final int MAX_LISTED = 100;

  /** How many earlier deployments a success looks at to make them inactive. */
  static final int MAX_SWEPT = 100;

  /** Statuses read per deployment, newest first. */
  static final int MAX_STATUSES = 100;

  private static final int PAGE = 100;
  private static final int MAX_ENVIRONMENT = 255;
  private static final Pattern DEPLOYMENT_ID = Pattern.compile("[1-9][0-9]{0,17}");
  private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);

  private final RepositoryHandle repository;
  private final Optional<RestApi> rest;
  private final Optional<Authorization> authorization;
  private final Failures failures;

  Deployments(
      RepositoryHandle repository,
      Optional<RestApi> rest,
      Optional<Authorization> authorization,
      Failures failures) {
    this.repository = repository;
    this.rest = rest;
    this.authorization = authorization;
    this.failures = failures;
  }

  // ---------------------------------------------------------------- record

  DeploymentRecord record(DeploymentRequest request) {
    Objects.requireNonNull(request, "request");
    String key = key(request.key());
    Names.ref(request.ref());
    String environment = environment(request.environment());
    String reserved = request.payload().get(KEY_FIELD);
    if (reserved != null && !reserved.equals(key)) {
      throw new IllegalArgumentException(
          "The payload field '"
              + KEY_FIELD
              + "' is reserved for the deployment's key and differs from it; remove it from the"
              + " payload.");
    }
    requireApi();
    Optional<DeploymentRecord> existing = findByKey(environment, key);
    if (existing.isPresent()) {
      LOG.debug(
          "Deployment {} of {} already recorded for key {}", existing.get().id(), environment, key);
      return existing.get();
    }
    RestApi.Answer answer;
    try {
      answer = api().exchange("POST", base() + "/deployments", body(request, key), auth(), false);
    } catch (IOException e) {
      return afterFailedCreate(request, environment, key, GitHubError.of(e));
    }
    if (answer.status() != 201) {
      // 202 "Auto-merged main into REF on deployment.": GitHub merged instead of deploying.
      throw new BackendException(
          Failures.BACKEND,
          false,
          "GitHub answered the deployment of "
              + Printable.of(environment)
              + " at "
              + Printable.of(request.ref())
              + " with "
              + answer.status()
              + " ("
              + Printable.of(failures.redact(answer.body().path("message").asText("")))
              + ") instead of recording it: it merged the default branch into the ref although"
              + " auto_merge was false. No deployment was recorded; check the GitHub version.");
    }
    LOG.debug("Recorded deployment {} of {}", answer.body().path("id").asText(), environment);
    return toRecord(answer.body(), List.of(), true);
  }

  private ObjectNode body(DeploymentRequest request, String key) {
    ObjectNode body = api().object();
    body.put("ref", request.ref());
    body.put("task", "deploy");
    body.put("environment", request.environment());
    body.put("description", request.description());
    // GitHub's default true merges the default branch into the ref when the ref is behind it, and
    // answers 202 with no deployment: an older commit (a rollback) is always behind.
    body.put("auto_merge", false);
    // GitHub's default requires every commit status context of the ref to be success (else 409):
    // the version was built and promoted already, its checks are not this record's business.
    body.putArray("required_contexts");
    body.put("production_environment", request.production());
    body.put("transient_environment", false);
    ObjectNode payload = body.putObject("payload");
    request.payload().forEach(payload::put);
    payload.put(KEY_FIELD, key);
    return body;
  }

  private DeploymentRecord afterFailedCreate(
      DeploymentRequest request, String environment, String key, GitHubError error) {
    String at = Printable.of(environment) + " at " + Printable.of(request.ref());
    if (error.kind() == GitHubError.Kind.OUTCOME_UNKNOWN || error.serverError()) {
      // Never repeat the POST blindly: look for the deployment it would have recorded.
      Optional<DeploymentRecord> now = findByKey(environment, key);
      if (now.isPresent()) {
        return withCreated(now.get(), true);
      }
      throw new BackendException(
          Failures.BACKEND,
          true,
          "GitHub did not confirm the deployment of "
              + at
              + ", and none with key "
              + Printable.of(key)
              + " is recorded, so it was not sent again. Run again: the key is looked up first.",
          failures.cause(error));
    }
    if (error.is(409)) {
      throw new BackendException(
          Failures.BACKEND,
          false,
          "GitHub refused to record the deployment of "
              + at
              + " (409"
              + failures.said(error)
              + "). GitHub answers 409 when required commit status checks of the ref did not"
              + " succeed or a merge of the default branch conflicts; this adapter asks for"
              + " neither (required_contexts: [], auto_merge: false), so check what else guards"
              + " deployments of this repository. Nothing was recorded.",
          failures.cause(error));
    }
    if (error.is(422) && (error.mentions("no ref found") || error.detail("ref", "").isPresent())) {
      throw new ReferenceNotFoundException(request.ref(), "Commit");
    }
    throw failures.backend(error, "record a deployment of " + environment);
  }

  private Optional<DeploymentRecord> findByKey(String environment, String key) {
    int scanned = 0;
    for (int page = 1; scanned < MAX_SCANNED; page++) {
      JsonNode items = list(environment, page, PAGE);
      for (JsonNode deployment : items) {
        scanned++;
        if (key.equals(deployment.path("payload").path(KEY_FIELD).asText(null))) {
          return Optional.of(toRecord(deployment, statuses(deployment.path("id").asLong()), false));
        }
      }
      if (items.size() < PAGE) {
        break;
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- update

  DeploymentRecord update(String deploymentId, DeploymentStatus status) {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(status, "status");
    requireApi();
    long id = deploymentId(deploymentId);
    JsonNode deployment = deployment(id, deploymentId);
    String environment = deployment.path("environment").asText("");
    DeploymentStatus wanted =
        new DeploymentStatus(
            status.state(), cut(status.description()), status.logUrl(), status.environmentUrl());
    List<DeploymentStatus> statuses = new ArrayList<>(statuses(id));
    if (!statuses.isEmpty() && sameStatus(statuses.get(0), wanted)) {
      LOG.debug("Deployment {} already has status {}", id, wanted.state());
    } else {
      statuses.add(0, createStatus(id, deploymentId, wanted, !isProduction(deployment)));
    }
    if (wanted.state() == DeploymentState.SUCCESS) {
      inactivateEarlier(environment, id);
    }
    return toRecord(deployment, statuses, false);
  }

  private static boolean sameStatus(DeploymentStatus newest, DeploymentStatus wanted) {
    return newest.state() == wanted.state() && newest.description().equals(wanted.description());
  }

  private static boolean isProduction(JsonNode deployment) {
    return deployment.path("production_environment").asBoolean(false);
  }

  private JsonNode deployment(long id, String deploymentId) {
    try {
      return api().exchange("GET", base() + "/deployments/" + id, null, auth(), true).body();
    } catch (IOException e) {
      GitHubError error = GitHubError.of(e);
      if (error.is(404)) {
        throw noSuchDeployment(deploymentId);
      }
      throw failures.backend(error, "read deployment " + id);
    }
  }

  private DeploymentStatus createStatus(
      long id, String deploymentId, DeploymentStatus status, boolean autoInactive) {
    ObjectNode body = api().object();
    body.put("state", status.state().name().toLowerCase(Locale.ROOT));
    body.put("description", status.description());
    status.logUrl().ifPresent(url -> body.put("log_url", url));
    status.environmentUrl().ifPresent(url -> body.put("environment_url", url));
    // GitHub's auto_inactive only reaches earlier non-production, non-transient deployments;
    // production is swept explicitly after a success (inactivateEarlier).
    body.put("auto_inactive", autoInactive);
    try {
      return toStatus(
          api()
              .exchange("POST", base() + "/deployments/" + id + "/statuses", body, auth(), false)
              .body());
    } catch (IOException e) {
      GitHubError error = GitHubError.of(e);
      if (error.kind() == GitHubError.Kind.OUTCOME_UNKNOWN || error.serverError()) {
        List<DeploymentStatus> now = statuses(id);
        if (!now.isEmpty() && sameStatus(now.get(0), status)) {
          return now.get(0);
        }
        throw new BackendException(
            Failures.BACKEND,
            true,
            "GitHub did not confirm the status "
                + body.path("state").asText()
                + " of deployment "
                + id
                + ", and it is not recorded. Run again: the status is looked up first.",
            failures.cause(error));
      }
      if (error.is(404)) {
        throw noSuchDeployment(deploymentId);
      }
      throw failures.backend(
          error, "add status " + body.path("state").asText() + " to deployment " + id);
    }
  }

  /**
   * Makes the earlier deployments of the environment whose newest state is success inactive, newest
   * first, up to the first one already inactive: every success before it was swept when it
   * succeeded.
   */
  private void inactivateEarlier(String environment, long id) {
    int looked = 0;
    for (int page = 1; looked < MAX_SWEPT; page++) {
      JsonNode items = list(environment, page, PAGE);
      for (JsonNode deployment : items) {
        long earlier = deployment.path("id").asLong();
        if (earlier >= id) {
          continue;
        }
        if (++looked > MAX_SWEPT) {
          return;
        }
        List<DeploymentStatus> statuses = statuses(earlier);
        Optional<DeploymentState> state =
            statuses.stream().findFirst().map(DeploymentStatus::state);
        if (state.equals(Optional.of(DeploymentState.INACTIVE))) {
          return;
        }
        if (state.equals(Optional.of(DeploymentState.SUCCESS))) {
          createStatus(
              earlier,
              String.valueOf(earlier),
              new DeploymentStatus(
                  DeploymentState.INACTIVE,
                  "Superseded by deployment " + id + " of " + environment),
              false);
        }
      }
      if (items.size() < PAGE) {
        return;
      }
    }
  }

  // ---------------------------------------------------------------- read

  List<DeploymentRecord> deployments(String environment, int limit) {
    Objects.requireNonNull(environment, "environment");
    if (limit < 1) {
      throw new IllegalArgumentException("The limit is at least 1: " + limit);
    }
    environment(environment);
    requireApi();
    int wanted = Math.min(limit, MAX_LISTED);
    List<DeploymentRecord> out = new ArrayList<>();
    for (int page = 1; out.size() < wanted; page++) {
      JsonNode items = list(environment, page, Math.min(PAGE, wanted));
      for (JsonNode deployment : items) {
        if (out.size() == wanted) {
          break;
        }
        out.add(toRecord(deployment, statuses(deployment.path("id").asLong()), false));
      }
      if (items.size() < Math.min(PAGE, wanted)) {
        break;
      }
    }
    return List.copyOf(out);
  }

  /** One page of the environment's deployments, newest first. */
  private JsonNode list(String environment, int page, int perPage) {
    String path =
        base()
            + "/deployments?environment="
            + URLEncoder.encode(environment, StandardCharsets.UTF_8)
            + "&per_page="
            + perPage
            + "&page="
            + page;
    try {
      return api().exchange("GET", path, null, auth(), true).body();
    } catch (IOException e) {
      throw failures.backend(e, "list the deployments of " + environment);
    }
  }

  /** The deployment's newest statuses, newest first. */
  private List<DeploymentStatus> statuses(long id) {
    String path = base() + "/deployments/" + id + "/statuses?per_page=" + MAX_STATUSES;
    try {
      List<DeploymentStatus> out = new ArrayList<>();
      for (JsonNode status : api().exchange("GET", path, null, auth(), true).body()) {
        out.add(toStatus(status));
      }
      return out;
    } catch (IOException e) {
      GitHubError error = GitHubError.of(e);
      if (error.is(404)) {
        throw noSuchDeployment(String.valueOf(id));
      }
      throw failures.backend(error, "read the statuses of deployment " + id);
    }
  }

  // ---------------------------------------------------------------- shapes

  private static DeploymentRecord toRecord(
      JsonNode deployment, List<DeploymentStatus> statuses, boolean created) {
    Map<String, String> payload = new LinkedHashMap<>();
    JsonNode recorded = deployment.path("payload");
    if (recorded.isObject()) {
      recorded
          .fields()
          .forEachRemaining(
              field -> {
                if (!field.getKey().equals(KEY_FIELD)) {
                  JsonNode value = field.getValue();
                  payload.put(
                      field.getKey(), value.isValueNode() ? value.asText() : value.toString());
                }
              });
    }
    return new DeploymentRecord(
        deployment.path("id").asText(),
        recorded.path(KEY_FIELD).asText(""),
        deployment.path("ref").asText(""),
        deployment.path("environment").asText(""),
        payload,
        statuses,
        created);
  }

  private static DeploymentRecord withCreated(DeploymentRecord record, boolean created) {
    return new DeploymentRecord(
        record.id(),
        record.key(),
        record.ref(),
        record.environment(),
        record.payload(),
        record.statuses(),
        created);
  }

  private static DeploymentStatus toStatus(JsonNode status) {
    return new DeploymentStatus(
        state(status.path("state").asText("")),
        status.path("description").asText(""),
        url(status.path("log_url")),
        url(status.path("environment_url")));
  }

  /** GitHub's {@code pending} and {@code queued} (set by other tools) read as in progress. */
  private static DeploymentState state(String state) {
    return switch (state) {
      case "success" -> DeploymentState.SUCCESS;
      case "failure" -> DeploymentState.FAILURE;
      case "error" -> DeploymentState.ERROR;
      case "inactive" -> DeploymentState.INACTIVE;
      default -> DeploymentState.IN_PROGRESS;
    };
  }

  private static Optional<String> url(JsonNode node) {
    String text = node.asText("");
    return text.isEmpty() || node.isNull() ? Optional.empty() : Optional.of(text);
  }

  /**
   * The description cut to GitHub's 140 characters, by code point, ending in an ellipsis when cut.
   */
  static String cut(String description) {
    if (description.codePointCount(0, description.length()) <= MAX_DESCRIPTION) {
      return description;
    }
    int end = description.offsetByCodePoints(0, MAX_DESCRIPTION - 1);
    return description.substring(0, end) + "\u2026";
  }

  // ---------------------------------------------------------------- checks

  private static String key(String key) {
    if (key.isBlank() || key.length() > 255 || key.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "A deployment key is 1 to 255 printable characters: '" + Printable.of(key) + "'");
    }
    return key;
  }

  /** GitHub: an environment name is at most 255 characters. */
  private static String environment(String environment) {
    if (environment.isBlank()
        || environment.length() > MAX_ENVIRONMENT
        || environment.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidNameException(
          "environment", environment, "it must be 1 to 255 printable characters");
    }
    return environment;
  }

  private long deploymentId(String deploymentId) {
    if (!DEPLOYMENT_ID.matcher(deploymentId).matches()) {
      // GitHub's deployment ids are positive numbers: anything else names no deployment.
      throw noSuchDeployment(deploymentId);
    }
    return Long.parseLong(deploymentId);
  }

  private ReferenceNotFoundException noSuchDeployment(String deploymentId) {
    return new ReferenceNotFoundException(deploymentId, "Deployment");
  }

  private void requireApi() {
    if (rest.isEmpty() || authorization.isEmpty()) {
      throw new UnsupportedCapabilityException(
          Failures.BACKEND,
          "record deployments through an injected client",
          "github-api cannot read a deployment status's description, so deployments need the"
              + " adapter's own transport: build it with token(..) or gitHubApp(..). Nothing was"
              + " recorded.");
    }
  }

  private RestApi api() {
    return rest.orElseThrow();
  }

  private Authorization auth() {
    return authorization.orElseThrow();
  }

  private String base() {
    return "/repos/" + repository.owner() + "/" + repository.name();
  }
}
