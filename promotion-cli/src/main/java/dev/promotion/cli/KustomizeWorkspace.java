package dev.promotion.cli;

import dev.promotion.git.GitSourceControl;
import dev.promotion.spi.FileCommit;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/**
 * The workspace of {@code promotion walkthrough --layout kustomize} (seed 003's directory-based
 * promotion): a GitOps repository with a Kustomize base and one overlay per environment whose
 * {@code images[name=my-service].newTag} declares the image tag, an app repository the image is
 * built from, and the {@code promotion.yaml} naming them with one {@code kind: image} app.
 */
final class KustomizeWorkspace {
  static final String APP = "my-service";
  static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

  /** The tag every overlay declares before the walkthrough starts (seed 003's prod). */
  static final String FIRST_TAG = "v1.2.1";

  static final String CONFIG =
      """
      # yaml-language-server: $schema=https://raw.githubusercontent.com/promotion-dev/promotion/main/promotion-cli/src/main/resources/dev/promotion/cli/config/promotion.schema.json
      # promotion.yaml of the Kustomize walkthrough (seed 003). Paths are relative to this file.
      pipeline:
        environments:
          - name: dev
          - name: staging
          - name: prod
        release: prod
      apps:
        - name: my-service
          kind: image                # declarations are image tags: images[name=my-service].newTag
      gitops:
        path: gitops.git
        branch: main
        layout: kustomize-images     # overlays/{env}/kustomization.yaml
        write: commit
      registry:                      # holds charts; an image app never reads it
        type: oci-layout
        path: registry
      scm:
        type: git
        path: app.git
      gates:
        mutableTags:                 # latest, main, stable, ... only pinned by digest in prod
          environments: [prod]
      options:
        mainBranch: main
        workDirectory: work
      """;

  private final Path dir;

  KustomizeWorkspace(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  Path config() {
    return dir.resolve("promotion.yaml");
  }

  Path gitops() {
    return dir.resolve("gitops.git");
  }

  Path app() {
    return dir.resolve("app.git");
  }

  static String overlayPath(String environment) {
    return "overlays/" + environment + "/kustomization.yaml";
  }

  /**
   * Creates the repositories and the configuration, with a webhook told each promotion when {@code
   * webhook} is set; refuses a directory that already holds a workspace.
   */
  void create(boolean webhook) throws IOException {
    if (Files.exists(config())) {
      throw new IOException(
          dir + " already holds a workspace; pass another --dir or remove it first");
    }
    Files.createDirectories(dir.resolve("registry"));
    Files.createDirectories(dir.resolve("work"));
    Map<String, String> gitopsFiles = new LinkedHashMap<>();
    gitopsFiles.put(
        "README.md",
        "# gitops\n\nKustomize base and overlays: overlays/{env}/kustomization.yaml"
            + " declares the image tag.\n");
    gitopsFiles.put("base/kustomization.yaml", BASE_KUSTOMIZATION);
    gitopsFiles.put("base/deployment.yaml", BASE_DEPLOYMENT);
    gitopsFiles.put("base/service.yaml", BASE_SERVICE);
    for (String environment : ENVIRONMENTS) {
      gitopsFiles.put(overlayPath(environment), overlay(FIRST_TAG));
    }
    Workspace.commitInitial(gitops(), gitopsFiles, "Create the GitOps repository");
    Map<String, String> appFiles = new LinkedHashMap<>();
    appFiles.put("README.md", "# my-service\n");
    appFiles.put("Dockerfile", "FROM scratch\nCOPY app.txt /\n");
    appFiles.put("src/app.txt", "hello\n");
    Workspace.commitInitial(app(), appFiles, "Scaffold my-service");
    Files.writeString(
        config(), webhook ? CONFIG + Workspace.WEBHOOK : CONFIG, StandardCharsets.UTF_8);
  }

  /** An overlay as seed 003 writes it: the base and the image tag of this environment. */
  static String overlay(String tag) {
    return "apiVersion: kustomize.config.k8s.io/v1beta1\n"
        + "kind: Kustomization\n"
        + "resources:\n"
        + "  - ../../base\n"
        + "images:\n"
        + "  - name: "
        + APP
        + "\n"
        + "    newTag: "
        + tag
        + "\n";
  }

  /**
   * What an image build's CI job does after pushing {@code my-service:TAG}: sets {@code newTag} in
   * dev's overlay and commits to the GitOps repository itself (rather than running {@code promotion
   * publish-dev --version TAG}). Returns the commit, or the current head when dev already declares
   * the tag.
   */
  String ciDeclaresInDev(String tag) {
    String path = overlayPath(ENVIRONMENTS.get(0));
    try (GitSourceControl gitops = GitSourceControl.builder().directory(gitops()).build()) {
      Optional<String> current = gitops.readFile("main", path);
      String next = withTag(current.orElse(overlay(tag)), tag);
      if (current.isPresent() && current.get().equals(next)) {
        return gitops.resolveCommit("main");
      }
      return gitops
          .commitFile(
              new FileCommit(
                  "main", path, current, next, "ci: build " + APP + ":" + tag + "\n", "ci"))
          .commit();
    }
  }

  /** The overlay with its image's {@code newTag} set to {@code tag}, every other byte kept. */
  private static String withTag(String overlay, String tag) {
    return YamlText.parse(overlayPath(ENVIRONMENTS.get(0)), overlay)
        .withScalar(YamlPath.parse("images[name=" + APP + "].newTag"), tag)
        .text();
  }

  /** The head of the GitOps repository's main branch. */
  String gitOpsHead() throws IOException {
    try (Repository repository = Workspace.open(gitops())) {
      return repository.resolve("refs/heads/main").name();
    }
  }

  /** Writes the GitOps repository's main branch to {@code checkouts/gitops-<commit>}. */
  Path checkOutGitOps() throws IOException {
    return Workspace.checkOut(gitops(), "refs/heads/main", "", dir.resolve("checkouts"), "gitops-");
  }

  private static final String BASE_KUSTOMIZATION =
      """
      apiVersion: kustomize.config.k8s.io/v1beta1
      kind: Kustomization
      resources:
        - deployment.yaml
        - service.yaml
      """;

  private static final String BASE_DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: my-service
      spec:
        replicas: 1
        selector:
          matchLabels:
            app: my-service
        template:
          metadata:
            labels:
              app: my-service
          spec:
            containers:
              - name: my-service
                image: my-service
                ports:
                  - containerPort: 8080
      """;

  private static final String BASE_SERVICE =
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: my-service
      spec:
        selector:
          app: my-service
        ports:
          - port: 80
            targetPort: 8080
      """;
}
