package dev.promotion.scm.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotion.error.BackendException;
import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.spi.DispatchResult;
import dev.promotion.spi.WorkflowDispatch;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.kohsuke.github.GHEvent;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHWorkflow;
import org.kohsuke.github.GHWorkflowRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code workflow_dispatch} with an idempotency key, and {@code repository_dispatch}. */
final class Dispatches {
  static final String KEY_INPUT = "promotion_key";
  static final int MAX_CLIENT_PAYLOAD_PROPERTIES = 10;
  static final int MAX_CLIENT_PAYLOAD_BYTES = 64 * 1024;
  static final int MAX_EVENT_TYPE_LENGTH = 100;
  private static final Logger LOG = LoggerFactory.getLogger(Dispatches.class);

  private final RepositoryHandle repository;
  private final Failures failures;
  private final ObjectMapper json;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DispatchSettings settings;

  Dispatches(
      RepositoryHandle repository,
      Failures failures,
      ObjectMapper json,
      Clock clock,
      Sleeper sleeper,
      DispatchSettings settings) {
    this.repository = repository;
    this.failures = failures;
    this.json = json;
    this.clock = clock;
    this.sleeper = sleeper;
    this.settings = settings;
  }

  DispatchResult dispatchWorkflow(WorkflowDispatch dispatch) {
    Names.workflow(dispatch.workflow());
    Names.ref(dispatch.ref());
    String key = Names.dispatchKey(dispatch.key());
    Map<String, Object> inputs = inputsWithKey(dispatch);
    GHWorkflow workflow = workflow(dispatch.workflow());
    if (findRun(workflow, key).isPresent()) {
      LOG.debug("Workflow {} already has a run for key {}", dispatch.workflow(), key);
      return new DispatchResult.AlreadyDispatched(dispatch);
    }
    try {
      workflow.dispatch(dispatch.ref(), inputs);
    } catch (IOException e) {
      return afterFailedDispatch(dispatch, workflow, GitHubError.of(e));
    }
    if (awaitRun(workflow, key).isEmpty()) {
      LOG.warn(
          "Dispatched workflow {} with key {}, but no run showing the key appeared within {} s."
              + " If the workflow's run-name does not include ${{ inputs.promotion_key }}, running"
              + " this again will start it again.",
          dispatch.workflow(),
          key,
          settings.confirmation().toSeconds());
    }
    return new DispatchResult.Dispatched(dispatch);
  }

  private static Map<String, Object> inputsWithKey(WorkflowDispatch dispatch) {
    Map<String, Object> inputs = new TreeMap<>(dispatch.inputs());
    Object previous = inputs.put(KEY_INPUT, dispatch.key());
    if (previous != null && !previous.equals(dispatch.key())) {
      throw new IllegalArgumentException(
          "The input '"
              + KEY_INPUT
              + "' is reserved for the dispatch key and differs from it; remove it from the inputs.");
    }
    return inputs;
  }

  private GHWorkflow workflow(String name) {
    try {
      return repository.get().getWorkflow(name);
    } catch (IOException e) {
      GitHubError error = GitHubError.of(e);
      if (error.is(404)) {
        throw new ReferenceNotFoundException(name, "Workflow");
      }
      throw failures.backend(error, "read workflow " + name);
    }
  }

  private DispatchResult afterFailedDispatch(
      WorkflowDispatch dispatch, GHWorkflow workflow, GitHubError error) {
    String action = "dispatch workflow " + dispatch.workflow() + " on " + dispatch.ref();
    if (error.kind() == GitHubError.Kind.OUTCOME_UNKNOWN || error.serverError()) {
      // Never repeat the POST blindly: look for the run it would have started.
      if (awaitRun(workflow, dispatch.key()).isPresent()) {
        return new DispatchResult.Dispatched(dispatch);
      }
      throw new BackendException(
          Failures.BACKEND,
          true,
          "GitHub did not confirm the dispatch of workflow "
              + dispatch.workflow()
              + " and no run with key "
              + dispatch.key()
              + " appeared within "
              + settings.confirmation().toSeconds()
              + " s, so it was not sent again. Run again later: the key is looked up first.",
          failures.cause(error));
    }
    if (error.is(422) && error.mentions("no ref found")) {
      throw new ReferenceNotFoundException(dispatch.ref(), "Branch or tag");
    }
    if (error.is(422) && error.mentions("unexpected inputs") && error.mentions(KEY_INPUT)) {
      throw new BackendException(
          Failures.BACKEND,
          false,
          "workflow "
              + dispatch.workflow()
              + " does not declare the input '"
              + KEY_INPUT
              + "'. Declare it under on.workflow_dispatch.inputs and put ${{ inputs."
              + KEY_INPUT
              + " }} in the workflow's run-name, so that a dispatch is never made twice.",
          failures.cause(error));
    }
    if (error.is(404)) {
      throw new ReferenceNotFoundException(dispatch.workflow(), "Workflow");
    }
    throw failures.backend(error, action);
  }

