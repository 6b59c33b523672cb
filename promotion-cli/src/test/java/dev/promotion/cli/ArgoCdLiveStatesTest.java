package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.argocd.ArgoCdAccessException;
import dev.promotion.argocd.simulator.ArgoCdSimulator;
import dev.promotion.argocd.simulator.GitOpsSource;
import dev.promotion.cli.config.ConfigLoader;
import dev.promotion.cli.config.PromotionConfig;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.LiveObservation;
import dev.promotion.spi.LiveState;
import dev.promotion.spi.LiveTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("argocd: in promotion.yaml opens the Argo CD live state")
class ArgoCdLiveStatesTest {
  private static final String TOKEN = "prod-token-5d1e0c";

  /** One commit holding an Application manifest per cluster. */
  private static final GitOpsSource REPOSITORY =
      new GitOpsSource() {
        @Override
        public String tip() {
          return "a".repeat(40);
        }

        @Override
        public Optional<String> read(String revision, String path) {
          String env = path.split("/")[2];
          return Optional.of(
              """
              apiVersion: argoproj.io/v1alpha1
              kind: Application
              metadata:
                name: api-%s
              spec:
                project: apps
                source:
                  repoURL: oci://registry.example.com/charts
                  chart: api
                  targetRevision: 0.1.0
              """
                  .formatted(env));
        }
      };

  private static PromotionConfig config(String preprod, String prod) {
    return ConfigLoader.parse(
        "promotion.yaml",
        Path.of("/work/acme"),
        """
        pipeline:
          environments:
            - name: dev
              clusters: [preprod]
            - name: prod
              clusters: [production]
          release: prod
        apps:
          - name: api
        gitops:
          url: https://github.com/acme/gitops.git
          token: {env: GITOPS_TOKEN}
        registry:
          type: oci-layout
          path: registry
        scm:
          type: git
          path: ../app.git
        argocd:
          project: apps
          token: {env: ARGOCD_TOKEN}
          attempts: 1
          clusters:
            preprod:
              url: %s
            production:
              url: %s
              token: {env: ARGOCD_PROD_TOKEN}
        """
            .formatted(preprod, prod));
  }

  @Test
  @DisplayName(
      "each cluster's Argo CD is asked with its own token; a refused one is an access error"
          + " without the token")
  void perCluster() {
    try (ArgoCdSimulator preprod =
            ArgoCdSimulator.builder().source(REPOSITORY).token("preprod-token").start();
        ArgoCdSimulator production =
            ArgoCdSimulator.builder().source(REPOSITORY).token(TOKEN).start()) {
      preprod.manifest("registry/environments/dev/preprod/api.yaml").project("apps").add();
      production.manifest("registry/environments/prod/production/api.yaml").project("apps").add();
      PromotionConfig config = config(preprod.url(), production.url());
      LiveState live =
          ArgoCdLiveStates.open(
                  config, Map.of("ARGOCD_TOKEN", "preprod-token", "ARGOCD_PROD_TOKEN", TOKEN))
              .orElseThrow();
      LiveState wrongProdToken =
          ArgoCdLiveStates.open(
                  config, Map.of("ARGOCD_TOKEN", "preprod-token", "ARGOCD_PROD_TOKEN", "nope"))
              .orElseThrow();

      List<LiveObservation> dev = live.observe(target(config, "dev"));
      List<LiveObservation> prod = live.observe(target(config, "prod"));

      assertThat(dev).singleElement().satisfies(o -> assertThat(o.found()).isTrue());
      assertThat(prod).singleElement().satisfies(o -> assertThat(o.revisions()).isEmpty());
      assertThat(prod.get(0).application().name()).isEqualTo("api-prod");
      assertThat(production.requests()).isEqualTo(1);
      assertThatThrownBy(() -> wrongProdToken.observe(target(config, "prod")))
          .isInstanceOf(ArgoCdAccessException.class)
          .hasMessageContaining("ARGOCD_PROD_TOKEN")
          .hasMessageNotContaining(TOKEN)
          .hasMessageNotContaining("nope")
          .satisfies(e -> assertThat(ExitCode.of(e)).isEqualTo(ExitCode.USAGE));
    }
  }

  private static LiveTarget target(PromotionConfig config, String env) {
    return new LiveTarget(
        Application.named("api"), config.pipeline().environment(env), Optional.empty(), List.of());
  }
}
