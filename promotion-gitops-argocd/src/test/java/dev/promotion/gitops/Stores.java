package dev.promotion.gitops;

import dev.promotion.git.GitRepository;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import java.util.List;

/** The pipeline the store tests use: dev, test and stage on one cluster, prod on two. */
final class Stores {
  static final String CHARTS = "oci://registry.example.com/charts";

  static final Pipeline PIPELINE =
      new Pipeline(
          List.of(
              Environment.of("dev", "pre"),
              Environment.of("test", "pre"),
              Environment.of("stage", "pre"),
              Environment.of("prod", "prod-eu", "prod-us")),
          "prod");

  private Stores() {}

  /** The Argo CD store over {@code git}, with this pipeline and chart repository. */
  static GitOpsEnvironmentStore argoCd(GitRepository git) {
    return GitOpsEnvironmentStore.builder()
        .git(git)
        .pipeline(PIPELINE)
        .layout(ArgoCdLayout.of(CHARTS))
        .build();
  }
}
