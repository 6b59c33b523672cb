package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.git.GitRepository;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.PullRequest;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.PullRequestResult;
import dev.promotion.spi.SourceControl;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.ImageTag;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An image app's tag through the direct and pull-request write modes, kept as written. */
@DisplayName("image apps in every write mode")
class ImageAppWriteModesTest {
  private static final String OVERLAY = "overlays/stage/kustomization.yaml";
  private static final ImageTag OLD = ImageTag.parse("v1.2.2");
  private static final ImageTag NEW = ImageTag.parse("v1.2.3");
  private static final ImageDigest DIGEST = ImageDigest.parse("sha256:" + "cd".repeat(32));

  private final SeededRepository repo = new SeededRepository();
  private final List<PullRequestRequest> pullRequests = new CopyOnWriteArrayList<>();

  ImageAppWriteModesTest() {
    repo.write(
        OVERLAY,
        "# stage\nimages:\n  - name: ghcr.io/acme/web   # the web image\n    newTag: \"v1.2.2\"\n");
  }

  private SourceControl host() {
    return (SourceControl)
        Proxy.newProxyInstance(
            SourceControl.class.getClassLoader(),
            new Class<?>[] {SourceControl.class},
            (proxy, method, args) -> {
              if (method.getName().equals("openDraftPullRequest")) {
                PullRequestRequest request = (PullRequestRequest) args[0];
                pullRequests.add(request);
                return new PullRequestResult.Opened(
                    new PullRequest(
                        1,
                        request.head(),
                        request.base(),
                        request.title(),
                        true,
                        Optional.empty()));
              }
              if (method.getName().equals("toString")) {
                return "test host";
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private GitOpsEnvironmentStore store(WriteMode mode) {
    return GitOpsEnvironmentStore.builder()
        .git(repo.git)
        .pipeline(Stores.PIPELINE)
        .layout(KustomizeLayout.images().build())
        .applications(List.of(Application.image("web", "ghcr.io/acme/web")))
        .writeMode(mode)
        .build();
  }

  private static String read(GitRepository git) {
    return new String(git.latest().read(OVERLAY, 1 << 20).orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName(
      "a direct commit changes only the tag, quotes and comments kept, and pins the digest")
  void direct() {
    GitOpsEnvironmentStore store = store(WriteMode.direct());

    store.apply(SeededRepository.changeSet(Change.of("web", "stage", OLD, NEW).pinnedTo(DIGEST)));

    assertThat(read(repo.git))
        .isEqualTo(
            "# stage\nimages:\n  - name: ghcr.io/acme/web   # the web image\n"
                + "    newTag: \"v1.2.3\"\n    digest: "
                + DIGEST
                + "\n");
    assertThat(store.current("web", "stage").orElseThrow().version()).isEqualTo(NEW);
  }

  @Test
  @DisplayName("a pull request is proposed on promote/{app}-{env}-{tag} with the tag as written")
  void pullRequest() {
    GitOpsEnvironmentStore store = store(WriteMode.pullRequest(host()));

    ApplyResult result =
        store.apply(SeededRepository.changeSet(Change.of("web", "stage", OLD, NEW)));

    assertThat(result).isInstanceOf(ApplyResult.Applied.class);
    assertThat(store.current("web", "stage").orElseThrow().version()).isEqualTo(OLD);
    assertThat(pullRequests)
        .singleElement()
        .satisfies(pr -> assertThat(pr.head()).isEqualTo("promote/web-stage-v1.2.3"));
    try (GitRepository proposal =
        GitRepository.builder()
            .repository(repo.repository)
            .branch("promote/web-stage-v1.2.3")
            .build()) {
      assertThat(read(proposal)).contains("newTag: \"v1.2.3\"").doesNotContain("v1.2.2");
    }
  }
}
