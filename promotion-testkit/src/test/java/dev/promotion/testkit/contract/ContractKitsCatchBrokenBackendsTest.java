package dev.promotion.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.promotion.error.ArtifactNotFoundException;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.BranchResult;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.CommitResult;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.DeploymentRecord;
import dev.promotion.spi.DeploymentRequest;
import dev.promotion.spi.DeploymentStatus;
import dev.promotion.spi.DispatchResult;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.LiveObservation;
import dev.promotion.spi.LiveState;
import dev.promotion.spi.LiveTarget;
import dev.promotion.spi.PullRequest;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.PullRequestResult;
import dev.promotion.spi.PushResult;
import dev.promotion.spi.Release;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.ReleaseResult;
import dev.promotion.spi.SourceControl;
import dev.promotion.spi.Tag;
import dev.promotion.spi.WorkflowDispatch;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.testkit.InMemoryLiveScenario;
import dev.promotion.testkit.Seeds;
import dev.promotion.version.ChartVersion;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A kit that passes everything proves nothing: each test runs a kit against a backend with one
 * deliberate bug and checks that the rules it breaks fail, and only those.
 */
@DisplayName("The contract kits catch broken backends")
class ContractKitsCatchBrokenBackendsTest {
  @Test
  @DisplayName("a store that ignores compare-and-swap fails the compare-and-swap rules")
  void storeWithoutCompareAndSwap() {
    assertThat(failuresOf(StoreWithoutCompareAndSwap.class))
        .containsExactlyInAnyOrder(
            "a change that does not find the version it expects is rejected and nothing is written",
            "a first declaration is rejected where the app already declares another version",
            "a change that expects a version where nothing is declared is rejected",
            "a change set with one stale change writes none of its changes",
            "the rejection names the app, the environment, the expected and the actual version",
            "of concurrent writers expecting the same version, exactly one wins",
            "a pinned change still compares and swaps on the version");
  }

  @Test
  @DisplayName("a store that claims to pin digests but drops them fails the pinning rules")
  void storeDroppingDigests() {
    assertThat(failuresOf(StoreDroppingDigests.class))
        .containsExactlyInAnyOrder(
            "a pinned first declaration is read back and listed with its digest",
            "the same version and digest again is unchanged; another digest re-pins it",
            "a new version moves the pin, and a change without a digest removes it",
            "history reports the digest pinned at each revision, read from the declaration (the"
                + " change sets carry no digest trailer)",
            "a pinned change still compares and swaps on the version",
            "are, for every app asked about and in its order, what history(app, env, 1) returns:"
                + " the newest version change, nothing for an app never declared there, and for an"
                + " app whose last change re-pinned its digest what history says of it");
  }

  @Test
  @DisplayName("a store that lists history oldest first fails the history order rules")
  void storeWithHistoryOldestFirst() {
    assertThat(failuresOf(StoreWithHistoryOldestFirst.class))
        .containsExactlyInAnyOrder(
            "lists the revisions that set the app, newest first, each with the version it replaced",
            "returns at most the limit, keeping the newest",
            "history reports the digest pinned at each revision, read from the declaration (the"
                + " change sets carry no digest trailer)",
            "are, for every app asked about and in its order, what history(app, env, 1) returns:"
                + " the newest version change, nothing for an app never declared there, and for an"
                + " app whose last change re-pinned its digest what history says of it",
            "a revision that changed several apps is the last change of each, and no apps asked"
                + " about is an empty answer");
  }

  @Test
  @DisplayName("a store whose bulk read of last changes answers the oldest fails its rules")
  void storeWithOldestLastChanges() {
    assertThat(failuresOf(StoreWithOldestLastChanges.class))
        .containsExactlyInAnyOrder(
            "are, for every app asked about and in its order, what history(app, env, 1) returns:"
                + " the newest version change, nothing for an app never declared there, and for an"
                + " app whose last change re-pinned its digest what history says of it",
            "a revision that changed several apps is the last change of each, and no apps asked"
                + " about is an empty answer");
  }

  @Test
  @DisplayName("a registry that overwrites releases fails the immutability rule")
  void registryOverwritingReleases() {
    assertThat(failuresOf(RegistryOverwritingReleases.class))
        .containsExactly("a release version is never overwritten with different content");
  }

