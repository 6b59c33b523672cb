package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.BackendException;
import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.git.GitRepository;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.DispatchResult;
import dev.promotion.spi.PullRequest;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.PullRequestResult;
import dev.promotion.spi.SourceControl;
import dev.promotion.spi.WorkflowDispatch;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("write modes")
class WriteModesTest {
  private static final String PATH = "registry/environments/stage/pre/api.yaml";
  private static final ChartVersion OLD = ChartVersion.parse("0.1.0");
  private static final ChartVersion NEW = ChartVersion.parse("0.2.0");

  private final SeededRepository repo = new SeededRepository();
  private final List<PullRequestRequest> pullRequests = new CopyOnWriteArrayList<>();
  private final List<WorkflowDispatch> dispatches = new CopyOnWriteArrayList<>();

  WriteModesTest() {
    repo.write(
        PATH, "kind: Application\nspec:\n  source:\n    chart: api\n    targetRevision: 0.1.0\n");
  }

  /** A GitOps host that opens pull requests and runs {@code workflow} on each dispatch. */
  private SourceControl host(Consumer<WorkflowDispatch> workflow) {
    return (SourceControl)
        Proxy.newProxyInstance(
            SourceControl.class.getClassLoader(),
            new Class<?>[] {SourceControl.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "openDraftPullRequest" -> {
                  PullRequestRequest request = (PullRequestRequest) args[0];
                  boolean open =
                      pullRequests.stream().anyMatch(r -> r.head().equals(request.head()));
                  pullRequests.add(request);
                  PullRequest pr =
                      new PullRequest(
                          1,
                          request.head(),
                          request.base(),
                          request.title(),
                          true,
                          Optional.empty());
                  return open
                      ? new PullRequestResult.AlreadyOpen(pr)
                      : new PullRequestResult.Opened(pr);
                }
                case "dispatchWorkflow" -> {
                  WorkflowDispatch dispatch = (WorkflowDispatch) args[0];
                  dispatches.add(dispatch);
                  workflow.accept(dispatch);
                  return new DispatchResult.Dispatched(dispatch);
                }
                case "toString" -> {
                  return "test host";
                }
                default -> throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  private GitOpsEnvironmentStore store(WriteMode mode) {
    return store(ArgoCdLayout.of(Stores.CHARTS), mode);
  }

  private GitOpsEnvironmentStore store(Layout layout, WriteMode mode) {
    return GitOpsEnvironmentStore.builder()
        .git(repo.git)
        .pipeline(Stores.PIPELINE)
        .layout(layout)
        .writeMode(mode)
        .build();
  }

  @Nested
  @DisplayName("pull request")
  class PullRequests {
    @Test
    @DisplayName("pushes promote/{app}-{env}-{version} from the tip and opens a draft pull request")
    void opensPullRequest() {
      GitOpsEnvironmentStore store = store(WriteMode.pullRequest(host(d -> {})));

      ApplyResult result =
          store.apply(SeededRepository.changeSet(Change.of("api", "stage", OLD, NEW)));

      assertThat(result).isInstanceOf(ApplyResult.Applied.class);
      assertThat(store.current("api", "stage").orElseThrow().version()).isEqualTo(OLD);
      assertThat(pullRequests)
          .singleElement()
          .satisfies(
              pr -> {
                assertThat(pr.head()).isEqualTo("promote/api-stage-0.2.0");
                assertThat(pr.base()).isEqualTo("main");
                assertThat(pr.title()).isEqualTo("promote");
                assertThat(pr.body()).contains("Promotion-Actor: ci");
              });
      try (GitRepository proposal =
          GitRepository.builder()
              .repository(repo.repository)
              .branch("promote/api-stage-0.2.0")
              .build()) {
        String text =
            new String(proposal.latest().read(PATH, 1 << 20).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(text).contains("targetRevision: 0.2.0");
        assertThat(proposal.latest().commit()).contains(((ApplyResult.Applied) result).revision());
      }
    }

    @Test
    @DisplayName("running it again finds the pull request open and writes the same commit")
    void idempotent() {
      GitOpsEnvironmentStore store = store(WriteMode.pullRequest(host(d -> {})));
      Change change = Change.of("api", "stage", OLD, NEW);

      ApplyResult first = store.apply(SeededRepository.changeSet(change));
      ApplyResult second = store.apply(SeededRepository.changeSet(change));

      assertThat(second).isEqualTo(first);
      assertThat(pullRequests).hasSize(2);
    }

    @Test
    @DisplayName("a stale expectation opens nothing")
    void staleExpectation() {
      GitOpsEnvironmentStore store = store(WriteMode.pullRequest(host(d -> {})));

      assertThatThrownBy(
              () ->
                  store.apply(
                      SeededRepository.changeSet(
                          Change.of("api", "stage", ChartVersion.parse("0.0.9"), NEW))))
          .isInstanceOf(ConcurrentModificationException.class);
      assertThat(pullRequests).isEmpty();
    }
  }

  @Nested
  @DisplayName("dispatch")
  class Dispatches {
    private final GitOpsEnvironmentStore gitopsWorkflow = store(WriteMode.direct());

    private void runWorkflowLater(WorkflowDispatch dispatch) {
      Map<String, String> in = dispatch.inputs();
      runLater(
          () ->
              gitopsWorkflow.apply(
                  SeededRepository.changeSet(
                      Change.of(
                          in.get("app_name"),
                          in.get("environment"),
                          OLD,
                          ChartVersion.parse(in.get("app_version"))))));
    }

    @Test
    @DisplayName("runs the update workflow and returns once the change is visible in git")
    void waitsForTheChange() {
      GitOpsEnvironmentStore store =
          store(
              WriteMode.dispatch(
                  host(this::runWorkflowLater),
                  "update-environment.yaml",
                  "main",
                  Duration.ofSeconds(10),
                  Duration.ofMillis(20)));

      ApplyResult result =
          store.apply(SeededRepository.changeSet(Change.of("api", "stage", OLD, NEW)));

      assertThat(dispatches)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.workflow()).isEqualTo("update-environment.yaml");
                assertThat(d.inputs())
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of("environment", "stage", "app_version", "0.2.0", "app_name", "api"));
              });
      assertThat(result).isInstanceOf(ApplyResult.Applied.class);
      assertThat(((ApplyResult.Applied) result).revision()).isEqualTo(repo.tip().orElseThrow());
      assertThat(store.current("api", "stage").orElseThrow().version()).isEqualTo(NEW);
      assertThat(store.apply(SeededRepository.changeSet(Change.of("api", "stage", OLD, NEW))))
          .isInstanceOf(ApplyResult.Unchanged.class);
      assertThat(dispatches).hasSize(1);
    }

    @Test
    @DisplayName("sends the digest of a pinned change and waits until the pin is visible too")
    void pinnedChange() {
      ImageDigest digest = ImageDigest.parse("sha256:" + "ab".repeat(32));
      repo.write(
          "overlays/stage/kustomization.yaml",
          "images:\n  - name: api\n    newTag: 0.1.0\n    digest: sha256:" + "0".repeat(64) + "\n");
      Layout images = KustomizeLayout.images().build();
      GitOpsEnvironmentStore workflowSide = store(images, WriteMode.direct());
      GitOpsEnvironmentStore store =
          store(
              images,
              WriteMode.dispatch(
                  host(
                      d ->
                          runLater(
                              () ->
                                  workflowSide.apply(
                                      SeededRepository.changeSet(
                                          Change.of("api", "stage", OLD, NEW)
                                              .pinnedTo(
                                                  ImageDigest.parse(d.inputs().get("digest"))))))),
                  "update-environment.yaml",
                  "main",
                  Duration.ofSeconds(10),
                  Duration.ofMillis(20)));

      ApplyResult result =
          store.apply(
              SeededRepository.changeSet(Change.of("api", "stage", OLD, NEW).pinnedTo(digest)));

      assertThat(result).isInstanceOf(ApplyResult.Applied.class);
      assertThat(dispatches)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.inputs()).containsEntry("digest", digest.toString());
                assertThat(d.key()).endsWith("-" + digest.hex().substring(0, 12));
              });
      assertThat(store.current("api", "stage").orElseThrow().digest()).contains(digest);
    }

    private void runLater(Runnable workflow) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  Thread.sleep(150);
                } catch (InterruptedException e) {
                  return;
                }
                workflow.run();
              });
      thread.setDaemon(true);
      thread.start();
    }

    @Test
    @DisplayName("says clearly when the change did not arrive in time")
    void timesOut() {
      GitOpsEnvironmentStore store =
          store(
              WriteMode.dispatch(
                  host(d -> {}),
                  "update-environment.yaml",
                  "main",
                  Duration.ofMillis(300),
                  Duration.ofMillis(50)));

      BackendException e =
          catchThrowableOfType(
              BackendException.class,
              () -> store.apply(SeededRepository.changeSet(Change.of("api", "stage", OLD, NEW))));

      assertThat(e.retryable()).isTrue();
      assertThat(e)
          .hasMessageContaining("update-environment.yaml")
          .hasMessageContaining("api in stage at 0.2.0")
          .hasMessageContaining("did not appear");
    }
  }

  @Nested
  @DisplayName("repository_dispatch (seed 002)")
  class RepositoryDispatches {
    private final List<Map<String, ?>> events = new CopyOnWriteArrayList<>();
    private final GitOpsEnvironmentStore platform = store(WriteMode.direct());

    private WriteMode mode(boolean receiverRuns, Duration timeout) {
      return WriteMode.repositoryDispatch(
          (type, payload) -> {
            assertThat(type).isEqualTo("update-manifest");
            events.add(payload);
            if (receiverRuns) {
              platform.apply(
                  SeededRepository.changeSet(
                      Change.of(
                          (String) payload.get("app_name"),
                          (String) payload.get("environment"),
                          OLD,
                          ChartVersion.parse((String) payload.get("app_version")))));
            }
          },
          "update-manifest",
          timeout,
          Duration.ofMillis(20));
    }

    @Test
    @DisplayName("sends app, environment, version and image, and returns once the change is in git")
    void sendsAndWaits() {
      GitOpsEnvironmentStore store = store(mode(true, Duration.ofSeconds(10)));

      ApplyResult result =
          store.apply(SeededRepository.changeSet(Change.of("api", "stage", OLD, NEW)));
      ApplyResult again =
          store.apply(SeededRepository.changeSet(Change.of("api", "stage", OLD, NEW)));

      assertThat(result).isInstanceOf(ApplyResult.Applied.class);
      assertThat(((ApplyResult.Applied) result).revision()).isEqualTo(repo.tip().orElseThrow());
      assertThat(events)
          .singleElement()
          .isEqualTo(
              Map.of(
                  "environment", "stage",
                  "app_name", "api",
                  "app_version", "0.2.0",
                  "image", "api"));
      assertThat(again).isInstanceOf(ApplyResult.Unchanged.class);
      assertThat(events).hasSize(1);
    }

    @Test
    @DisplayName("says which change did not arrive, and a stale expectation sends nothing")
    void timesOutAndChecksFirst() {
      GitOpsEnvironmentStore store = store(mode(false, Duration.ofMillis(200)));

      BackendException late =
          catchThrowableOfType(
              BackendException.class,
              () -> store.apply(SeededRepository.changeSet(Change.of("api", "stage", OLD, NEW))));
      int sent = events.size();
      Throwable stale =
          catchThrowableOfType(
              ConcurrentModificationException.class,
              () ->
                  store.apply(
                      SeededRepository.changeSet(
                          Change.of("api", "stage", ChartVersion.parse("0.0.9"), NEW))));

      assertThat(late.retryable()).isTrue();
      assertThat(late)
          .hasMessageContaining("repository_dispatch event update-manifest was sent")
          .hasMessageContaining("api in stage at 0.2.0")
          .hasMessageContaining("did not appear");
      assertThat(stale).isNotNull();
      assertThat(events).hasSize(sent);
    }
  }
}
