package dev.promotion.cli;

import dev.promotion.argocd.simulator.ArgoCdSimulator;
import dev.promotion.argocd.simulator.GitOpsSource;
import dev.promotion.argocd.simulator.Script;
import dev.promotion.live.Sleeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The walkthrough's Argo CDs: one embedded {@link ArgoCdSimulator} per Argo CD instance of the
 * topology (the preprod cluster's and the production cluster's), each following the workspace's
 * GitOps repository, with the Applications the Argo CD layout declares. The workspace's {@code
 * promotion.yaml} gets an {@code argocd:} section naming them, with a random token read from {@link
 * #TOKEN_VARIABLE}. Time is scaled down: a wait's pause moves the walkthrough's clock forward
 * instead of sleeping, and every read of the simulators is one controller step.
 */
final class WalkthroughArgoCd implements AutoCloseable {
  /** The variable the walkthrough's commands read the simulators' token from. */
  static final String TOKEN_VARIABLE = "PROMOTION_WALKTHROUGH_ARGOCD_TOKEN";

  /** The Argo CD instance of each cluster, and the environments whose Applications it runs. */
  private static final Map<String, List<String>> CLUSTERS =
      Map.of("preprod", List.of("dev", "test", "stage"), "production", List.of("prod"));

  private final String token = token();
  private final ScaledClock clock;
  private final Map<String, ArgoCdSimulator> simulators = new LinkedHashMap<>();
  private final Map<String, String> clusterOf = new LinkedHashMap<>();

  private WalkthroughArgoCd(Clock base) {
    this.clock = new ScaledClock(base);
  }

  /**
   * Starts a simulator per cluster following {@code workspace}'s GitOps repository and appends the
   * {@code argocd:} section to its configuration.
   */
  static WalkthroughArgoCd start(Workspace workspace, Clock base) throws IOException {
    WalkthroughArgoCd argocd = new WalkthroughArgoCd(base);
    try {
      GitOpsSource source = new BareRepositorySource(workspace.gitops(), "main");
      for (String cluster : List.of("preprod", "production")) {
        ArgoCdSimulator simulator =
            ArgoCdSimulator.builder()
                .source(source)
                .clock(argocd.clock)
                .token(argocd.token)
                .start();
        argocd.simulators.put(cluster, simulator);
        for (String env : CLUSTERS.get(cluster)) {
          simulator
              .manifest("registry/environments/" + env + "/" + cluster + "/api.yaml")
              .name("api-" + env)
              .add();
          argocd.clusterOf.put(env, cluster);
        }
      }
      Files.writeString(
          workspace.config(), argocd.section(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      return argocd;
    } catch (IOException | RuntimeException e) {
      argocd.close();
      throw e;
    }
  }

  /** The {@code argocd:} section of promotion.yaml: a server per cluster, the token by variable. */
  private String section() {
    return """
        argocd:
          token: {env: %s}
          project: default
          clusters:
            preprod:
              url: %s   # Argo CD simulator of the walkthrough, gone when it ends
            production:
              url: %s   # Argo CD simulator of the walkthrough, gone when it ends
        """
        .formatted(
            TOKEN_VARIABLE, simulators.get("preprod").url(), simulators.get("production").url());
  }

  /**
   * Comments out the {@code argocd:} section of {@code workspace}'s promotion.yaml: the simulators
   * stop with the walkthrough, and the commands run in the workspace afterwards must not ask them.
   * Idempotent.
   */
  void retire(Workspace workspace) throws IOException {
    String config = Files.readString(workspace.config(), StandardCharsets.UTF_8);
    String section = section();
    if (!config.contains(section)) {
      return;
    }
    StringBuilder retired =
        new StringBuilder(
            "# The walkthrough's Argo CD simulators stopped with it; to use status --live, verify\n"
                + "# and --wait, uncomment this with your Argo CD's urls (and its token in the"
                + " variable).\n");
    section.lines().forEach(line -> retired.append("# ").append(line).append('\n'));
    Files.writeString(
        workspace.config(), config.replace(section, retired.toString()), StandardCharsets.UTF_8);
  }

  /** The base URL of each cluster's simulator. */
  Map<String, String> urls() {
    Map<String, String> urls = new LinkedHashMap<>();
    simulators.forEach((cluster, simulator) -> urls.put(cluster, simulator.url()));
    return urls;
  }

  /** The variables the walkthrough's commands need: the token. */
  Map<String, String> environment() {
    return Map.of(TOKEN_VARIABLE, token);
  }

  /** The walkthrough's clock: the real one, moved forward by every pause of a wait. */
  Clock clock() {
    return clock;
  }

  /** A wait's pause: the clock moves forward by it at once, so Argo CD seems to take its time. */
  Sleeper sleeper() {
    return clock::advance;
  }

  /** Scripts {@code version} of api to turn Degraded in {@code environment} once synced. */
  void degrade(String environment, String version) {
    simulators
        .get(clusterOf.get(environment))
        .script("api-" + environment, version, Script.DEGRADED);
  }

  @Override
  public void close() {
    simulators.values().forEach(ArgoCdSimulator::close);
  }

  private static String token() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return "walkthrough-" + HexFormat.of().formatHex(bytes);
  }

  /** The real clock plus the pauses waits took. */
  private static final class ScaledClock extends Clock {
    private final Clock base;
    private final AtomicLong aheadNanos;

    ScaledClock(Clock base) {
      this(base, new AtomicLong());
    }

    private ScaledClock(Clock base, AtomicLong aheadNanos) {
      this.base = base;
      this.aheadNanos = aheadNanos;
    }

    void advance(Duration duration) {
      aheadNanos.addAndGet(duration.toNanos());
    }

    @Override
    public Instant instant() {
      return base.instant().plusNanos(aheadNanos.get());
    }

    @Override
    public ZoneId getZone() {
      return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new ScaledClock(base.withZone(zone), aheadNanos);
    }
  }

  /** Argo CD's repo server over the workspace's bare GitOps repository: its branch, read anew. */
  private record BareRepositorySource(Path gitDir, String branch) implements GitOpsSource {
    @Override
    public String tip() {
      try (Repository repository = Workspace.open(gitDir)) {
        ObjectId id = repository.resolve(Constants.R_HEADS + branch);
        return id == null ? "" : id.name();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public Optional<String> read(String revision, String path) {
      try (Repository repository = Workspace.open(gitDir);
          RevWalk walk = new RevWalk(repository)) {
        ObjectId id = repository.resolve(revision + "^{commit}");
        if (id == null) {
          return Optional.empty();
        }
        try (TreeWalk tree = TreeWalk.forPath(repository, path, walk.parseCommit(id).getTree())) {
          return tree == null
              ? Optional.empty()
              : Optional.of(
                  new String(
                      repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
