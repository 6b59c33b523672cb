package dev.promotion.cli;

import dev.promotion.cli.config.ConfigLoader;
import dev.promotion.spi.PromotionListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code promotion walkthrough --layout kustomize}: seed 003's directory-based promotion. Builds a
 * {@link KustomizeWorkspace} and runs the flow with the real commands: CI declares {@code v1.2.2}
 * in dev, promote to staging and prod; a {@code latest} build reaches staging and is refused for
 * prod; {@code v1.2.3} cannot skip staging, then goes through staging to prod; prod rolls back to
 * {@code v1.2.2} and the rollback hold keeps {@code v1.2.3} out. After each step it prints the
 * environment table and the commits; at the end it checks the state, renders the overlays with
 * {@code kubectl kustomize} when kubectl is installed, and returns 1 if anything differs.
 */
final class KustomizeWalkthrough {
  private static final String APP = KustomizeWorkspace.APP;

  private final PromotionCommand root;
  private final Path dir;
  private final String notifyUrl;
  private WalkthroughSteps steps;
  private PrintStream out;
  private KustomizeWorkspace workspace;
  private Set<String> seenGitOps;

  /** The output of one command, also printed. */
  private record Ran(int exitCode, String text) {}

  KustomizeWalkthrough(PromotionCommand root, Path dir, String notifyUrl) {
    this.root = root;
    this.dir = dir;
    this.notifyUrl = notifyUrl;
  }

  int call() throws IOException {
    out = root.out;
    steps = new WalkthroughSteps(out);
    return steps.run(this::walk);
  }

  private int walk() throws IOException {
    Path where = WalkthroughSteps.workspace(dir, "promotion-walkthrough-kustomize-");
    workspace = new KustomizeWorkspace(where);
    workspace.create(notifyUrl != null);
    seenGitOps = Workspace.allCommits(workspace.gitops());
    out.println("promotion walkthrough --layout kustomize: workspace " + where);
    out.println("  promotion.yaml   the configuration every command below reads");
    out.println(
        "  gitops.git       GitOps repository: base/ and overlays/{dev,staging,prod}/kustomization.yaml,");
    out.println(
        "                   images: [{name: "
            + APP
            + ", newTag: ...}] (seed 003), each at "
            + KustomizeWorkspace.FIRST_TAG);
    out.println("  app.git          the repository my-service's image is built from");
    out.println(
        "App "
            + APP
            + " (kind: image) promotes image tags; pipeline dev, staging, prod;"
            + " the mutable-tag gate guards prod.");
    out.println(
        "The image build's CI job declares each new tag in dev: for v1.2.2 and latest with its own"
            + " commit to dev's overlay (made here as CI would), for v1.2.3 with"
            + " `promotion publish-dev --version v1.2.3` (audit trail, compare-and-swap, gates).");
    if (notifyUrl != null) {
      out.println(
          "Notifications: each write is POSTed to a webhook (promotion.yaml notifications:).");
    }

    ciBuild("v1.2.2");
    expect("dev", "v1.2.2");
    run("Promote v1.2.2 to staging", "promote", "--to", "staging");
    run("Promote v1.2.2 to prod", "promote", "--to", "prod");
    expect("prod", "v1.2.2");
    ciBuild("latest");
    run("Promote latest to staging (staging takes mutable tags)", "promote", "--to", "staging");
    refused(
        "Promote latest to prod: refused, latest is a mutable tag",
        "mutable-tag",
        "promote",
        "--to",
        "prod");
    run(
        "CI builds " + APP + ":v1.2.3 and declares it in dev with promotion",
        "publish-dev",
        "--version",
        "v1.2.3");
    refused(
        "Promote v1.2.3 straight to prod: refused, it never ran in staging",
        "no-skipping",
        "promote",
        "--to",
        "prod",
        "--version",
        "v1.2.3");
    run("Promote v1.2.3 to staging", "promote", "--to", "staging");
    run("Promote v1.2.3 to prod", "promote", "--to", "prod");
    expect("prod", "v1.2.3");
    run("Roll prod back to v1.2.2", "rollback", "--env", "prod", "--to", "v1.2.2");
    refused(
        "Promote to prod again: refused, prod rolled back from v1.2.3",
        "rollback-hold",
        "promote",
        "--to",
        "prod");

    out.println();
    out.println("== Final state");
    expect("dev", "v1.2.3");
    expect("staging", "v1.2.3");
    expect("prod", "v1.2.2");
    render(Map.of("dev", "v1.2.3", "staging", "v1.2.3", "prod", "v1.2.2"));
    out.println();
    if (steps.failed()) {
      return ExitCode.FAILURE;
    }
    steps.complete();
    String promotion = WalkthroughCommand.launcher();
    out.println("Try the commands yourself:");
    out.println("  cd " + where);
    out.println("  " + promotion + " status");
    out.println("  " + promotion + " history --env prod");
    out.println("  " + promotion + " promote --to prod --dry-run");
    return ExitCode.OK;
  }

