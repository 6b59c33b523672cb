package dev.promotion.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The walkthrough's workspace: a GitOps repository in the Argo CD layout, an app repository with a
 * chart and the six workflows, an OCI-layout registry and the {@code promotion.yaml} naming them.
 */
final class Workspace {
  static final List<String> WORKFLOWS =
      List.of(
          "publish-dev.yaml",
          "promote-test.yaml",
          "promote-staging.yaml",
          "release-prod.yaml",
          "hotfix.yaml",
          "bump-version.yaml");

  static final String CONFIG =
      """
      # yaml-language-server: $schema=https://raw.githubusercontent.com/promotion-dev/promotion/main/promotion-cli/src/main/resources/dev/promotion/cli/config/promotion.schema.json
      # promotion.yaml of the walkthrough workspace. Paths are relative to this file.
      pipeline:
        environments:
          - name: dev
            clusters: [preprod]
          - name: test
            clusters: [preprod]
          - name: stage
            clusters: [preprod]
          - name: prod
            clusters: [production]
        release: prod
      apps:
        - name: api
          chartPath: charts/api
          image: registry.example.com/api
          # chartRepository: oci://registry.example.com/api-charts   # this app's, over gitops'
      gitops:
        path: gitops.git
        branch: main
        layout: argocd
        chartRepository: oci://registry.example.com/charts
        write: commit
      registry:
        type: oci-layout
        path: registry
      scm:
        type: git
        path: app.git
      options:
        mainBranch: main
        workDirectory: work
      """;

  private final Path dir;

