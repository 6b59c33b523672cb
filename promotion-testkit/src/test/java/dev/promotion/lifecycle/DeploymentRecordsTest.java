package dev.promotion.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.Promotions;
import dev.promotion.error.BackendException;
import dev.promotion.gate.FreezeWindow;
import dev.promotion.gate.Gates;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.result.Promotion;
import dev.promotion.result.Result;
import dev.promotion.result.Step;
import dev.promotion.spi.DeploymentRecord;
import dev.promotion.spi.DeploymentRequest;
import dev.promotion.spi.DeploymentState;
import dev.promotion.spi.DeploymentStatus;
import dev.promotion.spi.SourceControl;
import dev.promotion.testkit.fault.FaultPlan;
import dev.promotion.version.ImageDigest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every write that deploys an environment records the deployment on the application repository's
 * host (GitHub Deployments), over the in-memory source control: one deployment per GitOps change,
 * with its statuses, found again by a re-run.
 */
@DisplayName("deployments recorded on the application repository's host")
class DeploymentRecordsTest {
  private static final String RUN_URL = "https://github.com/acme/api/actions/runs/42";
  private static final ImageDigest DIGEST = ImageDigest.parse("sha256:" + "c3".repeat(32));

  @TempDir Path tmp;

  private World world(String name) throws Exception {
    return new World(Files.createDirectories(tmp.resolve(name)));
  }

  /** Publishes {@code main}, promotes it to test and stage, and releases it. */
  private static void ship(World world) {
    Promotions promotions = world.promotions();
    promotions.publishDev("api", "main", world.checkout("main")).orThrow();
    world.clock.advance(Duration.ofHours(1));
    promotions.promote("api", "test").orThrow();
    promotions.promote("api", "stage").orThrow();
    world.clock.advance(Duration.ofHours(1));
    promotions.release("api").orThrow();
  }

  private static List<DeploymentRecord> deployments(World world, String env) {
    return world.scm.deployments(env, 100);
  }

  private static DeploymentRecord only(World world, String env) {
    List<DeploymentRecord> all = deployments(world, env);
    assertThat(all).as("deployments of " + env).hasSize(1);
    return all.get(0);
  }

  private static Step step(Result<?> result, String name) {
    return result.steps().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step " + name + " in " + result.steps()));
  }

  @Test
  @DisplayName(
      "publish, promote and release each record a deployment of their environment at the"
          + " candidate's source commit, with app, version, GitOps revision and actor in order")
  void everyEnvironmentOfTheLifecycle() throws Exception {
    World world = world("lifecycle");
    String source = world.scm.resolveCommit("main");

    ship(world);

    for (String env : World.PIPELINE.names()) {
      DeploymentRecord deployment = only(world, env);
      String version = world.deployed(env).toString();
      String revision = world.store.history("api", env, 1).get(0).revision();
      assertThat(deployment.ref()).as(env).isEqualTo(source);
      assertThat(deployment.key())
          .isEqualTo("promotion:api:" + env + ":" + version + ":" + revision);
      assertThat(deployment.payload())
          .containsExactly(
              Map.entry("app", "api"),
              Map.entry("version", version),
              Map.entry("gitops_revision", revision),
              Map.entry("actor", "alice"));
      assertThat(deployment.statuses())
          .extracting(DeploymentStatus::state)
          .containsExactly(DeploymentState.SUCCESS, DeploymentState.IN_PROGRESS);
      assertThat(deployment.statuses().get(1).description()).isEqualTo("written to " + revision);
      assertThat(deployment.statuses().get(0).description())
          .contains("declared in git", "not observed")
          .hasSizeLessThanOrEqualTo(140);
    }
    assertThat(world.scm.findTag("v0.1.0").orElseThrow().commit()).isEqualTo(source);
  }

