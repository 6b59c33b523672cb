package dev.promotion.cli;

import dev.promotion.Promotions;
import dev.promotion.Settings;
import dev.promotion.cli.config.ConfigurationException;
import dev.promotion.cli.config.PromotionConfig;
import dev.promotion.cli.config.Secret;
import dev.promotion.error.BackendException;
import dev.promotion.git.CommitSigner;
import dev.promotion.git.GitCredentials;
import dev.promotion.git.GitRepository;
import dev.promotion.git.GitSourceControl;
import dev.promotion.gitops.GitOpsEnvironmentStore;
import dev.promotion.gitops.Layout;
import dev.promotion.gitops.PathLayout;
import dev.promotion.gitops.WriteMode;
import dev.promotion.live.LiveOptions;
import dev.promotion.live.Sleeper;
import dev.promotion.registry.ecr.EcrChartRegistry;
import dev.promotion.registry.oci.OciLayoutChartRegistry;
import dev.promotion.scm.github.GitHubSourceControl;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.LiveState;
import dev.promotion.spi.PromotionListener;
import dev.promotion.spi.SourceControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** The backends a {@link PromotionConfig} names, opened, and the {@link Promotions} over them. */
final class Backends implements AutoCloseable {
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final Promotions promotions;
  private final EnvironmentStore environments;
  private final SourceControl sourceControl;
  private final Optional<LiveState> liveState;

  Backends(
      PromotionConfig config,
      Map<String, String> env,
      String actor,
      Optional<String> runId,
      Clock clock,
      PromotionListener listener,
      TransferProgress progress) {
    this(config, env, actor, runId, clock, listener, progress, Optional.empty(), Sleeper.THREAD);
  }

  /**
   * @param liveState a live state to use instead of the one the configuration names (an embedded
   *     simulator, or a test's in-memory one)
   * @param sleeper how waits pause between observations
   */
  Backends(
      PromotionConfig config,
      Map<String, String> env,
      String actor,
      Optional<String> runId,
      Clock clock,
      PromotionListener listener,
      TransferProgress progress,
      Optional<LiveState> liveState,
      Sleeper sleeper) {
    GitRepository gitops = gitOpsRepository(config.gitops(), env);
    opened.add(0, gitops);
    this.environments =
        GitOpsEnvironmentStore.builder()
            .git(gitops)
            .pipeline(config.pipeline())
            .layout(layout(config.gitops()))
            .applications(config.applications())
            .writeMode(writeMode(config.gitops(), env, clock))
            .build();
    this.sourceControl = sourceControl(config.scm(), env, clock);
    ChartRegistry registry =
        new ProgressChartRegistry(
            new LazyChartRegistry(
                () -> registry(config.registry(), config.options().workDirectory())),
            progress);
    PromotionConfig.Options options = config.options();
    Settings settings =
        Settings.defaults()
            .withMainBranch(options.mainBranch())
            .withTagPrefix(options.tagPrefix())
            .withDevWorkflow(options.devWorkflow())
            .withActor(actor)
            .withWorkDirectory(options.workDirectory());
    if (runId.isPresent()) {
      settings = settings.withRunId(runId.get());
    }
    Optional<String> runUrl = runUrl(env);
    if (runUrl.isPresent()) {
      settings = settings.withRunUrl(runUrl.get());
    }
    this.liveState = liveState.or(() -> openLiveState(config, env, clock));
    Promotions.Builder builder =
        Promotions.builder()
            .liveOptions(LiveOptions.defaults().withDriftTolerant(options.driftTolerant()))
            .sleeper(sleeper);
    this.liveState.ifPresent(builder::liveState);
    this.promotions =
        builder
            .pipeline(config.pipeline())
            .applications(config.applications())
            .environments(environments)
            .registry(registry)
            .sourceControl(sourceControl)
            .clock(clock)
            .listener(listener)
            .gates(config.gates())
            .settings(settings)
            .build();
  }

  Promotions promotions() {
    return promotions;
  }

  /**
   * The GitHub Actions run: {@code
   * $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID} (and {@code
   * /attempts/$GITHUB_RUN_ATTEMPT}), when those are set; the deployments' log URL and the
   * notifications' link to the run.
   */
  static Optional<String> runUrl(Map<String, String> env) {
    String server = env.get("GITHUB_SERVER_URL");
    String repository = env.get("GITHUB_REPOSITORY");
    String run = env.get("GITHUB_RUN_ID");
    if (server == null
        || server.isBlank()
        || repository == null
        || repository.isBlank()
        || run == null
        || !run.matches("\\d+")) {
      return Optional.empty();
    }
    String attempt = env.get("GITHUB_RUN_ATTEMPT");
    return Optional.of(
        server.replaceAll("/+$", "")
            + "/"
            + repository
            + "/actions/runs/"
            + run
            + (attempt != null && attempt.matches("\\d+") ? "/attempts/" + attempt : ""));
  }