  /** The image build's CI job: pushes {@code my-service:TAG} and declares it in dev. */
  private void ciBuild(String tag) throws IOException {
    steps.title(
        "CI builds " + APP + ":" + tag + " and declares it in dev (a build pipeline's commit)");
    out.println(
        "(no promotion command: the CI job sets newTag: "
            + tag
            + " in "
            + KustomizeWorkspace.overlayPath("dev")
            + " and pushes)");
    workspace.ciDeclaresInDev(tag);
    afterStep();
  }

  private void run(String title, String... command) throws IOException {
    steps.title(title);
    Ran ran = invoke(command);
    if (ran.exitCode() != ExitCode.OK) {
      throw new WalkthroughSteps.StepFailed(
          title + ": promotion " + command[0] + " exited " + ran.exitCode());
    }
    afterStep();
  }

  /** A step the gates must refuse: exit 3 naming {@code gate}, and nothing written. */
  private void refused(String title, String gate, String... command) throws IOException {
    steps.title(title);
    String before = workspace.gitOpsHead();
    Ran ran = invoke(command);
    steps.check(
        "refused by " + gate + " with exit " + ExitCode.BLOCKED,
        ran.exitCode() == ExitCode.BLOCKED && ran.text().contains(gate));
    steps.check("nothing written", workspace.gitOpsHead().equals(before));
    afterStep();
  }

  private void afterStep() throws IOException {
    out.println("environments:");
    invoke("status");
    for (String line : Workspace.newCommits(workspace.gitops(), seenGitOps)) {
      out.println("  gitops commit: " + line);
    }
  }

  private Ran invoke(String... command) {
    out.println("$ promotion " + String.join(" ", command));
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
      code =
          PromotionCommand.execute(
              WalkthroughCommand.arguments(root, workspace.config(), command),
              o,
              e,
              WalkthroughCommand.environment(root, notifyUrl),
              root.clock,
              root.terminal);
    }
    String printed = stdout.toString(StandardCharsets.UTF_8);
    String errors = stderr.toString(StandardCharsets.UTF_8);
    out.print(printed);
    root.err.print(errors);
    return new Ran(code, printed + errors);
  }

  private void expect(String environment, String tag) {
    try (Backends backends =
        new Backends(
            ConfigLoader.load(workspace.config()),
            System.getenv(),
            "walkthrough",
            Optional.empty(),
            root.clock,
            PromotionListener.NONE,
            TransferProgress.silent())) {
      String actual =
          backends
              .promotions()
              .status()
              .version(APP, environment)
              .map(Object::toString)
              .orElse("none");
      steps.check(environment + " declares " + tag, actual.equals(tag));
    }
  }

  /**
   * Renders each overlay of the GitOps repository's main branch with {@code kubectl kustomize}
   * (kustomize v5, what Argo CD and Flux run) and checks the image it sets.
   */
  private void render(Map<String, String> tags) throws IOException {
    Path checkout = workspace.checkOutGitOps();
    for (String environment : KustomizeWorkspace.ENVIRONMENTS) {
      Path overlay = checkout.resolve("overlays").resolve(environment);
      Optional<String> rendered = kustomize(overlay);
      if (rendered.isEmpty()) {
        out.println(
            "kubectl is not installed: the overlays were not rendered (install kubectl to check"
                + " them with kustomize)");
        return;
      }
      List<String> images =
          rendered
              .get()
              .lines()
              .map(line -> line.strip().replaceFirst("^- ", ""))
              .filter(line -> line.startsWith("image: "))
              .toList();
      out.println("$ kubectl kustomize overlays/" + environment);
      images.forEach(line -> out.println("  " + line));
      String image = "image: " + APP + ":" + tags.get(environment);
      steps.check(
          "kubectl kustomize overlays/" + environment + " renders " + image,
          images.equals(List.of(image)));
    }
  }

  /** The output of {@code kubectl kustomize DIR}; empty when kubectl is not installed. */
  private Optional<String> kustomize(Path overlay) throws IOException {
    Process process;
    try {
      process =
          new ProcessBuilder("kubectl", "kustomize", overlay.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException notInstalled) {
      return Optional.empty();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new WalkthroughSteps.StepFailed(
            "kubectl kustomize " + overlay + " did not end within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WalkthroughSteps.StepFailed("interrupted while kubectl kustomize ran");
    }
    if (process.exitValue() != 0) {
      throw new WalkthroughSteps.StepFailed(
          "kubectl kustomize "
              + overlay
              + " exited "
              + process.exitValue()
              + ": "
              + output.strip());
    }
    return Optional.of(output);
  }
}
