package dev.promotion.cli;

import dev.promotion.argocd.ArgoCdLiveState;
import dev.promotion.argocd.ArgoCdServer;
import dev.promotion.argocd.ArgoCdToken;
import dev.promotion.argocd.NamePattern;
import dev.promotion.cli.config.PromotionConfig;
import dev.promotion.cli.config.Secret;
import dev.promotion.spi.LiveState;
import java.util.Map;
import java.util.Optional;

/** The live state {@code argocd:} of {@code promotion.yaml} names: the Argo CD adapter. */
final class ArgoCdLiveStates {
  private ArgoCdLiveStates() {}

  /** The adapter over the configured servers, or empty when there is no {@code argocd:}. */
  static Optional<LiveState> open(PromotionConfig config, Map<String, String> env) {
    return config.argocd().map(argocd -> adapter(argocd, env));
  }

  private static LiveState adapter(PromotionConfig.ArgoCd argocd, Map<String, String> env) {
    ArgoCdLiveState.Builder builder =
        ArgoCdLiveState.builder().namePattern(NamePattern.of(argocd.namePattern()));
    argocd.server().ifPresent(s -> builder.server(server(s, env)));
    argocd.environments().forEach((name, s) -> builder.serverForEnvironment(name, server(s, env)));
    argocd.clusters().forEach((name, s) -> builder.serverForCluster(name, server(s, env)));
    return builder.build();
  }

  private static ArgoCdServer server(PromotionConfig.ArgoCdServer s, Map<String, String> env) {
    ArgoCdServer.Builder builder =
        ArgoCdServer.builder(s.url())
            .token(token(s.token(), env))
            .requestTimeout(s.timeout())
            .connectTimeout(s.connectTimeout())
            .attempts(s.attempts());
    s.caBundle().ifPresent(builder::caBundle);
    s.appNamespace().ifPresent(builder::appNamespace);
    s.project().ifPresent(builder::project);
    return builder.build();
  }

  /** The token is read at each request, so a rotated file or variable is picked up. */
  private static ArgoCdToken token(Secret secret, Map<String, String> env) {
    if (secret instanceof Secret.FromEnvironment variable) {
      return ArgoCdToken.environment(variable.variable(), env);
    }
    return ArgoCdToken.file(((Secret.FromFile) secret).file());
  }
}
