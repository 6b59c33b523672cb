package dev.promotion.cli;

import dev.promotion.Promotions;
import dev.promotion.cli.config.ConfigLoader;
import dev.promotion.cli.config.ConfigurationException;
import dev.promotion.cli.config.PromotionConfig;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.error.UnknownApplicationException;
import dev.promotion.pipeline.Application;
import dev.promotion.result.Result;
import dev.promotion.result.StatusReport;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.LiveState;
import dev.promotion.spi.PromotionEvent;
import dev.promotion.spi.PromotionListener;
import dev.promotion.version.Bump;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/** {@code promotion}: the top-level command, its global options and its subcommands. */
@Command(
    name = "promotion",
    mixinStandardHelpOptions = true,
    version = "promotion 0.1.0-SNAPSHOT",
    description = "Promotes Helm charts dev -> test -> stage -> prod, the GitOps way.",
    subcommands = {
      PromotionCommand.PublishDev.class,
      PromotionCommand.Promote.class,
      PromotionCommand.Release.class,
      PromotionCommand.Hotfix.class,
      PromotionCommand.BumpCommand.class,
      PromotionCommand.Rollback.class,
      PromotionCommand.Status.class,
      PromotionCommand.Verify.class,
      PromotionCommand.History.class,
      WalkthroughCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done, or already done",
      "1:failure",
      "2:usage or configuration error",
      "3:blocked by a gate (nothing written)",
      "4:concurrent modification (after retries)",
      "5:written, but the environment does not run the new version (--wait), or verify found"
          + " it not running"
    })
