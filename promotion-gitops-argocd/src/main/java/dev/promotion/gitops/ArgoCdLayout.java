package dev.promotion.gitops;

/**
 * The Argo CD preset of {@link PathLayout}: {@code Application} manifests, one file per app,
 * environment and cluster ({@code registry/environments/{env}/{cluster}/{app}.yaml} by default).
 * The version is {@code spec.source.targetRevision}, or in a multi-source Application {@code
 * spec.sources[chart={chart}].targetRevision}.
 *
 * <p>A first declaration writes a new manifest from a template with the placeholders {@code {app}},
 * {@code {env}}, {@code {cluster}}, {@code {chart}}, {@code {repoURL}} and {@code {version}}
 * ({@link #DEFAULT_TEMPLATE} by default). A placeholder is filled in the style of the scalar it is
 * in, and a plain scalar that a YAML 1.1 or Go YAML reader would not read as the filled string (an
 * app named {@code on}, a cluster named {@code 01}) is double-quoted ({@link
 * dev.promotion.yaml.YamlText#fromTemplate}).
 */
public final class ArgoCdLayout {
  /** The layout of the seed: {@code registry/environments/{env}/{cluster}/{app}.yaml}. */
  public static final String DEFAULT_PATTERN = "registry/environments/{env}/{cluster}/{app}.yaml";

  /** A Helm-chart Application synced automatically into the namespace named like the app. */
  public static final String DEFAULT_TEMPLATE =
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Application
      metadata:
        name: {app}-{env}
        namespace: argocd
      spec:
        project: default
        source:
          repoURL: {repoURL}
          chart: {chart}
          targetRevision: {version}
        destination:
          name: {cluster}
          namespace: {app}
        syncPolicy:
          automated:
            prune: true
            selfHeal: true
      """;

  private ArgoCdLayout() {}

  /** The default layout, with the chart repository used in new manifests. */
  public static PathLayout of(String chartRepository) {
    return builder().chartRepository(chartRepository).build();
  }

  /**
   * The preset, to change its pattern, template or chart repositories: {@link PathLayout#argoCd}.
   */
  public static PathLayout.Builder builder() {
    return PathLayout.argoCd();
  }
}