  @Test
  @DisplayName("a registry that claims immutable tags but overwrites pre-releases fails")
  void registryClaimingImmutableTags() {
    assertThat(failuresOf(RegistryClaimingImmutableTags.class))
        .containsExactly(
            "a pre-release with different content is overwritten only where tags are mutable");
  }

  @Test
  @DisplayName(
      "a source control that ignores the expected content fails the compare-and-swap rules")
  void scmWithoutCompareAndSwap() {
    assertThat(failuresOf(ScmWithoutCompareAndSwap.class))
        .containsExactlyInAnyOrder(
            "a file with other content than expected is not overwritten",
            "an existing file is not overwritten when none is expected",
            "a missing file does not match an expected content",
            "of concurrent writers expecting the same content, exactly one wins");
  }

  @Test
  @DisplayName("a source control that silently does nothing for pull requests and workflows fails")
  void scmWithSilentNoOps() {
    assertThat(failuresOf(ScmWithSilentNoOps.class))
        .containsExactlyInAnyOrder(
            "a draft pull request is opened from head into base",
            "opening it again returns the open one and opens nothing",
            "a pull request from a branch that does not exist is not found",
            "a workflow run is requested on a ref with its inputs",
            "dispatches with different keys are each sent",
            "a dispatch on a ref that does not exist is not found",
            "a dispatch of a workflow that does not exist is not found");
  }

  @Test
  @DisplayName("a source control whose notes ignore the previous tag fails the release notes rule")
  void scmWithNotesOfEveryCommit() {
    assertThat(failuresOf(ScmWithNotesOfEveryCommit.class))
        .containsExactly("the notes list the subjects of the commits since the previous tag");
  }

  @Test
  @DisplayName(
      "a source control that records a second deployment on a re-run fails the idempotency rule")
  void scmRecordingDeploymentsTwice() {
    assertThat(failuresOf(ScmRecordingDeploymentsTwice.class))
        .containsExactly(
            "recording a deployment again with the same key returns the recorded one and records"
                + " nothing");
  }

  @Test
  @DisplayName(
      "a live state that reports reconciledAt as the time of the request fails the stale-health"
          + " rule")
  void liveStateHidingStaleHealth() {
    assertThat(failuresOf(LiveStateHidingStaleHealth.class))
        .containsExactlyInAnyOrder("health reconciled before the sync finished is stale: it waits");
  }

  @Test
  @DisplayName("a live state that reports one application per environment fails the cluster rules")
  void liveStateWithOneCluster() {
    assertThat(failuresOf(LiveStateWithOneCluster.class))
        .containsExactlyInAnyOrder(
            "an environment on several clusters is observed once per cluster, in a stable order",
            "on several clusters, one Degraded cluster fails the environment and is named");
  }

