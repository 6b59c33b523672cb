package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("publish-dev --image-digest pins the build's image (seed 002)")
class ImageDigestCommandLineTest {
  private static final Map<String, String> ENV = Map.of("USER", "alice");
  private static final String DIGEST = "sha256:" + "c0ffee".repeat(10) + "c0ff";
  private static final String OVERLAY = "overlays/dev/kustomization.yaml";

  @TempDir Path dir;
  private Workspace workspace;

  @BeforeEach
  void createWorkspace() throws Exception {
    workspace = new Workspace(dir.resolve("ws"));
    workspace.create();
    layout("kustomize-images");
  }

  private void layout(String layout) throws Exception {
    Files.writeString(
        workspace.config(), Workspace.CONFIG.replace("layout: argocd", "layout: " + layout));
  }

  private Cli promotion(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--config=" + workspace.config();
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.run(ENV, all);
  }

  private Cli publish(String... digestOptions) throws Exception {
    String[] args = new String[5 + digestOptions.length];
    args[0] = "publish-dev";
    args[1] = "--ref";
    args[2] = "main";
    args[3] = "--chart";
    args[4] = workspace.checkOutChart("main", "charts/api").toString();
    System.arraycopy(digestOptions, 0, args, 5, digestOptions.length);
    return promotion(args);
  }

  private String gitOpsTip() throws Exception {
    return Files.readString(workspace.gitops().resolve("refs/heads/main"));
  }

  private String gitOpsFile(String path) throws Exception {
    try (Repository repository = Workspace.open(workspace.gitops())) {
      ObjectId blob = repository.resolve("main:" + path);
      assertThat(blob).as(path).isNotNull();
      return new String(repository.open(blob).getBytes(), StandardCharsets.UTF_8);
    }
  }

  private boolean registryHoldsCharts() throws Exception {
    Path registry = workspace.dir().resolve("registry");
    if (!Files.isDirectory(registry)) {
      return false;
    }
    try (var files = Files.list(registry)) {
      return files.findAny().isPresent();
    }
  }

  @Test
  @DisplayName("dev's overlay pins the digest, promote carries it, status shows it in every form")
  void pinsAndCarries() throws Exception {
    Cli published = publish("--image-digest", DIGEST);
    Cli promoted = promotion("promote", "--to", "test");
    Cli json = promotion("--output", "json", "status");
    Cli text = promotion("status");

    assertThat(published.exitCode()).as(published.out() + published.err()).isZero();
    assertThat(promoted.exitCode()).as(promoted.out() + promoted.err()).isZero();
    assertThat(gitOpsFile(OVERLAY)).contains("newTag: 0.1.0-rc.").contains("digest: " + DIGEST);
    assertThat(gitOpsFile("overlays/test/kustomization.yaml")).contains("digest: " + DIGEST);
    JsonNode status = new ObjectMapper().readTree(json.out());
    for (JsonNode env : status.get("environments")) {
      String expected = env.get("environment").asText().matches("dev|test") ? DIGEST : null;
      assertThat(env.get("apps").get(0).get("digest").textValue())
          .as(env.get("environment").asText())
          .isEqualTo(expected);
    }
    assertThat(text.out()).contains("DIGEST").contains("sha256:c0ffeec0ffee");
  }

  @Test
  @DisplayName("--image-digest-file reads a digest.txt with its trailing newline")
  void fromFile() throws Exception {
    Path digestTxt = dir.resolve("digest.txt");
    Files.writeString(digestTxt, DIGEST + "\n");

    Cli cli = publish("--image-digest-file", digestTxt.toString());

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(gitOpsFile(OVERLAY)).contains("digest: " + DIGEST);
    assertThat(registryHoldsCharts()).isTrue();
  }

  @Test
  @DisplayName("a malformed digest is a usage error, exit 2, and nothing is written anywhere")
  void malformed() throws Exception {
    String before = gitOpsTip();

    Cli cli = publish("--image-digest", "sha256:XYZ");

    assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err()).contains("'sha256:XYZ' is not a valid image digest");
    assertThat(gitOpsTip()).isEqualTo(before);
    assertThat(registryHoldsCharts()).isFalse();
  }

  @Test
  @DisplayName("both options, a missing file or an oversized file are usage errors, exit 2")
  void badOptions() throws Exception {
    Path big = dir.resolve("big.txt");
    Files.writeString(big, DIGEST + " ".repeat(2000));

    Cli both =
        publish("--image-digest", DIGEST, "--image-digest-file", dir.resolve("d").toString());
    Cli missing = publish("--image-digest-file", dir.resolve("missing.txt").toString());
    Cli oversized = publish("--image-digest-file", big.toString());

    assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(both.err()).contains("not both");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err()).contains("missing.txt");
    assertThat(oversized.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(oversized.err()).contains("larger than");
  }

  @Test
  @DisplayName("the Argo CD layout cannot pin: exit 2 before the chart is pushed or git written")
  void argoCdRefuses() throws Exception {
    layout("argocd");
    String before = gitOpsTip();

    Cli cli = publish("--image-digest", DIGEST);

    assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err()).contains("cannot be pinned").contains("Kustomize images");
    assertThat(gitOpsTip()).isEqualTo(before);
    assertThat(registryHoldsCharts()).isFalse();
  }
}