  EnvironmentStore environments() {
    return environments;
  }

  /**
   * What runs, as the deployment controller reports it: empty until the configuration names one
   * ({@code argocd:}); then {@code verify}, {@code --wait}, {@code status --live} and the gates on
   * what runs use it.
   */
  Optional<LiveState> liveState() {
    return liveState;
  }

  /**
   * Opens the live state the configuration names (the Argo CD adapter, from {@code argocd:}), or
   * none. Closed with the backends when it is {@link AutoCloseable} (add it to {@code opened}).
   */
  private Optional<LiveState> openLiveState(
      PromotionConfig config, Map<String, String> env, Clock clock) {
    return ArgoCdLiveStates.open(config, env);
  }

  SourceControl sourceControl() {
    return sourceControl;
  }

  /** How long a command reads the GitOps branch's tip again without asking the remote. */
  static final Duration TIP_REUSE = Duration.ofSeconds(30);

  private GitRepository gitOpsRepository(PromotionConfig.GitOps gitops, Map<String, String> env) {
    GitRepository.Builder builder = GitRepository.builder().branch(gitops.branch());
    if (gitops.location() instanceof PromotionConfig.Location.Local local) {
      Repository repository = openLocal(local.path());
      opened.add(repository);
      builder.repository(repository);
    } else if (gitops.location() instanceof PromotionConfig.Location.Remote remote) {
      // A cold runner's first fetch takes the tip's trees, not every manifest; see
      // promotion-git's README, "Cold runners".
      builder.remote(remote.url()).partial(true);
      if (gitops.write() instanceof PromotionConfig.Write.Commit) {
        // One command reads the source, the target and history: one listing of the branch, not
        // one per read. The push still compares and swaps; the dispatch modes poll for a new tip
        // and the proposal branch is built on a fresh one, so they ask each time.
        builder.reuseTip(TIP_REUSE);
      }
    }
    gitops.cache().ifPresent(builder::cacheDirectory);
    credentials(gitops.token(), gitops.sshKey(), env).ifPresent(builder::credentials);
    gitops.signing().map(s -> signer(s, env)).ifPresent(builder::signer);
    builder.retryDeadline(gitops.retryDeadline());
    return builder.build();
  }

  private static WriteMode writeMode(
      PromotionConfig.GitOps gitops, Map<String, String> env, Clock clock) {
    PromotionConfig.Write write = gitops.write();
    if (write instanceof PromotionConfig.Write.PullRequest pr) {
      return WriteMode.pullRequest(gitHub(pr.repository(), pr.apiUrl(), gitops, env, clock));
    }
    if (write instanceof PromotionConfig.Write.RepositoryDispatch event) {
      GitHubSourceControl github = gitHub(event.repository(), event.apiUrl(), gitops, env, clock);
      return WriteMode.repositoryDispatch(
          github::repositoryDispatch,
          event.eventType(),
          event.timeout(),
          pollInterval(event.timeout()));
    }
    if (write instanceof PromotionConfig.Write.Dispatch dispatch) {
      return WriteMode.dispatch(
          gitHub(dispatch.repository(), dispatch.apiUrl(), gitops, env, clock),
          dispatch.workflow(),
          gitops.branch(),
          dispatch.timeout(),
          pollInterval(dispatch.timeout()));
    }
    return WriteMode.direct();
  }

  private static GitHubSourceControl gitHub(
      String repository,
      Optional<String> apiUrl,
      PromotionConfig.GitOps gitops,
      Map<String, String> env,
      Clock clock) {
    GitHubSourceControl.Builder builder =
        GitHubSourceControl.builder().repository(repository).clock(clock);
    apiUrl.ifPresent(builder::apiUrl);
    gitops.token().ifPresent(t -> builder.token(t.reveal(env)));
    return builder.build();
  }

  /** How often to look for a dispatched change: every 5 s, more often for short timeouts. */
  static java.time.Duration pollInterval(java.time.Duration timeout) {
    java.time.Duration fifth = timeout.dividedBy(5);
    java.time.Duration floor = java.time.Duration.ofMillis(50);
    java.time.Duration interval = fifth.compareTo(floor) < 0 ? floor : fifth;
    java.time.Duration ceiling = java.time.Duration.ofSeconds(5);
    return interval.compareTo(ceiling) > 0 ? ceiling : interval;
  }

  private static Layout layout(PromotionConfig.GitOps gitops) {
    PathLayout.Builder builder =
        gitops.layout().builder(gitops.pattern()).chartRepository(gitops.chartRepository());
    gitops.appChartRepositories().forEach(builder::chartRepository);
    return builder.build();
  }

