package dev.promotion.cli;

import dev.promotion.git.GitSourceControl;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.Release;
import dev.promotion.spi.Tag;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code promotion walkthrough}: builds a workspace (GitOps repository in the Argo CD layout, app
 * repository with a chart, OCI-layout registry, {@code promotion.yaml}) and runs the seed lifecycle
 * step by step with the real commands, printing after each step the environment table and the
 * commits it made, and at the end the releases. It checks the end state and exits 1 if it differs.
 */
@Command(
    name = "walkthrough",
    description =
        "Build a local workspace and run the whole lifecycle (publish, promote, release, bump,"
            + " hotfix) with the real commands.")
final class WalkthroughCommand implements Callable<Integer> {
  @ParentCommand PromotionCommand root;

  @Option(
      names = "--dir",
      description = "Where to build the workspace (default: a new temporary directory).")
  Path dir;

  @Option(
      names = "--notify-url",
      paramLabel = "URL",
      description =
          "Also tell a webhook (like a local test receiver) each promotion: the workspace's"
              + " promotion.yaml reads the URL from $"
              + Workspace.WEBHOOK_URL_VARIABLE
              + ", which the walkthrough sets for its commands.")
  String notifyUrl;

  @Option(
      names = "--layout",
      defaultValue = "argocd",
      paramLabel = "argocd|kustomize",
      converter = WalkthroughLayout.Converter.class,
      description =
          "argocd (default): the chart lifecycle over Argo CD Applications; kustomize: seed 003's"
              + " image tags v1.2.2 and v1.2.3 through Kustomize overlays dev, staging, prod.")
  WalkthroughLayout layout;

  private Workspace workspace;
  private WalkthroughArgoCd argocd;
  private PrintStream out;
  private Set<String> seenGitOps;
  private Set<String> seenApp;
  private WalkthroughSteps steps;

  @Override
  public Integer call() throws IOException {
    if (layout == WalkthroughLayout.KUSTOMIZE) {
      return new KustomizeWalkthrough(root, dir, notifyUrl).call();
    }
    out = root.out;
    steps = new WalkthroughSteps(out);
    return steps.run(this::walk);
  }

  private int walk() throws IOException {
    Path where = WalkthroughSteps.workspace(dir, "promotion-walkthrough-");
    workspace = new Workspace(where);
    workspace.create(notifyUrl != null);
    try (WalkthroughArgoCd started = WalkthroughArgoCd.start(workspace, root.clock)) {
      argocd = started;
      try {
        return lifecycle(where);
      } finally {
        started.retire(workspace);
      }
    }
  }

