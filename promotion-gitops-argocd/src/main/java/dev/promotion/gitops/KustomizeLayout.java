package dev.promotion.gitops;

/**
 * The Kustomize presets of {@link PathLayout}: overlays, one {@code kustomization.yaml} per
 * environment ({@code overlays/{env}/kustomization.yaml} by default; {@code {cluster}} and {@code
 * {app}} may appear in the pattern too) holding the versions of many apps, either as:
 *
 * <ul>
 *   <li>{@link #images()}: the {@code images[]} entry whose {@code name} is the app's image
 *       repository, value {@code newTag}, and, when the version is pinned to an image digest,
 *       {@code digest} right after it (Kustomize then renders {@code image:newTag@digest}, so the
 *       tag stays readable and the digest decides which image runs), or the digest in the tag
 *       itself ({@code newTag: 1.2.3@sha256:...}) when the file writes it so; or
 *   <li>{@link #helmCharts()}: the {@code helmCharts[]} entry whose {@code name} is the app's
 *       chart, value {@code version}.
 * </ul>
 *
 * <p>A first declaration appends an entry to the list (surgically, at the list's indentation), or
 * writes a new kustomization when the file does not exist.
 */
public final class KustomizeLayout {
  /** One kustomization per environment: {@code overlays/{env}/kustomization.yaml}. */
  public static final String DEFAULT_PATTERN = "overlays/{env}/kustomization.yaml";

  private KustomizeLayout() {}

  /**
   * Versions as image tags: {@code images[name={image}].newTag} ({@link
   * PathLayout#kustomizeImages}).
   */
  public static PathLayout.Builder images() {
    return PathLayout.kustomizeImages();
  }

  /**
   * Versions as Helm chart versions: {@code helmCharts[name={chart}].version} ({@link
   * PathLayout#kustomizeHelmCharts}).
   */
  public static PathLayout.Builder helmCharts() {
    return PathLayout.kustomizeHelmCharts();
  }
}