final class PromotionCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      defaultValue = "promotion.yaml",
      description = "The configuration file (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(
      names = "--app",
      scope = ScopeType.INHERIT,
      description = "The app; may be left out when the configuration has one app.")
  String app;

  @Option(
      names = "--dry-run",
      scope = ScopeType.INHERIT,
      description = "Print the plan; write nothing.")
  boolean dryRun;

  @Option(
      names = "--output",
      scope = ScopeType.INHERIT,
      defaultValue = "text",
      converter = FormatConverter.class,
      description = "text, json or markdown (for $GITHUB_STEP_SUMMARY).")
  Output.Format output;

  @Option(
      names = "--summary",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "Also append the result as Markdown to FILE (for example $GITHUB_STEP_SUMMARY), whatever"
              + " --output says; a file that cannot be written is a warning, never a failure.")
  Path summary;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "On failure, print the chain of causes.")
  boolean verbose;

  @Option(
      names = "--actor",
      scope = ScopeType.INHERIT,
      description = "Who is acting, for the audit trail (default: $GITHUB_ACTOR, then $USER).")
  String actor;

  @Option(
      names = "--progress",
      scope = ScopeType.INHERIT,
      defaultValue = "auto",
      paramLabel = "auto|always|never",
      converter = ProgressConverter.class,
      description =
          "Progress of chart transfers on stderr: auto (redrawn on a terminal, a line at start and"
              + " end otherwise), always (redrawn), never (default: ${DEFAULT-VALUE}).")
  TransferProgress.Mode progress;

  @Option(
      names = "--override-gates",
      scope = ScopeType.INHERIT,
      paramLabel = "REASON",
      description = "Go ahead despite gate violations; the reason is recorded in the audit trail.")
  String overrideReason;

  @Option(
      names = "--notify",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      scope = ScopeType.INHERIT,
      description =
          "Tell the receivers under notifications: in the configuration what each write did"
              + " (default); --no-notify tells no one. Dry runs, status and history never notify.")
  boolean notify;

  PrintStream out;
  PrintStream err;
  Map<String, String> env;
  Clock clock = Clock.systemUTC();
  Terminal terminal = Terminal.detect();
  Optional<LiveState> liveState = Optional.empty();
  dev.promotion.live.Sleeper sleeper = dev.promotion.live.Sleeper.THREAD;

  @Override
  public Integer call() {
    new CommandLine(this).usage(out);
    return ExitCode.USAGE;
  }

  /** Runs the command line and returns its exit code; never calls {@code System.exit}. */
  static int execute(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return execute(args, out, err, env, Clock.systemUTC());
  }

  static int execute(
      String[] args, PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
    return execute(args, out, err, env, clock, Terminal.detect());
  }

  static int execute(
      String[] args,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Clock clock,
      Terminal terminal) {
    return execute(
        args, out, err, env, clock, terminal, Optional.empty(), dev.promotion.live.Sleeper.THREAD);
  }

  /**
   * Runs the command line over a given live state instead of the configured one (an embedded
   * simulator, or a test's in-memory controller).
   */
  static int execute(
      String[] args,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Clock clock,
      Terminal terminal,
      Optional<LiveState> liveState,
      dev.promotion.live.Sleeper sleeper) {
    PromotionCommand root = new PromotionCommand();
    root.liveState = liveState;
    root.sleeper = sleeper;
    root.out = out;
    root.err = err;
    root.env = env;
    root.clock = clock;
    root.terminal = terminal;
    CommandLine cli = new CommandLine(root);
    cli.setAllowSubcommandsAsOptionParameters(true);
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          Errors.report(e, root.verbose, err);
          return ExitCode.of(e);
        });
    return cli.execute(args);
  }

  /** Opens the backends the configuration names, notifying no one; the caller closes them. */
  Backends open() {
    return open(Notifications.none());
  }

  /** Opens the backends with the notifications of a write; the caller closes them. */
  Backends open(Notifications notifications) {
    PromotionConfig loaded = ConfigLoader.load(config);
    Backends backends =
        new Backends(
            loaded,
            env,
            actor(),
            runId(),
            clock,
            Notifications.both(
                event -> {
                  stepProgress().on(event);
                  waitProgress.on(event);
                },
                notifications),
            transferProgress(),
            liveState,
            sleeper);
    notifications.environments(backends.environments());
    return backends;
  }

  /** The notifications configured, unless switched off with --no-notify or a dry run. */
  Notifications notifications() {
    if (!notify || dryRun) {
      return Notifications.none();
    }
    PromotionConfig loaded = ConfigLoader.load(config);
    if (loaded.notifications().isEmpty()) {
      return Notifications.none();
    }
    return new Notifications(loaded, env, actor(), Backends.runUrl(env));
  }

  /** How chart transfers are shown on stderr, from {@code --progress} and the terminal. */
  TransferProgress transferProgress() {
    return new TransferProgress(
        TransferProgress.Style.of(progress, terminal.attached()), err, terminal.nanoTicker());
  }

  Promotions operations(Backends backends) {
    return operations(backends, new WaitOptions());
  }

  Promotions operations(Backends backends, WaitOptions waiting) {
    Promotions promotions = backends.promotions();
    if (overrideReason != null) {
      promotions = promotions.overridingGates(overrideReason);
    }
    if (waiting.rollbackOnFailure && waiting.timeout == null) {
      throw new InvalidRequestException(
          "--rollback-on-failure needs --wait: it rolls back when the wait ends without the new"
              + " version running.");
    }
    if (waiting.timeout != null) {
      promotions = promotions.waitingUntilRunning(waiting.timeout);
      if (waiting.rollbackOnFailure) {
        promotions = promotions.rollingBackOnFailure();
      }
    }
    return dryRun ? promotions.plan() : promotions;
  }

  String app(Promotions promotions) {
    List<Application> apps = promotions.applications();
    if (app != null) {
      if (apps.stream().noneMatch(a -> a.name().equals(app))) {
        throw new UnknownApplicationException(app, apps.stream().map(Application::name).toList());
      }
      return app;
    }
    if (apps.size() == 1) {
      return apps.get(0).name();
    }
    throw new ConfigurationException(
        config.toString(),
        0,
        0,
        "configures " + apps.size() + " apps",
        "Name one with --app ("
            + String.join(", ", apps.stream().map(Application::name).toList())
            + ").");
  }

  int run(String command, Function<Promotions, Result<?>> operation) {
    return run(command, new WaitOptions(), operation);
  }

  int run(String command, WaitOptions waiting, Function<Promotions, Result<?>> operation) {
    Notifications notifications = notifications();
    try (Backends backends = open(notifications)) {
      Promotions promotions = operations(backends, waiting);
      String name = app(promotions);
      Result<?> result = operation.apply(promotions);
      render(o -> o.result(command, name, result, notifications.deliveries()));
      return ExitCode.of(result);
    } catch (RuntimeException e) {
      Output.warnings(notifications.deliveries(), err);
      throw e;
    }
  }

  /**
   * Renders on stdout in the chosen format and, with {@code --summary}, appends the Markdown
   * rendering to that file. The operation has happened by then: a summary that cannot be written is
   * a warning on stderr and leaves the exit code as it is.
   */
  void render(Consumer<Output> rendering) {
    rendering.accept(new Output(output, out));
    if (summary == null) {
      return;
    }
    try (OutputStream file =
            Files.newOutputStream(summary, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        PrintStream markdown = new PrintStream(file, false, StandardCharsets.UTF_8)) {
      rendering.accept(new Output(Output.Format.MARKDOWN, markdown));
      markdown.println();
      markdown.flush();
      if (markdown.checkError()) {
        throw new IOException("write failed");
      }
    } catch (IOException e) {
      err.println(
          "warning: could not append the summary to "
              + summary
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "); the outcome is unchanged");
    }
  }

  private String actor() {
    if (actor != null) {
      return actor;
    }
    return Optional.ofNullable(env.get("GITHUB_ACTOR"))
        .or(() -> Optional.ofNullable(env.get("USER")))
        .filter(s -> !s.isBlank())
        .orElse("promotion");
  }

  private Optional<String> runId() {
    return Optional.ofNullable(env.get("GITHUB_RUN_ID"))
        .map(
            id ->
                id
                    + Optional.ofNullable(env.get("GITHUB_RUN_ATTEMPT"))
                        .map(a -> "-" + a)
                        .orElse(""));
  }

  /**
   * Step progress on stderr when progress is redrawn (a terminal, or {@code --progress always});
   * nothing otherwise, and nothing with {@code --output json}.
   */
  private PromotionListener stepProgress() {
    if (TransferProgress.Style.of(progress, terminal.attached()) != TransferProgress.Style.REDRAW
        || output == Output.Format.JSON) {
      return PromotionListener.NONE;
    }
    return event -> {
      if (event instanceof PromotionEvent.StepFinished step) {
        err.println("  ... " + step.step());
      }
    };
  }

  private final WaitProgress waitProgress = new WaitProgress(this);

  /** {@code --wait[=TIMEOUT]} and {@code --rollback-on-failure}, on every write. */
  static final class WaitOptions {
    @Option(
        names = "--wait",
        arity = "0..1",
        fallbackValue = "10m",
        paramLabel = "TIMEOUT",
        converter = DurationConverter.class,
        description =
            "After the write, wait until the environment runs the new version (synced, healthy, no"
                + " operation in progress), at most TIMEOUT (default 10m; 90s, 5m, 1h). Exit 5 when"
                + " it does not. Needs the deployment controller configured (argocd:).")
    java.time.Duration timeout;

    @Option(
        names = "--rollback-on-failure",
        description =
            "With --wait: when the new version does not run (Degraded, sync failed, timeout), roll"
                + " the environment back to the version it ran before; the rollback commit says"
                + " why (Promotion-Verification-Failed).")
    boolean rollbackOnFailure;
  }

  /** Durations as people write them: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 0}. */
  static final class DurationConverter implements CommandLine.ITypeConverter<java.time.Duration> {
    private static final java.util.regex.Pattern PART =
        java.util.regex.Pattern.compile("(\\d{1,6})([smhd])");

    @Override
    public java.time.Duration convert(String value) {
      if (value.equals("0")) {
        return java.time.Duration.ZERO;
      }
      java.util.regex.Matcher m = PART.matcher(value);
      java.time.Duration total = java.time.Duration.ZERO;
      int end = 0;
      while (m.find() && m.start() == end) {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "s" -> java.time.Duration.ofSeconds(n);
                  case "m" -> java.time.Duration.ofMinutes(n);
                  case "h" -> java.time.Duration.ofHours(n);
                  default -> java.time.Duration.ofDays(n);
                });
        end = m.end();
      }
      if (end == 0 || end != value.length()) {
        throw new CommandLine.TypeConversionException(
            "write a duration like 90s, 5m, 1h30m or 0, not " + value);
      }
      return total;
    }
  }

  static final class FormatConverter implements CommandLine.ITypeConverter<Output.Format> {
    @Override
    public Output.Format convert(String value) {
      try {
        return Output.Format.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("use text, json or markdown, not " + value);
      }
    }
  }

  static final class ProgressConverter
      implements CommandLine.ITypeConverter<TransferProgress.Mode> {
    @Override
    public TransferProgress.Mode convert(String value) {
      try {
        return TransferProgress.Mode.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("use auto, always or never, not " + value);
      }
    }
  }

  @Command(
      name = "publish-dev",
      description =
          "Package the chart of a commit as {base}-rc.{sha}, push it and deploy dev; for an image"
              + " app, --version TAG declares the tag its build pushed.")
  static final class PublishDev implements Callable<Integer> {
    /** The most bytes a digest file may hold: a digest and some whitespace. */
    private static final long DIGEST_FILE_LIMIT = 1024;

    @ParentCommand PromotionCommand root;

    @Option(names = "--ref", description = "The branch, tag or commit (default: the main branch).")
    String ref;

    @Option(
        names = "--chart",
        description = "The chart directory of that commit (default: the app's chart path here).")
    Path chart;

    @Option(
        names = "--image-digest",
        paramLabel = "sha256:HEX",
        description =
            "The digest of the image this build produced: dev is pinned to it, and promote,"
                + " release and rollback carry the pin (Kustomize images layout).")
    String imageDigest;

    @Option(
        names = "--image-digest-file",
        paramLabel = "FILE",
        description =
            "Read the image digest from a file, like the build's digest.txt (surrounding"
                + " whitespace ignored).")
    Path imageDigestFile;

    @Option(
        names = "--version",
        paramLabel = "TAG",
        description =
            "For an image app: the tag its build pushed, declared in dev exactly as given (with"
                + " --image-digest, pinned to the image).")
    String version;

    @CommandLine.Mixin WaitOptions waiting;

    /** The digest given, read and checked before anything is written. */
    Optional<ImageDigest> digest() {
      if (imageDigest != null && imageDigestFile != null) {
        throw new InvalidRequestException("Give --image-digest or --image-digest-file, not both.");
      }
      if (imageDigest != null) {
        return Optional.of(ImageDigest.parse(imageDigest));
      }
      if (imageDigestFile == null) {
        return Optional.empty();
      }
      try {
        if (Files.size(imageDigestFile) > DIGEST_FILE_LIMIT) {
          throw new InvalidRequestException(
              imageDigestFile
                  + " is larger than "
                  + DIGEST_FILE_LIMIT
                  + " bytes; --image-digest-file expects a file holding one digest.");
        }
        String text =
            StandardCharsets.UTF_8
                .newDecoder()
                .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(imageDigestFile)))
                .toString();
        return Optional.of(ImageDigest.parse(text.strip()));
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new InvalidRequestException(imageDigestFile + " is not UTF-8 text holding a digest.");
      } catch (IOException e) {
        throw new InvalidRequestException(
            "Cannot read the image digest from "
                + imageDigestFile
                + " ("
                + e.getClass().getSimpleName()
                + "). Check the path.");
      }
    }

    @Override
    public Integer call() {
      return root.run(
          "publish-dev",
          waiting,
          promotions -> {
            Optional<ImageDigest> pinned = digest();
            String app = root.app(promotions);
            if (version != null) {
              if (ref != null || chart != null) {
                throw new InvalidRequestException(
                    "--version declares an image tag a build pushed; --ref and --chart are for"
                        + " packaging a chart app's chart. Give one or the other.");
              }
              return promotions.publishDev(app, promotions.parseVersion(app, version), pinned);
            }
            Application application =
                promotions.applications().stream()
                    .filter(a -> a.name().equals(app))
                    .findFirst()
                    .orElseThrow();
            if (application.versionKind() == dev.promotion.version.VersionKind.IMAGE) {
              throw dev.promotion.error.ReleaseCandidatesRequiredException.imageApp(
                  app, "publish-dev");
            }
            Path dir = chart != null ? chart : Path.of(application.chartPath());
            if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
              throw new ConfigurationException(
                  dir.toString(),
                  0,
                  0,
                  "holds no Chart.yaml",
                  "Run it in a checkout of the app repository, or pass --chart DIR.");
            }
            String at = ref != null ? ref : root.mainBranch();
            return pinned.isPresent()
                ? promotions.publishDev(app, at, dir, pinned.get())
                : promotions.publishDev(app, at, dir);
          });
    }
  }

  String mainBranch() {
    return ConfigLoader.load(config).options().mainBranch();
  }

  @Command(
      name = "promote",
      description =
          "Copy the version deployed in ENV's predecessor into ENV (zero input otherwise), or"
              + " --version V, one that ran there.")
  static final class Promote implements Callable<Integer> {
    @ParentCommand PromotionCommand root;

    @Option(names = "--to", required = true, paramLabel = "ENV", description = "The target.")
    String to;

    @CommandLine.Mixin WaitOptions waiting;

    @Option(
        names = "--version",
        paramLabel = "V",
        description =
            "A version that runs in ENV's predecessor or ran there before (an image tag for an"
                + " image app, a chart version for a chart app), exactly as declared; its digest"
                + " comes along from where it ran, or from its release's digest.txt.")
    String version;

    @Override
    public Integer call() {
      return root.run(
          "promote",
          waiting,
          promotions -> {
            String app = root.app(promotions);
            return version == null
                ? promotions.promote(app, to)
                : promotions.promote(app, to, promotions.parseVersion(app, version));
          });
    }
  }

  @Command(
      name = "release",
      description =
          "Release the candidate in the release source: release chart, tag and notes, prod, bump"
              + " main, next dev build.")
  static final class Release implements Callable<Integer> {
    @ParentCommand PromotionCommand root;

    @CommandLine.Mixin WaitOptions waiting;

    @Override
    public Integer call() {
      return root.run("release", waiting, promotions -> promotions.release(root.app(promotions)));
    }
  }

  @Command(
      name = "hotfix",
      description = "Start hotfix-X-Y-(Z+1) from a release tag, its chart at that version.")
  static final class Hotfix implements Callable<Integer> {
    @ParentCommand PromotionCommand root;

    @Option(names = "--tag", required = true, paramLabel = "vX.Y.Z", description = "The release.")
    String tag;

    @Override
    public Integer call() {
      return root.run("hotfix", promotions -> promotions.startHotfix(root.app(promotions), tag));
    }
  }

  @Command(name = "bump", description = "Raise the next release of main: patch, minor or major.")
  static final class BumpCommand implements Callable<Integer> {
    @ParentCommand PromotionCommand root;

    @Parameters(paramLabel = "LEVEL", description = "patch, minor or major")
    String level;

    @Override
    public Integer call() {
      Bump bump = Bump.parse(level);
      return root.run("bump", promotions -> promotions.bumpVersion(root.app(promotions), bump));
    }
  }

  @Command(
      name = "rollback",
      description = "Put back a version that ran in ENV: the one given, or the one before.")
  static final class Rollback implements Callable<Integer> {
    @ParentCommand PromotionCommand root;

    @Option(names = "--env", required = true, paramLabel = "ENV")
    String environment;

    @Option(
        names = "--to",
        paramLabel = "VERSION",
        description = "A version that ran in ENV, exactly as declared (default: the one before).")
    String version;

    @CommandLine.Mixin WaitOptions waiting;

    @Override
    public Integer call() {
      return root.run(
          "rollback",
          waiting,
          promotions -> {
            String app = root.app(promotions);
            Optional<Version> target =
                Optional.ofNullable(version).map(v -> promotions.parseVersion(app, v));
            return promotions.rollback(app, environment, target);
          });
    }
  }

  @Command(name = "status", description = "The environment x app table: version, age, who.")
  static final class Status implements Callable<Integer> {
    @ParentCommand PromotionCommand root;

    @Option(
        names = "--live",
        description =
            "Add what runs: SYNC, HEALTH and since when, as the deployment controller reports it;"
                + " '!' marks an environment whose live revision differs from what git declares.")
    boolean live;

    @Override
    public Integer call() {
      try (Backends backends = root.open()) {
        Promotions promotions = backends.promotions();
        StatusReport report = live ? promotions.liveStatus() : promotions.status();
        root.render(o -> o.status(report));
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "verify",
      description =
          "Whether ENV runs what it declares (synced, healthy, no operation in progress), now or"
              + " waiting up to --timeout. Exit 0 when it runs, 5 when not.")
  static final class Verify implements Callable<Integer> {
    @ParentCommand PromotionCommand root;

    @Option(names = "--env", required = true, paramLabel = "ENV")
    String environment;

    @Option(
        names = "--timeout",
        defaultValue = "0",
        paramLabel = "TIMEOUT",
        converter = DurationConverter.class,
        description =
            "Wait up to this long for each app (90s, 5m, 1h; default 0: observe once). Stops early"
                + " when the version is Degraded or its sync failed.")
    java.time.Duration timeout;

    @Override
    public Integer call() {
      try (Backends backends = root.open()) {
        Promotions promotions = backends.promotions();
        List<String> apps = appsDeclaredIn(promotions, backends);
        List<dev.promotion.result.Verification> verifications = new java.util.ArrayList<>();
        for (String name : apps) {
          verifications.add(promotions.verify(name, environment, timeout));
        }
        root.render(o -> o.verifications(environment, verifications));
        return verifications.stream().allMatch(dev.promotion.result.Verification::running)
            ? ExitCode.OK
            : ExitCode.NOT_RUNNING;
      }
    }

    /** The app named with --app, the only app, or every configured app ENV declares. */
    private List<String> appsDeclaredIn(Promotions promotions, Backends backends) {
      if (root.app != null || promotions.applications().size() == 1) {
        return List.of(root.app(promotions));
      }
      promotions.pipeline().environment(environment);
      List<String> declared =
          backends.environments().list(environment).stream()
              .map(dev.promotion.spi.Deployment::app)
              .filter(a -> promotions.applications().stream().anyMatch(c -> c.name().equals(a)))
              .toList();
      if (declared.isEmpty()) {
        throw new InvalidRequestException(
            environment + " declares none of the configured apps: there is nothing to verify.");
      }
      return declared;
    }
  }

  @Command(name = "history", description = "The changes of the app's version in ENV, newest first.")
  static final class History implements Callable<Integer> {
    @ParentCommand PromotionCommand root;

    @Option(names = "--env", required = true, paramLabel = "ENV")
    String environment;

    @Option(names = "--limit", defaultValue = "20", description = "At most this many (default 20).")
    int limit;

    @Override
    public Integer call() {
      try (Backends backends = root.open()) {
        Promotions promotions = backends.promotions();
        List<HistoryEntry> entries = promotions.history(root.app(promotions), environment, limit);
        root.render(o -> o.history(entries));
        return ExitCode.OK;
      }
    }
  }
}
