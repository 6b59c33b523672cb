package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.cli.config.PromotionConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("what the command line tells notifiers about the run and the GitOps repository")
class NotificationsTest {
  private static PromotionConfig.GitOps gitops(PromotionConfig.Location location) {
    return new PromotionConfig.GitOps(
        location,
        "main",
        PromotionConfig.Layout.ARGOCD,
        Optional.empty(),
        "",
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        new PromotionConfig.Write.Commit());
  }

  @Test
  @DisplayName(
      "an https GitOps remote links its commits (userinfo and .git dropped); others do not")
  void gitopsCommitUrl() {
    assertThat(
            Notifications.gitopsCommitUrl(
                gitops(new PromotionConfig.Location.Remote("https://github.com/acme/gitops.git"))))
        .contains("https://github.com/acme/gitops/commit/");
    assertThat(
            Notifications.gitopsCommitUrl(
                gitops(
                    new PromotionConfig.Location.Remote(
                        "https://x-access-token@git.example.com/team/gitops/"))))
        .contains("https://git.example.com/team/gitops/commit/");
    assertThat(
            Notifications.gitopsCommitUrl(
                gitops(
                    new PromotionConfig.Location.Remote("ssh://git@github.com/acme/gitops.git"))))
        .isEmpty();
    assertThat(
            Notifications.gitopsCommitUrl(
                gitops(new PromotionConfig.Location.Local(Path.of("/work/gitops.git")))))
        .isEmpty();
  }
}