  private Optional<GHWorkflowRun> awaitRun(GHWorkflow workflow, String key) {
    int looks = settings.looks();
    for (int look = 1; look <= looks; look++) {
      Optional<GHWorkflowRun> run = findRun(workflow, key);
      if (run.isPresent() || look == looks) {
        return run;
      }
      try {
        sleeper.sleep(settings.pollInterval());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failures.backend(
            new InterruptedIOException("interrupted while waiting for the run"),
            "confirm the dispatch of " + workflow.getName());
      }
    }
    return Optional.empty();
  }

  private Optional<GHWorkflowRun> findRun(GHWorkflow workflow, String key) {
    LocalDate since =
        clock.instant().minus(settings.lookback()).atZone(ZoneOffset.UTC).toLocalDate();
    int scanned = 0;
    try {
      for (GHWorkflowRun run :
          repository
              .get()
              .queryWorkflowRuns()
              .event(GHEvent.WORKFLOW_DISPATCH)
              .created(">=" + since)
              .list()
              .withPageSize(100)) {
        if (run.getWorkflowId() == workflow.getId()
            && DispatchKeys.appearsIn(run.getDisplayTitle(), key)) {
          return Optional.of(run);
        }
        if (++scanned >= settings.maxRunsScanned()) {
          break;
        }
      }
      return Optional.empty();
    } catch (GHException e) {
      throw failures.backend(e, "look for a run of workflow " + workflow.getName());
    }
  }

  void repositoryDispatch(String eventType, Map<String, ?> clientPayload) {
    requireEventType(eventType);
    Map<String, Object> payload = requirePayload(clientPayload);
    try {
      repository.get().dispatch(eventType, payload);
    } catch (IOException e) {
      GitHubError error = GitHubError.of(e);
      if (error.kind() == GitHubError.Kind.OUTCOME_UNKNOWN || error.serverError()) {
        throw new BackendException(
            Failures.BACKEND,
            false,
            "GitHub did not confirm the repository_dispatch event '"
                + Printable.of(eventType)
                + "'. It may or may not have been delivered, and GitHub offers no way to look it"
                + " up, so it was not sent again. Check the receiving workflow's runs before"
                + " sending it again.",
            failures.cause(error));
      }
      throw failures.backend(error, "send repository_dispatch event " + eventType);
    }
  }

  private static void requireEventType(String eventType) {
    if (eventType == null
        || eventType.isBlank()
        || eventType.length() > MAX_EVENT_TYPE_LENGTH
        || eventType.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "A repository_dispatch event type is 1 to "
              + MAX_EVENT_TYPE_LENGTH
              + " printable characters: '"
              + Printable.of(eventType)
              + "'");
    }
  }

  private Map<String, Object> requirePayload(Map<String, ?> clientPayload) {
    if (clientPayload == null) {
      throw new IllegalArgumentException("The client_payload must not be null; pass an empty map");
    }
    if (clientPayload.size() > MAX_CLIENT_PAYLOAD_PROPERTIES) {
      throw new IllegalArgumentException(
          "The client_payload has "
              + clientPayload.size()
              + " top-level properties; GitHub accepts at most "
              + MAX_CLIENT_PAYLOAD_PROPERTIES
              + ". Nest related values in an object. Nothing was sent.");
    }
    Map<String, Object> payload = new TreeMap<>();
    clientPayload.forEach(
        (name, value) -> {
          if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A client_payload property needs a name");
          }
          payload.put(name, value);
        });
    try {
      int size = json.writeValueAsBytes(payload).length;
      if (size >= MAX_CLIENT_PAYLOAD_BYTES) {
        throw new IllegalArgumentException(
            "The client_payload is "
                + size
                + " bytes of JSON; GitHub accepts less than "
                + MAX_CLIENT_PAYLOAD_BYTES
                + ". Nothing was sent.");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "The client_payload cannot be written as JSON (" + e.getOriginalMessage() + ")", e);
    }
    return payload;
  }
}