  Workspace(Path dir) {
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

  /** The variable the walkthrough's webhook URL is read from (a URL is a secret). */
  static final String WEBHOOK_URL_VARIABLE = "PROMOTION_WALKTHROUGH_WEBHOOK_URL";

  /** The notifications block naming a webhook whose URL is in {@link #WEBHOOK_URL_VARIABLE}. */
  static final String WEBHOOK =
      """
      notifications:
        - type: webhook
          name: walkthrough
          url: {env: %s}
          timeout: 5s
      """
          .formatted(WEBHOOK_URL_VARIABLE);

  /** Creates the repositories, the registry directory and the configuration. */
  void create() throws IOException {
    create(false);
  }

  /**
   * Creates the repositories, the registry directory and the configuration, with a webhook told
   * each promotion when {@code webhook} is set.
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
        "# gitops\n\nArgo CD Applications: registry/environments/{env}/{cluster}/{app}.yaml\n");
    for (String[] envCluster :
        new String[][] {
          {"dev", "preprod"}, {"test", "preprod"}, {"stage", "preprod"}, {"prod", "production"}
        }) {
      gitopsFiles.put(
          "registry/environments/" + envCluster[0] + "/" + envCluster[1] + "/README.md",
          "Applications of " + envCluster[0] + " on cluster " + envCluster[1] + ".\n");
    }
    commitInitial(gitops(), gitopsFiles, "Create the GitOps repository");
    Map<String, String> appFiles = new LinkedHashMap<>();
    appFiles.put("README.md", "# api\n");
    appFiles.put("Dockerfile", "FROM scratch\nCOPY app.txt /\n");
    appFiles.put("src/app.txt", "hello\n");
    appFiles.put("charts/api/Chart.yaml", chartYaml("0.1.0"));
    appFiles.put(
        "charts/api/values.yaml", "image:\n  repository: registry.example.com/api\n  tag: \"\"\n");
    appFiles.put("charts/api/templates/deployment.yaml", DEPLOYMENT);
    for (String workflow : WORKFLOWS) {
      appFiles.put(".github/workflows/" + workflow, workflow(workflow));
    }
    commitInitial(app(), appFiles, "Scaffold api with the promotion pipeline template");
    Files.writeString(config(), webhook ? CONFIG + WEBHOOK : CONFIG, StandardCharsets.UTF_8);
  }

  /** An example workflow of examples/github-actions, which the build packs into the jar. */
  static String workflow(String name) throws IOException {
    try (var in = Workspace.class.getResourceAsStream("/examples/github-actions/" + name)) {
      if (in == null) {
        throw new IOException("examples/github-actions/" + name + " is not in the jar: rebuild it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String chartYaml(String version) {
    return "apiVersion: v2\nname: api\ndescription: The api service\ntype: application\nversion: "
        + version
        + "\nappVersion: \"0.1.0\"\n";
  }

  /** Writes the chart directory of {@code ref} in the app repository to a fresh directory. */
  Path checkOutChart(String ref, String chartPath) throws IOException {
    return checkOut(app(), ref, chartPath, dir.resolve("checkouts"), "").resolve(chartPath);
  }

  /**
   * Writes the files of {@code ref} in the bare repository {@code bare} (those under {@code under},
   * or all when it is empty) to {@code checkouts/PREFIX<first 12 of the commit>}, and returns that
   * directory.
   */
  static Path checkOut(Path bare, String ref, String under, Path checkouts, String prefix)
      throws IOException {
    try (Repository repository = open(bare);
        RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(repository.resolve(ref + "^{commit}"));
      Path target = checkouts.resolve(prefix + commit.name().substring(0, 12));
      try (TreeWalk tree = new TreeWalk(repository)) {
        tree.addTree(commit.getTree());
        tree.setRecursive(true);
        if (!under.isEmpty()) {
          tree.setFilter(PathFilter.create(under));
        }
        while (tree.next()) {
          Path file = target.resolve(tree.getPathString());
          Files.createDirectories(file.getParent());
          Files.write(file, repository.open(tree.getObjectId(0)).getBytes());
        }
      }
      return target;
    }
  }

  /**
   * Commit ids of every branch and tag of a repository, with branch name and subject, new first.
   */
  static List<String> newCommits(Path repositoryDir, Set<String> seen) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Repository repository = open(repositoryDir);
        RevWalk walk = new RevWalk(repository)) {
      for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
        String branch = ref.getName().substring(Constants.R_HEADS.length());
        walk.reset();
        walk.markStart(walk.parseCommit(ref.getObjectId()));
        List<String> branchLines = new ArrayList<>();
        for (RevCommit c : walk) {
          if (!seen.add(c.name())) {
            continue;
          }
          branchLines.add(branch + " " + c.name().substring(0, 7) + " " + c.getShortMessage());
        }
        java.util.Collections.reverse(branchLines);
        lines.addAll(branchLines);
      }
    }
    return lines;
  }

  static Set<String> allCommits(Path repositoryDir) throws IOException {
    Set<String> seen = new HashSet<>();
    newCommits(repositoryDir, seen);
    return seen;
  }

  static Repository open(Path bare) throws IOException {
    return new FileRepositoryBuilder().setGitDir(bare.toFile()).setBare().build();
  }

  static void commitInitial(Path bare, Map<String, String> files, String message)
      throws IOException {
    try (Repository repository = open(bare)) {
      repository.create(true);
      try (ObjectInserter inserter = repository.newObjectInserter()) {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (String path : new java.util.TreeSet<>(files.keySet())) {
          DirCacheEntry entry = new DirCacheEntry(path);
          entry.setFileMode(FileMode.REGULAR_FILE);
          entry.setObjectId(
              inserter.insert(
                  Constants.OBJ_BLOB, files.get(path).getBytes(StandardCharsets.UTF_8)));
          builder.add(entry);
        }
        builder.finish();
        ObjectId tree = index.writeTree(inserter);
        PersonIdent who = new PersonIdent("dev", "dev@example.com", Instant.now(), ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setAuthor(who);
        commit.setCommitter(who);
        commit.setMessage(message + "\n");
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
        update.setNewObjectId(id);
        update.setExpectedOldObjectId(ObjectId.zeroId());
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW) {
          throw new IOException("cannot create main in " + bare + ": " + result);
        }
        repository.updateRef(Constants.HEAD).link(Constants.R_HEADS + "main");
      }
    }
  }

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: {{ .Chart.Name }}
      spec:
        replicas: 1
        selector:
          matchLabels:
            app: {{ .Chart.Name }}
        template:
          metadata:
            labels:
              app: {{ .Chart.Name }}
          spec:
            containers:
              - name: {{ .Chart.Name }}
                image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
                env:
                  - name: CHART_VERSION
                    value: {{ .Chart.Version | quote }}
                  - name: IMAGE
                    value: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
      """;
}