  private int lifecycle(Path where) throws IOException {
    seenGitOps = Workspace.allCommits(workspace.gitops());
    seenApp = Workspace.allCommits(workspace.app());
    out.println("promotion walkthrough: workspace " + where);
    out.println("  promotion.yaml   the configuration every command below reads");
    out.println(
        "  gitops.git       GitOps repository, Argo CD layout registry/environments/{env}/{cluster}/{app}.yaml");
    out.println("  app.git          app repository: charts/api (0.1.0) and the six workflows");
    out.println("  registry/        OCI image layout holding the charts");
    out.println("Pipeline: dev, test, stage on cluster preprod; prod on cluster production.");
    argocd
        .urls()
        .forEach(
            (cluster, url) ->
                out.println(
                    "Argo CD simulator of cluster "
                        + cluster
                        + ": "
                        + url
                        + " (embedded, follows gitops.git; promotion.yaml argocd:, token in $"
                        + WalkthroughArgoCd.TOKEN_VARIABLE
                        + ")"));
    out.println(
        "Every write waits (--wait) until Argo CD runs the new version: step 'verify ENV'.");
    if (notifyUrl != null) {
      out.println(
          "Notifications: each write is POSTed to a webhook (promotion.yaml notifications:).");
    }

    String first = commit("main");
    run("First deploy to dev (publish-dev, on push to main)", publish("main", "--wait"));
    expect("dev", candidate("0.1.0", first));
    run("Promote to test", "promote", "--to", "test", "--wait");
    expect("test", candidate("0.1.0", first));
    run("Promote to stage", "promote", "--to", "stage", "--wait");
    run("Release to production", "release", "--wait");
    expect("prod", "0.1.0");
    steps.check("release v0.1.0 is at the candidate's commit", tagCommit("v0.1.0").equals(first));
    steps.check("main's Chart.yaml says 0.1.1", chartVersion("main").equals("0.1.1"));
    run("Release again: everything is already done", "release", "--wait");
    String bumped = commit("main");
    String degraded = candidate("0.1.1", bumped);
    argocd.degrade("dev", degraded);
    out.println();
    out.println(
        "(scripted failure: the Argo CD simulator will report " + degraded + " Degraded in dev)");
    run(
        ExitCode.NOT_RUNNING,
        "Next dev build (git cannot dispatch it: run publish-dev); Argo CD reports it Degraded,"
            + " so it is rolled back",
        publish("main", "--wait", "--rollback-on-failure"));
    expect("dev", candidate("0.1.0", first));
    steps.check(
        "dev's rollback commit says why: Promotion-Verification-Failed",
        gitopsTipMessage().contains("Promotion-Verification-Failed: "));
    run("Manual version bump: minor", "bump", "minor");
    steps.check("main's Chart.yaml says 0.2.0", chartVersion("main").equals("0.2.0"));
    String mainHead = commit("main");
    run("Hotfix from v0.1.0", "hotfix", "--tag", "v0.1.0");
    steps.check(
        "hotfix-0-1-1's Chart.yaml says 0.1.1", chartVersion("hotfix-0-1-1").equals("0.1.1"));
    String fix = pushFix();
    run("Publish the fix from hotfix-0-1-1", publish("hotfix-0-1-1", "--wait"));
    run("Promote the hotfix to test", "promote", "--to", "test", "--wait");
    run("Promote the hotfix to stage", "promote", "--to", "stage", "--wait");
    run("Release the hotfix", "release", "--wait");
    expect("prod", "0.1.1");
    steps.check("release v0.1.1 is at the fix", tagCommit("v0.1.1").equals(fix));
    steps.check(
        "main was not touched by the hotfix: 0.2.0 at the same commit",
        chartVersion("main").equals("0.2.0") && commit("main").equals(mainHead));

    out.println();
    out.println("== Releases (annotated tags of app.git)");
    try (GitSourceControl scm = scm()) {
      List<Release> releases = new ArrayList<>();
      for (Tag tag : scm.listTags()) {
        scm.findRelease(tag.name()).ifPresent(releases::add);
      }
      new Output(Output.Format.TEXT, out).releases(releases);
    }
    out.println();
    if (steps.failed()) {
      return ExitCode.FAILURE;
    }
    out.println("== What Argo CD runs (status --live)");
    int live = invoke("status", "--live");
    if (live != ExitCode.OK) {
      throw new WalkthroughSteps.StepFailed("promotion status --live exited " + live);
    }
    out.println();
    steps.complete();
    String promotion = launcher();
    out.println("Try the commands yourself:");
    out.println("  cd " + where);
    out.println("  " + promotion + " status");
    out.println("  " + promotion + " history --env prod");
    out.println("  " + promotion + " rollback --env prod --dry-run");
    out.println("  " + promotion + " status --live");
    out.println("  " + promotion + " verify --env dev");
    out.println(
        "The Argo CD simulators stop with the walkthrough, so promotion.yaml's argocd: section is"
            + " now commented out and the last two say there is no Argo CD: uncomment it with your"
            + " Argo CD's urls and token to use them.");
    return ExitCode.OK;
  }

