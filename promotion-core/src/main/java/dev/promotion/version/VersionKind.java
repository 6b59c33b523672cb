package dev.promotion.version;

/** What an application promotes: a Helm chart version or a container image tag. */
public enum VersionKind {
  /** A Helm chart version: SemVer 2.0.0, or the {@code v}-prefixed form Helm accepts. */
  CHART,
  /** A container image tag: the OCI tag grammar, opaque (no ordering assumed). */
  IMAGE;

  /**
   * What a version of this kind is, for messages: {@code a chart version}, {@code an image tag}.
   */
  public String description() {
    return this == CHART ? "a chart version" : "an image tag";
  }

  /** The name used in {@code promotion.yaml} and in messages: {@code chart} or {@code image}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