  private static Set<String> failuresOf(Class<?> kit) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(kit))
            .filters(EngineFilter.includeEngines("junit-jupiter"))
            .build();
    Set<String> failed = Collections.synchronizedSet(new TreeSet<>());
    List<String> passed = Collections.synchronizedList(new ArrayList<>());
    LauncherFactory.create()
        .execute(
            request,
            new TestExecutionListener() {
              @Override
              public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                  (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? passed : failed)
                      .add(test.getDisplayName());
                }
              }
            });
    assertThat(passed).as("tests of %s that passed", kit.getSimpleName()).isNotEmpty();
    return failed;
  }

  // ---------------------------------------------------------------- broken backends

  /** Stamps reconciledAt with a time far ahead, as an adapter reading its own clock would. */
  static class LiveStateHidingStaleHealth extends LiveStateContract {
    @Override
    protected LiveScenario createScenario() {
      return new BrokenLiveScenario(
          new InMemoryLiveScenario(),
          o ->
              List.of(
                  new LiveObservation(
                      o.application(),
                      o.found(),
                      o.sources(),
                      o.sync(),
                      o.revisions(),
                      o.health(),
                      o.healthMessage(),
                      o.healthSince(),
                      o.operationPending(),
                      o.operation(),
                      o.found()
                          ? Optional.of(java.time.Instant.parse("2099-01-01T00:00:00Z"))
                          : Optional.empty(),
                      o.conditions(),
                      o.history(),
                      o.images())));
    }
  }

  /** Observes only the first cluster of an environment. */
  static class LiveStateWithOneCluster extends LiveStateContract {
    @Override
    protected LiveScenario createScenario() {
      return new BrokenLiveScenario(new InMemoryLiveScenario(), null);
    }
  }

  /**
   * A scenario whose live state rewrites each observation ({@code rewrite}), or keeps only the
   * first one when {@code rewrite} is null.
   */
  private record BrokenLiveScenario(
      LiveScenario delegate,
      java.util.function.Function<LiveObservation, List<LiveObservation>> rewrite)
      implements LiveScenario {
    @Override
    public LiveState liveState() {
      return target -> {
        List<LiveObservation> observed = delegate.liveState().observe(target);
        if (rewrite == null) {
          return observed.subList(0, 1);
        }
        return observed.stream().flatMap(o -> rewrite.apply(o).stream()).toList();
      };
    }

    @Override
    public LiveTarget target(String app, String environment) {
      return delegate.target(app, environment);
    }

    @Override
    public void declare(String app, String environment, String version) {
      delegate.declare(app, environment, version);
    }

    @Override
    public void syncing(String app, String environment) {
      delegate.syncing(app, environment);
    }

    @Override
    public void progressing(String app, String environment) {
      delegate.progressing(app, environment);
    }

    @Override
    public void settle() {
      delegate.settle();
    }

    @Override
    public void noOpCommit(String app, String environment) {
      delegate.noOpCommit(app, environment);
    }

    @Override
    public void degradesOn(String app, String environment, String version) {
      delegate.degradesOn(app, environment, version);
    }

    @Override
    public void degradesOn(String app, String environment, String cluster, String version) {
      delegate.degradesOn(app, environment, cluster, version);
    }

    @Override
    public void stuckProgressing(String app, String environment) {
      delegate.stuckProgressing(app, environment);
    }

    @Override
    public void staleReconcile(String app, String environment) {
      delegate.staleReconcile(app, environment);
    }

    @Override
    public void failsSync(String app, String environment, String version) {
      delegate.failsSync(app, environment, version);
    }

    @Override
    public void createdLater(String app, String environment) {
      delegate.createdLater(app, environment);
    }

    @Override
    public void syncWindowDenies(String app, String environment) {
      delegate.syncWindowDenies(app, environment);
    }

    @Override
    public void comparisonError(String app, String environment) {
      delegate.comparisonError(app, environment);
    }

    @Override
    public void multipleSources(String app, String environment) {
      delegate.multipleSources(app, environment);
    }
  }

  static class StoreWithoutCompareAndSwap extends EnvironmentStoreContract {
    @Override
    protected EnvironmentStore createStore() {
      InMemoryEnvironmentStore real = new InMemoryEnvironmentStore();
      return new ForwardingStore(real) {
        @Override
        public ApplyResult apply(ChangeSet changes) {
          List<dev.promotion.spi.Change> blind = new ArrayList<>();
          for (dev.promotion.spi.Change c : changes.changes()) {
            blind.add(
                new dev.promotion.spi.Change(
                    c.app(),
                    c.environment(),
                    real.current(c.app(), c.environment()).map(Deployment::version),
                    c.target(),
                    c.digest()));
          }
          return real.apply(
              new ChangeSet(
                  blind, changes.subject(), changes.trailers(), changes.actor(), changes.time()));
        }
      };
    }
  }

  static class StoreDroppingDigests extends EnvironmentStoreContract {
    @Override
    protected EnvironmentStore createStore() {
      return new ForwardingStore(new InMemoryEnvironmentStore()) {
        @Override
        public ApplyResult apply(ChangeSet changes) {
          List<dev.promotion.spi.Change> unpinned = new ArrayList<>();
          for (dev.promotion.spi.Change c : changes.changes()) {
            unpinned.add(
                new dev.promotion.spi.Change(c.app(), c.environment(), c.expected(), c.target()));
          }
          return super.apply(
              new ChangeSet(
                  unpinned,
                  changes.subject(),
                  changes.trailers(),
                  changes.actor(),
                  changes.time()));
        }
      };
    }
  }

  static class StoreWithHistoryOldestFirst extends EnvironmentStoreContract {
    @Override
    protected EnvironmentStore createStore() {
      InMemoryEnvironmentStore real = new InMemoryEnvironmentStore();
      return new ForwardingStore(real) {
        @Override
        public List<HistoryEntry> history(String app, String environment, int limit) {
          List<HistoryEntry> all = new ArrayList<>(real.history(app, environment, 1000));
          Collections.reverse(all);
          return all.subList(0, Math.min(limit, all.size()));
        }
      };
    }
  }

  static class StoreWithOldestLastChanges extends EnvironmentStoreContract {
    @Override
    protected EnvironmentStore createStore() {
      InMemoryEnvironmentStore real = new InMemoryEnvironmentStore();
      return new ForwardingStore(real) {
        @Override
        public java.util.Map<String, Optional<HistoryEntry>> lastChanges(
            String environment, java.util.Collection<String> apps) {
          java.util.Map<String, Optional<HistoryEntry>> oldest = new java.util.LinkedHashMap<>();
          for (String app : apps) {
            List<HistoryEntry> all = real.history(app, environment, 1000);
            oldest.put(
                app, all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1)));
          }
          return oldest;
        }
      };
    }
  }

  static class RegistryOverwritingReleases extends ChartRegistryContract {
    @Override
    protected ChartRegistry createRegistry() {
      return new ReleasesAsPreReleases(new InMemoryChartRegistry());
    }
  }

  static class RegistryClaimingImmutableTags extends ChartRegistryContract {
    @Override
    protected ChartRegistry createRegistry() {
      return new InMemoryChartRegistry();
    }

    @Override
    protected boolean hasImmutableTags() {
      return true;
    }
  }

  static class ScmWithoutCompareAndSwap extends SourceControlContract {
    @Override
    protected SourceControl createSourceControl(RepositorySeed seed) {
      SourceControl real = Seeds.materialize(seed);
      return new ForwardingScm(real) {
        @Override
        public CommitResult commitFile(FileCommit change) {
          FileCommit blind =
              new FileCommit(
                  change.branch(),
                  change.path(),
                  real.readFile(change.branch(), change.path()),
                  change.newContent(),
                  change.message(),
                  change.actor());
          return real.commitFile(blind);
        }
      };
    }
  }

  static class ScmWithSilentNoOps extends SourceControlContract {
    @Override
    protected SourceControl createSourceControl(RepositorySeed seed) {
      return new ForwardingScm(Seeds.materialize(seed)) {
        @Override
        public PullRequestResult openDraftPullRequest(PullRequestRequest request) {
          return new PullRequestResult.Opened(
              new PullRequest(
                  0, request.head(), request.base(), request.title(), false, Optional.empty()));
        }

        @Override
        public DispatchResult dispatchWorkflow(WorkflowDispatch dispatch) {
          return new DispatchResult.AlreadyDispatched(dispatch);
        }
      };
    }
  }

  static class ScmWithNotesOfEveryCommit extends SourceControlContract {
    @Override
    protected SourceControl createSourceControl(RepositorySeed seed) {
      return new ForwardingScm(Seeds.materialize(seed)) {
        @Override
        public ReleaseResult createRelease(ReleaseRequest request) {
          return super.createRelease(
              new ReleaseRequest(
                  request.tag(), request.commit(), request.name(), Optional.empty()));
        }
      };
    }
  }

  /**
   * Never finds a deployment by its key: every call records a new one (the key is made unique
   * underneath and read back as it was given).
   */
  static class ScmRecordingDeploymentsTwice extends SourceControlContract {
    @Override
    protected SourceControl createSourceControl(RepositorySeed seed) {
      AtomicInteger calls = new AtomicInteger();
      return new ForwardingScm(Seeds.materialize(seed)) {
        @Override
        public DeploymentRecord recordDeployment(DeploymentRequest request) {
          return asGiven(
              super.recordDeployment(
                  new DeploymentRequest(
                      request.key() + "#" + calls.incrementAndGet(),
                      request.ref(),
                      request.environment(),
                      request.production(),
                      request.payload(),
                      request.description())));
        }

        @Override
        public DeploymentRecord updateDeployment(String deploymentId, DeploymentStatus status) {
          return asGiven(super.updateDeployment(deploymentId, status));
        }

        @Override
        public List<DeploymentRecord> deployments(String environment, int limit) {
          return super.deployments(environment, limit).stream().map(d -> asGiven(d)).toList();
        }

        private DeploymentRecord asGiven(DeploymentRecord record) {
          return new DeploymentRecord(
              record.id(),
              record.key().substring(0, record.key().lastIndexOf('#')),
              record.ref(),
              record.environment(),
              record.payload(),
              record.statuses(),
              record.created());
        }
      };
    }
  }

  private static class ForwardingStore implements EnvironmentStore {
    private final EnvironmentStore delegate;

    ForwardingStore(EnvironmentStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<Deployment> current(String app, String environment) {
      return delegate.current(app, environment);
    }

    @Override
    public ApplyResult apply(ChangeSet changes) {
      return delegate.apply(changes);
    }

    @Override
    public List<Deployment> list(String environment) {
      return delegate.list(environment);
    }

    @Override
    public List<HistoryEntry> history(String app, String environment, int limit) {
      return delegate.history(app, environment, limit);
    }

    @Override
    public boolean pinsDigests() {
      return delegate.pinsDigests();
    }
  }

  /** Pushes release versions under a pre-release alias, so the real registry lets them change. */
  private static final class ReleasesAsPreReleases implements ChartRegistry {
    private final InMemoryChartRegistry delegate;

    ReleasesAsPreReleases(InMemoryChartRegistry delegate) {
      this.delegate = delegate;
    }

    private static ChartVersion alias(ChartVersion v) {
      return v.isRelease() ? ChartVersion.parse(v + "-release") : v;
    }

    private static ChartArtifact unalias(ChartArtifact a, ChartVersion v) {
      return new ChartArtifact(a.chart(), v, a.digest(), a.size(), a.annotations());
    }

    @Override
    public Optional<ChartArtifact> resolve(String chart, ChartVersion version) {
      return delegate.resolve(chart, alias(version)).map(a -> unalias(a, version));
    }

    @Override
    public ChartArtifact pull(String chart, ChartVersion version, OutputStream sink) {
      try {
        return unalias(delegate.pull(chart, alias(version), sink), version);
      } catch (ArtifactNotFoundException e) {
        throw new ArtifactNotFoundException(chart, version);
      }
    }

    @Override
    public PushResult push(
        String chart, ChartVersion version, ChartContent content, Map<String, String> annotations) {
      PushResult result = delegate.push(chart, alias(version), content, annotations);
      ChartArtifact artifact = unalias(result.artifact(), version);
      return result instanceof PushResult.Pushed
          ? new PushResult.Pushed(artifact)
          : new PushResult.AlreadyPresent(artifact);
    }

    @Override
    public List<ChartVersion> versions(String chart) {
      return delegate.versions(chart).stream()
          .map(v -> v.preRelease().filter("release"::equals).isPresent() ? v.release() : v)
          .sorted()
          .toList();
    }
  }

  private static class ForwardingScm implements SourceControl {
    private final SourceControl delegate;

    ForwardingScm(SourceControl delegate) {
      this.delegate = delegate;
    }

    @Override
    public String resolveCommit(String ref) {
      return delegate.resolveCommit(ref);
    }

    @Override
    public Optional<String> readFile(String ref, String path) {
      return delegate.readFile(ref, path);
    }

    @Override
    public CommitResult commitFile(FileCommit change) {
      return delegate.commitFile(change);
    }

    @Override
    public Optional<String> branchHead(String branch) {
      return delegate.branchHead(branch);
    }

    @Override
    public BranchResult createBranch(String name, String commit) {
      return delegate.createBranch(name, commit);
    }

    @Override
    public Optional<Tag> findTag(String name) {
      return delegate.findTag(name);
    }

    @Override
    public List<Tag> listTags() {
      return delegate.listTags();
    }

    @Override
    public ReleaseResult createRelease(ReleaseRequest request) {
      return delegate.createRelease(request);
    }

    @Override
    public Optional<Release> findRelease(String tag) {
      return delegate.findRelease(tag);
    }

    @Override
    public Release appendToReleaseNotes(String tag, String text) {
      return delegate.appendToReleaseNotes(tag, text);
    }

    @Override
    public PullRequestResult openDraftPullRequest(PullRequestRequest request) {
      return delegate.openDraftPullRequest(request);
    }

    @Override
    public DispatchResult dispatchWorkflow(WorkflowDispatch dispatch) {
      return delegate.dispatchWorkflow(dispatch);
    }

    @Override
    public DeploymentRecord recordDeployment(DeploymentRequest request) {
      return delegate.recordDeployment(request);
    }

    @Override
    public DeploymentRecord updateDeployment(String deploymentId, DeploymentStatus status) {
      return delegate.updateDeployment(deploymentId, status);
    }

    @Override
    public List<DeploymentRecord> deployments(String environment, int limit) {
      return delegate.deployments(environment, limit);
    }
  }
}