  /** How to run the command line: this jar when running from one, otherwise the built jar. */
  static String launcher() {
    try {
      Path location =
          Path.of(
              WalkthroughCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (location.toString().endsWith(".jar")) {
        return "java -jar " + location;
      }
      Path built = location.getParent().resolve("promotion.jar");
      return "java -jar "
          + built
          + (Files.exists(built) ? "" : " (mvn -pl promotion-cli -am package)");
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return "promotion";
    }
  }

  private String[] publish(String ref, String... options) throws IOException {
    Path chart = workspace.checkOutChart(ref, "charts/api");
    List<String> command =
        new ArrayList<>(List.of("publish-dev", "--ref", ref, "--chart", chart.toString()));
    command.addAll(List.of(options));
    return command.toArray(String[]::new);
  }

  private void run(String title, String... command) throws IOException {
    run(ExitCode.OK, title, command);
  }

  private void run(int expected, String title, String... command) throws IOException {
    steps.title(title);
    out.println("$ promotion " + String.join(" ", display(command)));
    int code = invoke(command);
    if (code != expected) {
      throw new WalkthroughSteps.StepFailed(
          title + ": promotion " + command[0] + " exited " + code + ", expected " + expected);
    }
    out.println("environments:");
    invoke("status");
    for (String line : Workspace.newCommits(workspace.gitops(), seenGitOps)) {
      out.println("  gitops commit: " + line);
    }
    for (String line : Workspace.newCommits(workspace.app(), seenApp)) {
      out.println("  app commit:    " + line);
    }
  }

  private List<String> display(String[] command) {
    List<String> shown = new ArrayList<>();
    for (String arg : command) {
      shown.add(
          arg.startsWith(workspace.dir().toString())
              ? workspace.dir().relativize(Path.of(arg)).toString()
              : arg);
    }
    return shown;
  }

  private int invoke(String... command) {
    Map<String, String> env = environment(root, notifyUrl);
    env.putAll(argocd.environment());
    return PromotionCommand.execute(
        arguments(root, workspace.config(), command),
        out,
        root.err,
        env,
        argocd.clock(),
        root.terminal,
        Optional.empty(),
        argocd.sleeper());
  }

  /**
   * The arguments a walkthrough step runs the command line with: its workspace, actor, progress.
   */
  static String[] arguments(PromotionCommand root, java.nio.file.Path config, String... command) {
    List<String> args = new ArrayList<>();
    args.add("--config=" + config);
    args.add("--actor=walkthrough");
    args.add("--progress=" + root.progress.name().toLowerCase(java.util.Locale.ROOT));
    args.addAll(List.of(command));
    return args.toArray(String[]::new);
  }

  /**
   * The environment of a walkthrough step: the caller's, and the webhook's URL when one is given.
   */
  static Map<String, String> environment(PromotionCommand root, String notifyUrl) {
    Map<String, String> env = new HashMap<>(Optional.ofNullable(root.env).orElse(System.getenv()));
    if (notifyUrl != null) {
      env.put(Workspace.WEBHOOK_URL_VARIABLE, notifyUrl);
    }
    return env;
  }

  private String gitopsTipMessage() {
    try (var repository = Workspace.open(workspace.gitops());
        var walk = new org.eclipse.jgit.revwalk.RevWalk(repository)) {
      return walk.parseCommit(repository.resolve("refs/heads/main")).getFullMessage();
    } catch (IOException e) {
      throw new WalkthroughSteps.StepFailed("cannot read gitops.git: " + e.getMessage());
    }
  }

  private String pushFix() {
    try (GitSourceControl scm = scm()) {
      String fix =
          scm.commitFile(
                  new FileCommit(
                      "hotfix-0-1-1",
                      "src/fix.txt",
                      Optional.empty(),
                      "handle empty input\n",
                      "Fix the crash on empty input\n",
                      "developer"))
              .commit();
      out.println();
      out.println(
          "(a developer pushes 'Fix the crash on empty input' to hotfix-0-1-1: "
              + fix.substring(0, 7)
              + ")");
      return fix;
    }
  }

  private GitSourceControl scm() {
    return GitSourceControl.builder().directory(workspace.app()).build();
  }

  private String commit(String ref) {
    try (GitSourceControl scm = scm()) {
      return scm.resolveCommit(ref);
    }
  }

  private String tagCommit(String tag) {
    try (GitSourceControl scm = scm()) {
      return scm.findTag(tag).map(Tag::commit).orElse("none");
    }
  }

  private String chartVersion(String ref) {
    try (GitSourceControl scm = scm()) {
      return scm.readFile(ref, "charts/api/Chart.yaml")
          .flatMap(
              text ->
                  text.lines()
                      .filter(l -> l.startsWith("version:"))
                      .map(l -> l.substring("version:".length()).strip())
                      .findFirst())
          .orElse("none");
    }
  }

  private void expect(String environment, String version) {
    try (Backends backends = open()) {
      String actual =
          backends
              .promotions()
              .status()
              .version("api", environment)
              .map(Object::toString)
              .orElse("none");
      steps.check(environment + " runs " + version, actual.equals(version));
    }
  }

  private Backends open() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(argocd.environment());
    return new Backends(
        dev.promotion.cli.config.ConfigLoader.load(workspace.config()),
        env,
        "walkthrough",
        Optional.empty(),
        argocd.clock(),
        dev.promotion.spi.PromotionListener.NONE,
        TransferProgress.silent());
  }

  /** The release candidate of {@code base} built from {@code commit}, as publish-dev names it. */
  private static String candidate(String base, String commit) {
    return ChartVersion.parse(base).rc(commit).toString();
  }
}