  @Test
  @DisplayName("each step says what it recorded, and only the release environment is production")
  void stepsAndProduction() throws Exception {
    World world = world("production");
    List<DeploymentRequest> requests = new ArrayList<>();
    Promotions promotions = world.promotions(capturing(world.scm, requests));

    Result<?> published = promotions.publishDev("api", "main", world.checkout("main"));
    world.clock.advance(Duration.ofHours(1));
    promotions.promote("api", "test");
    promotions.promote("api", "stage");
    world.clock.advance(Duration.ofHours(1));
    Result<?> released = promotions.release("api");

    assertThat(step(published, "record deployment dev").status()).isEqualTo(Step.Status.DONE);
    assertThat(step(published, "record deployment dev").detail())
        .contains("of api 0.1.0-rc.", "in dev", "success, declared in git, not observed");
    assertThat(released.steps())
        .extracting(Step::name)
        .containsSubsequence("deploy prod", "record deployment prod", "bump main");
    assertThat(requests)
        .extracting(DeploymentRequest::environment, DeploymentRequest::production)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dev", false),
            org.assertj.core.groups.Tuple.tuple("test", false),
            org.assertj.core.groups.Tuple.tuple("stage", false),
            org.assertj.core.groups.Tuple.tuple("prod", true));
  }

  @Test
  @DisplayName(
      "a later deployment makes the earlier one inactive, prod included; a rollback is a new"
          + " deployment at the commit of the version it returns to")
  void laterDeploymentsReplaceEarlierOnes() throws Exception {
    World world = world("twice");
    ship(world);
    String first = world.scm.findTag("v0.1.0").orElseThrow().commit();
    world.push("main", "Change 1", "src/app.txt", "1\n");
    ship(world);
    String second = world.scm.findTag("v0.1.1").orElseThrow().commit();

    Result<?> rolledBack = world.promotions().rollback("api", "prod", Optional.empty());

    assertThat(step(rolledBack, "record deployment prod").status()).isEqualTo(Step.Status.DONE);
    List<DeploymentRecord> prod = deployments(world, "prod");
    assertThat(prod)
        .extracting(DeploymentRecord::ref)
        .as("newest first: the rollback to 0.1.0, the release of 0.1.1, the release of 0.1.0")
        .containsExactly(first, second, first);
    assertThat(prod)
        .extracting(d -> d.state().orElseThrow())
        .containsExactly(
            DeploymentState.SUCCESS, DeploymentState.INACTIVE, DeploymentState.INACTIVE);
    assertThat(prod).extracting(DeploymentRecord::key).doesNotHaveDuplicates();
    assertThat(prod.get(0).payload()).containsEntry("version", "0.1.0");
    for (String env : List.of("dev", "test", "stage")) {
      assertThat(deployments(world, env))
          .extracting(d -> d.state().orElseThrow())
          .as(env)
          .containsExactly(DeploymentState.SUCCESS, DeploymentState.INACTIVE);
    }
  }

  @Test
  @DisplayName("a pinned digest is in the payload, between the version and the GitOps revision")
  void pinnedDigest() throws Exception {
    World world = world("pinned");

    world.promotions().publishDev("api", "main", world.checkout("main"), DIGEST).orThrow();
    world.promotions().promote("api", "test").orThrow();

    for (String env : List.of("dev", "test")) {
      assertThat(only(world, env).payload().keySet())
          .containsExactly("app", "version", "digest", "gitops_revision", "actor");
      assertThat(only(world, env).payload()).containsEntry("digest", DIGEST.toString());
    }
  }

  @Test
  @DisplayName("the run URL and the environment's URL are recorded with every status")
  void links() throws Exception {
    World world = world("links");
    world
        .settings(world.settings().withRunUrl(RUN_URL))
        .pipeline(
            new Pipeline(
                List.of(
                    Environment.of("dev", "preprod").withUrl("https://dev.api.example.com"),
                    Environment.of("test", "preprod"),
                    Environment.of("stage", "preprod"),
                    Environment.of("prod", "production")),
                "prod"));

    world.publish("main");
    world.promotions().promote("api", "test");

    assertThat(only(world, "dev").statuses())
        .hasSize(2)
        .allSatisfy(
            s -> {
              assertThat(s.logUrl()).contains(RUN_URL);
              assertThat(s.environmentUrl()).contains("https://dev.api.example.com");
            });
    assertThat(only(world, "test").statuses())
        .allSatisfy(
            s -> {
              assertThat(s.logUrl()).contains(RUN_URL);
              assertThat(s.environmentUrl()).isEmpty();
            });
  }

  @Test
  @DisplayName(
      "running a promotion again finds its deployment: one deployment, the step already done")
  void rerunFindsIt() throws Exception {
    World world = world("rerun");
    world.publish("main");
    world.promotions().promote("api", "test");
    DeploymentRecord before = only(world, "test");

    Result<Promotion> again = world.promotions().promote("api", "test");

    assertThat(again).isInstanceOf(Result.AlreadyDone.class);
    assertThat(step(again, "record deployment test").status()).isEqualTo(Step.Status.ALREADY_DONE);
    assertThat(only(world, "test")).isEqualTo(before);
  }

  static Stream<Arguments> crashes() {
    return Stream.of(
        Arguments.of("scm.recordDeployment", 1, Result.Done.class),
        Arguments.of("scm.updateDeployment", 1, Result.Done.class),
        Arguments.of("scm.updateDeployment", 2, Result.AlreadyDone.class));
  }

  @ParameterizedTest(name = "crash after {0} #{1}")
  @MethodSource("crashes")
  @DisplayName(
      "a crash after the deployment, its in_progress or its success status is a warning; the"
          + " re-run finishes with exactly one deployment and both statuses")
  void crashWhileRecording(String call, int occurrence, Class<?> rerun) throws Exception {
    World reference = world("reference");
    reference.publish("main");
    FaultPlan counting = FaultPlan.none();
    reference.promotions(counting).promote("api", "test");
    DeploymentRecord expected = only(reference, "test");
    int failing = nth(counting.callLog(), call::equals, occurrence);
    World world = world("crash");
    world.publish("main");

    Result<Promotion> crashed =
        world
            .promotions(FaultPlan.failCall(failing, FaultPlan.Timing.AFTER))
            .promote("api", "test");

    assertThat(crashed).isInstanceOf(Result.Done.class);
    Step warning = step(crashed, "record deployment test");
    assertThat(warning.status()).isEqualTo(Step.Status.WARNING);
    assertThat(warning.detail())
        .contains("the GitOps change stands", "run the same command again", "injected failure");
    assertThat(world.deployed("test")).isEqualTo(reference.deployed("test"));

    Result<Promotion> resumed = world.promotions().promote("api", "test");

    assertThat(resumed).isInstanceOf(rerun);
    assertThat(only(world, "test")).isEqualTo(expected);
    assertThat(world.promotions().promote("api", "test")).isInstanceOf(Result.AlreadyDone.class);
  }

  @Test
  @DisplayName(
      "after a crash once the GitOps change is written, the re-run records the deployment with the"
          + " revision read back from the history")
  void crashAfterTheGitOpsWrite() throws Exception {
    World world = world("after-apply");
    world.publish("main");
    World reference = world("reference");
    reference.publish("main");
    FaultPlan counting = FaultPlan.none();
    reference.promotions(counting).promote("api", "test");
    int apply = nth(counting.callLog(), "store.apply"::equals, 1);

    try {
      world.promotions(FaultPlan.failCall(apply, FaultPlan.Timing.AFTER)).promote("api", "test");
      throw new AssertionError("the crash after store.apply did not surface");
    } catch (BackendException expected) {
      assertThat(deployments(world, "test")).isEmpty();
    }
    Result<Promotion> resumed = world.promotions().promote("api", "test");

    assertThat(step(resumed, "deploy test").status()).isEqualTo(Step.Status.ALREADY_DONE);
    assertThat(step(resumed, "record deployment test").status()).isEqualTo(Step.Status.DONE);
    assertThat(only(world, "test").payload())
        .containsEntry("gitops_revision", world.store.history("api", "test", 1).get(0).revision());
    assertThat(only(world, "test")).isEqualTo(only(reference, "test"));
  }

  @Test
  @DisplayName(
      "when the host fails, the GitOps change stays written and the operation reports its result"
          + " with a warning")
  void hostFailure() throws Exception {
    World world = world("host-down");
    world.publish("main");
    SourceControl down =
        forwarding(
            world.scm,
            name -> name.endsWith("Deployment"),
            () -> new BackendException("github", true, "503 Service Unavailable"));

    Result<Promotion> result = world.promotions(down).promote("api", "test");

    assertThat(result).isInstanceOf(Result.Done.class);
    assertThat(result.orThrow().version()).isEqualTo(world.deployed("dev"));
    assertThat(world.deployed("test")).isEqualTo(world.deployed("dev"));
    Step warning = step(result, "record deployment test");
    assertThat(warning.status()).isEqualTo(Step.Status.WARNING);
    assertThat(warning.wrote()).isFalse();
    assertThat(warning.detail()).contains("github: 503 Service Unavailable");
    assertThat(deployments(world, "test")).isEmpty();
  }

  @Test
  @DisplayName("a dry run plans the record and records nothing")
  void dryRun() throws Exception {
    World world = world("plan");
    world.publish("main");

    Result<Promotion> plan = world.promotions().plan().promote("api", "test");

    assertThat(step(plan, "record deployment test").status()).isEqualTo(Step.Status.PLANNED);
    assertThat(deployments(world, "test")).isEmpty();
  }

  @Test
  @DisplayName("a blocked release records nothing")
  void blocked() throws Exception {
    World world = world("blocked");
    world.publish("main");
    world.promotions().promote("api", "test");
    world.promotions().promote("api", "stage");
    Instant now = world.clock.instant();
    world.gates(
        Gates.standard(
            List.of(
                FreezeWindow.between("freeze", now.minusSeconds(60), now.plusSeconds(600), "prod")),
            Map.of()));

    Result<?> result = world.promotions().release("api");

    assertThat(result).isInstanceOf(Result.Blocked.class);
    assertThat(result.steps()).extracting(Step::name).doesNotContain("record deployment prod");
    assertThat(deployments(world, "prod")).isEmpty();
  }

  @Test
  @DisplayName("a host without deployments makes the step skipped with its reason, never silent")
  void unsupported() throws Exception {
    World world =
        new World(
            Files.createDirectories(tmp.resolve("plain")),
            new dev.promotion.testkit.InMemoryChartRegistry(),
            dev.promotion.testkit.InMemorySourceControl.builder().withoutDeployments());

    Result<?> published = world.publish("main");

    Step skipped = step(published, "record deployment dev");
    assertThat(skipped.status()).isEqualTo(Step.Status.SKIPPED);
    assertThat(skipped.detail()).contains("cannot record deployments");
    assertThat(world.deployed("dev")).isNotNull();
  }

  private static int nth(List<String> calls, Predicate<String> call, int occurrence) {
    return IntStream.range(0, calls.size())
            .filter(i -> call.test(calls.get(i)))
            .skip(occurrence - 1L)
            .findFirst()
            .orElseThrow(() -> new AssertionError("call #" + occurrence + " not in " + calls))
        + 1;
  }

  /** The source control, recording every deployment request it is asked for. */
  private static SourceControl capturing(SourceControl scm, List<DeploymentRequest> requests) {
    return (SourceControl)
        Proxy.newProxyInstance(
            SourceControl.class.getClassLoader(),
            new Class<?>[] {SourceControl.class},
            (proxy, method, args) -> {
              if (method.getName().equals("recordDeployment")) {
                requests.add((DeploymentRequest) args[0]);
              }
              return invoke(scm, method, args);
            });
  }

  /** The source control, except that the calls named so throw. */
  private static SourceControl forwarding(
      SourceControl scm,
      Predicate<String> failing,
      java.util.function.Supplier<RuntimeException> failure) {
    return (SourceControl)
        Proxy.newProxyInstance(
            SourceControl.class.getClassLoader(),
            new Class<?>[] {SourceControl.class},
            (proxy, method, args) -> {
              if (failing.test(method.getName())) {
                throw failure.get();
              }
              return invoke(scm, method, args);
            });
  }

  private static Object invoke(SourceControl scm, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(scm, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