  private SourceControl sourceControl(
      PromotionConfig.Scm scm, Map<String, String> env, Clock clock) {
    if (scm instanceof PromotionConfig.Scm.Git git) {
      GitSourceControl.Builder builder = GitSourceControl.builder().clock(clock);
      if (git.location() instanceof PromotionConfig.Location.Local local) {
        builder.directory(local.path());
      } else if (git.location() instanceof PromotionConfig.Location.Remote remote) {
        builder.remote(remote.url());
        git.cache().ifPresent(builder::cacheDirectory);
      }
      credentials(git.token(), git.sshKey(), env).ifPresent(builder::credentials);
      git.signing().map(s -> signer(s, env)).ifPresent(builder::signer);
      GitSourceControl built = builder.build();
      opened.add(built);
      return built;
    }
    PromotionConfig.Scm.GitHub github = (PromotionConfig.Scm.GitHub) scm;
    GitHubSourceControl.Builder builder =
        GitHubSourceControl.builder().repository(github.repository()).clock(clock);
    github.apiUrl().ifPresent(builder::apiUrl);
    github.token().ifPresent(t -> builder.token(t.reveal(env)));
    if (github.appId().isPresent()) {
      builder.gitHubApp(github.appId().get().reveal(env), github.privateKey().get().reveal(env));
    }
    return builder.build();
  }

  private static ChartRegistry registry(PromotionConfig.Registry registry, Path workDirectory) {
    if (registry instanceof PromotionConfig.Registry.OciLayout oci) {
      return OciLayoutChartRegistry.builder().root(oci.path()).build();
    }
    PromotionConfig.Registry.Ecr ecr = (PromotionConfig.Registry.Ecr) registry;
    EcrChartRegistry.Builder builder =
        EcrChartRegistry.builder()
            .region(ecr.region())
            .repositoryPrefix(ecr.repositoryPrefix())
            .tempDirectory(workDirectory);
    ecr.registryId().ifPresent(builder::registryId);
    return builder.build();
  }

  /** A repository on this machine, worked on in place as the repository of record. */
  static Repository openLocal(Path path) {
    try {
      Path dotGit = path.resolve(".git");
      Repository repository =
          new FileRepositoryBuilder()
              .setGitDir((Files.isDirectory(dotGit) ? dotGit : path).toFile())
              .build();
      if (!repository.getObjectDatabase().exists()) {
        repository.close();
        throw new ConfigurationException(
            path.toString(),
            0,
            0,
            "is not a git repository",
            "Point gitops.path at a bare repository (git init --bare) or use url:.");
      }
      return repository;
    } catch (IOException e) {
      throw new BackendException("git", false, "cannot open " + path + ": " + e.getMessage(), e);
    }
  }

  /** An SSH key when one is configured (the token then only serves GitHub's API), else a token. */
  private Optional<GitCredentials> credentials(
      Optional<Secret> token, Optional<PromotionConfig.SshKey> sshKey, Map<String, String> env) {
    if (sshKey.isPresent()) {
      PromotionConfig.SshKey ssh = sshKey.get();
      return Optional.of(
          GitCredentials.sshKey(
              keyFile(ssh.key(), env), ssh.passphrase().map(p -> p.reveal(env)), ssh.directory()));
    }
    return token.map(t -> GitCredentials.token("x-access-token", t.reveal(env)));
  }

  /**
   * The signer of the configured key, read and decrypted now (so a wrong passphrase stops the run
   * before anything is written). The key is read into memory, never copied to a file.
   */
  private static CommitSigner signer(PromotionConfig.Signing signing, Map<String, String> env) {
    String key = signing.key().reveal(env);
    Optional<String> passphrase = signing.passphrase().map(p -> p.reveal(env));
    return switch (signing.format()) {
      case SSH -> CommitSigner.ssh(key, passphrase);
      case OPENPGP -> CommitSigner.openPgp(key, passphrase, signing.keyId());
    };
  }

  /**
   * The key's file: the configured one, or for a key held in an environment variable a file only
   * this user can read, deleted when the backends close.
   */
  private Path keyFile(Secret key, Map<String, String> env) {
    if (key instanceof Secret.FromFile file) {
      return file.file();
    }
    String text = key.reveal(env);
    try {
      Path directory =
          Files.createTempDirectory(
              "promotion-ssh-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path file = directory.resolve("key");
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, text.endsWith("\n") ? text : text + "\n", StandardCharsets.UTF_8);
      opened.add(
          () -> {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
          });
      return file;
    } catch (IOException e) {
      throw new BackendException(
          "git", false, "cannot write the SSH key to a private temporary file", e);
    }
  }

  @Override
  public void close() {
    for (AutoCloseable closeable : opened) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing a clone cannot lose data: every write was pushed before the command returned.
      }
    }
  }
}
