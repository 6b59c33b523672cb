package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An app with {@code kind: image} in {@code promotion.yaml}, over Kustomize overlays whose {@code
 * images[]} a CI job writes for dev (seed 003's {@code newTag: v1.2.3}).
 */
@DisplayName("kind: image apps on the command line")
class ImageAppCommandLineTest {
  private static final Map<String, String> ENV = Map.of("USER", "alice");
  private static final String IMAGE = "registry.example.com/api";
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @TempDir Path dir;
  private Workspace workspace;
  private int ciCommits;

  @BeforeEach
  void createWorkspace() throws Exception {
    workspace = new Workspace(dir.resolve("ws"));
    workspace.create();
    configure("");
  }

  private void configure(String gates) throws Exception {
    Files.writeString(
        workspace.config(),
        Workspace.CONFIG
                .replace("layout: argocd", "layout: kustomize-images")
                .replace("  - name: api\n", "  - name: api\n    kind: image\n")
            + gates);
  }

  /** What the image build's CI job does: writes the tag into dev's overlay and pushes. */
  private void ciDeploysDev(String newTag, String... digest) throws Exception {
    Path clone = dir.resolve("ci-" + ++ciCommits);
    try (Git git =
        Git.cloneRepository()
            .setURI(workspace.gitops().toUri().toString())
            .setDirectory(clone.toFile())
            .call()) {
      Path overlay = clone.resolve("overlays/dev/kustomization.yaml");
      Files.createDirectories(overlay.getParent());
      Files.writeString(
          overlay,
          "apiVersion: kustomize.config.k8s.io/v1beta1\n"
              + "kind: Kustomization\n"
              + "resources:\n"
              + "  - ../../base\n"
              + "images:\n"
              + "  - name: "
              + IMAGE
              + "\n"
              + "    newTag: "
              + newTag
              + "\n"
              + (digest.length == 0 ? "" : "    digest: " + digest[0] + "\n"),
          StandardCharsets.UTF_8);
      git.add().addFilepattern(".").call();
      PersonIdent ci = new PersonIdent("ci", "ci@example.com");
      git.commit()
          .setMessage("ci: api " + newTag + " to dev")
          .setAuthor(ci)
          .setCommitter(ci)
          .call();
      git.push().call();
    }
  }

  private Cli promotion(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--config=" + workspace.config();
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.run(ENV, all);
  }

  private String gitOpsTip() throws Exception {
    return Files.readString(workspace.gitops().resolve("refs/heads/main"));
  }

  private String overlay(String env) throws Exception {
    try (Repository repository = Workspace.open(workspace.gitops())) {
      ObjectId blob = repository.resolve("main:overlays/" + env + "/kustomization.yaml");
      assertThat(blob).as(env).isNotNull();
      return new String(repository.open(blob).getBytes(), StandardCharsets.UTF_8);
    }
  }

  private void ok(Cli cli) {
    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
  }

  @Test
  @DisplayName("promote moves v1.2.3 dev -> test -> stage -> prod, and status shows it as written")
  void promotesTag() throws Exception {
    ciDeploysDev("v1.2.3");

    ok(promotion("promote", "--to", "test"));
    ok(promotion("promote", "--to", "stage"));
    Cli prod = promotion("promote", "--to", "prod");
    Cli json = promotion("--output", "json", "status");

    ok(prod);
    assertThat(prod.out()).contains("v1.2.3");
    assertThat(overlay("prod")).contains("newTag: v1.2.3");
    JsonNode status = new ObjectMapper().readTree(json.out());
    for (JsonNode env : status.get("environments")) {
      JsonNode app = env.get("apps").get(0);
      assertThat(app.get("version").asText()).isEqualTo("v1.2.3");
      assertThat(app.get("kind").asText()).isEqualTo("image");
    }
  }

  @Test
  @DisplayName("promote --to prod --version V promotes a tag stage ran before, with its digest")
  void chosenVersion() throws Exception {
    ciDeploysDev("v1.2.2", DIGEST);
    ok(promotion("promote", "--to", "test"));
    ok(promotion("promote", "--to", "stage"));
    ciDeploysDev("v1.2.3");
    ok(promotion("promote", "--to", "test"));
    ok(promotion("promote", "--to", "stage"));

    Cli chosen = promotion("promote", "--to", "prod", "--version", "v1.2.2");
    Cli history = promotion("--output", "json", "history", "--env", "prod");

    ok(chosen);
    assertThat(overlay("prod")).contains("newTag: v1.2.2").contains("digest: " + DIGEST);
    JsonNode entries = new ObjectMapper().readTree(history.out());
    assertThat(entries.toString()).contains("\"version\":\"v1.2.2\"");
  }

  @Test
  @DisplayName("a version that never ran in the predecessor is blocked: exit 3, nothing written")
  void chosenVersionNeverRan() throws Exception {
    ciDeploysDev("v1.2.3");
    ok(promotion("promote", "--to", "test"));
    String before = gitOpsTip();

    Cli cli = promotion("promote", "--to", "stage", "--version", "v9.9.9");

    assertThat(cli.exitCode()).isEqualTo(ExitCode.BLOCKED);
    assertThat(cli.out() + cli.err()).contains("no-skipping").contains("v9.9.9 never ran in test");
    assertThat(gitOpsTip()).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "publish-dev --version declares the tag the build pushed in dev (pinned with"
          + " --image-digest), with the audit trail of a build; again: already done")
  void publishDevDeclaresTag() throws Exception {
    ciDeploysDev("v1.2.2");

    Cli first = promotion("publish-dev", "--version", "v1.2.3", "--image-digest", DIGEST);
    String tip = gitOpsTip();
    Cli again = promotion("publish-dev", "--version", "v1.2.3", "--image-digest", DIGEST);

    ok(first);
    assertThat(first.out()).startsWith("publish-dev api: done").contains("v1.2.3");
    assertThat(overlay("dev")).contains("newTag: v1.2.3").contains("digest: " + DIGEST);
    try (Repository repository = Workspace.open(workspace.gitops())) {
      String message =
          repository.parseCommit(repository.resolve("refs/heads/main")).getFullMessage();
      assertThat(message)
          .startsWith("publish api v1.2.3 to dev")
          .contains("Promotion-From: build")
          .contains("Promotion-Digest: " + DIGEST);
    }
    ok(again);
    assertThat(again.out()).startsWith("publish-dev api: already done");
    assertThat(gitOpsTip()).isEqualTo(tip);
    ok(promotion("promote", "--to", "test"));
    assertThat(overlay("test")).contains("newTag: v1.2.3").contains("digest: " + DIGEST);
  }

  @Test
  @DisplayName(
      "publish-dev of an image app without --version, or with --ref, says what to do: exit 2,"
          + " nothing written")
  void publishDevRefused() throws Exception {
    ciDeploysDev("v1.2.2");
    String before = gitOpsTip();

    Cli noVersion = promotion("publish-dev");
    Cli withRef = promotion("publish-dev", "--version", "v1.2.3", "--ref", "main");
    Cli notATag = promotion("publish-dev", "--version", "bad tag");

    assertThat(noVersion.exitCode()).as(noVersion.err()).isEqualTo(ExitCode.USAGE);
    assertThat(noVersion.err()).contains("publish-dev --version TAG");
    assertThat(withRef.exitCode()).as(withRef.err()).isEqualTo(ExitCode.USAGE);
    assertThat(withRef.err()).contains("--ref and --chart are for");
    assertThat(notATag.exitCode()).as(notATag.err()).isEqualTo(ExitCode.USAGE);
    assertThat(gitOpsTip()).isEqualTo(before);
  }

  @Test
  @DisplayName("release, hotfix and bump refuse an image app with what to do instead: exit 2")
  void releaseRefused() throws Exception {
    ciDeploysDev("v1.2.3");
    ok(promotion("promote", "--to", "test"));
    ok(promotion("promote", "--to", "stage"));
    String before = gitOpsTip();

    Cli release = promotion("release");
    Cli hotfix = promotion("hotfix", "--tag", "v1.2.3");
    Cli bump = promotion("bump", "minor");

    for (Cli cli : new Cli[] {release, hotfix, bump}) {
      assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCode.USAGE);
      assertThat(cli.err()).contains("promotes image tags").contains("promote --to ENV --version");
    }
    assertThat(gitOpsTip()).isEqualTo(before);
  }

  @Test
  @DisplayName("latest is blocked from prod by the mutable-tag gate unless pinned: exit 3")
  void mutableTag() throws Exception {
    ciDeploysDev("latest");
    ok(promotion("promote", "--to", "test"));
    ok(promotion("promote", "--to", "stage"));
    String before = gitOpsTip();

    Cli blocked = promotion("promote", "--to", "prod");

    assertThat(blocked.exitCode()).isEqualTo(ExitCode.BLOCKED);
    assertThat(blocked.out() + blocked.err()).contains("mutable-tag").contains("latest");
    assertThat(gitOpsTip()).isEqualTo(before);

    ciDeploysDev("latest", DIGEST);
    ok(promotion("promote", "--to", "test"));
    ok(promotion("promote", "--to", "stage"));
    ok(promotion("promote", "--to", "prod"));
    assertThat(overlay("prod")).contains("newTag: latest").contains("digest: " + DIGEST);
  }

  @Test
  @DisplayName("gates.mutableTags sets the tags and the gated environments")
  void mutableTagsConfigured() throws Exception {
    configure("gates:\n  mutableTags:\n    tags: [snapshot]\n    environments: [stage]\n");
    ciDeploysDev("snapshot");
    ok(promotion("promote", "--to", "test"));

    Cli stage = promotion("promote", "--to", "stage");

    assertThat(stage.exitCode()).isEqualTo(ExitCode.BLOCKED);
    assertThat(stage.out() + stage.err()).contains("snapshot is a mutable tag");
  }

  @Test
  @DisplayName("an unknown kind, a bad tag in mutableTags or an unknown environment: exit 2, line")
  void badConfiguration() throws Exception {
    Files.writeString(
        workspace.config(),
        Workspace.CONFIG.replace("  - name: api\n", "  - name: api\n    kind: helm\n"));
    Cli kind = promotion("status");
    configure("gates:\n  mutableTags:\n    tags: [\"not a tag\"]\n");
    Cli tag = promotion("status");
    configure("gates:\n  mutableTags:\n    environments: [qa]\n");
    Cli env = promotion("status");

    assertThat(kind.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(kind.err())
        .contains("promotion.yaml:16:")
        .contains("kind is 'helm', not chart or image");
    assertThat(tag.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(tag.err()).contains("not an image tag");
    assertThat(env.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(env.err()).contains("qa");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"v1 2", "v1..2", "v1.2.3@sha256:ab"})
  @DisplayName("--version that is no tag is a usage error, exit 2, and nothing is written")
  void badVersion(String version) throws Exception {
    ciDeploysDev("v1.2.3");
    ok(promotion("promote", "--to", "test"));
    String before = gitOpsTip();

    Cli promote = promotion("promote", "--to", "stage", "--version", version);
    Cli rollback = promotion("rollback", "--env", "test", "--to", version);

    assertThat(promote.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(promote.err()).contains("is not a valid version");
    assertThat(rollback.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(gitOpsTip()).isEqualTo(before);
  }

  @Test
  @DisplayName("a 129-character --version is a usage error, exit 2, and nothing is written")
  void tooLongVersion() throws Exception {
    ciDeploysDev("v1.2.3");
    ok(promotion("promote", "--to", "test"));
    String before = gitOpsTip();

    Cli cli = promotion("promote", "--to", "stage", "--version", "a".repeat(129));

    assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err()).contains("at most 128 characters");
    assertThat(gitOpsTip()).isEqualTo(before);
  }

  @Test
  @DisplayName("rollback --to takes a tag as written")
  void rollbackToTag() throws Exception {
    ciDeploysDev("v1.2.2");
    ok(promotion("promote", "--to", "test"));
    ciDeploysDev("v1.2.3");
    ok(promotion("promote", "--to", "test"));

    ok(promotion("rollback", "--env", "test", "--to", "v1.2.2"));

    assertThat(overlay("test")).contains("newTag: v1.2.2");
  }
}
