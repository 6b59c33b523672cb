/**
 * The Helm chart format of OCI registries, as {@code helm push} writes it: {@link
 * dev.promotion.helm.oci.HelmChartImage} builds and reads the config, manifest and layer of a chart
 * version. Shared by every registry module that speaks OCI (the image layout, ECR), so that all of
 * them store the same bytes. The {@code internal} package holds the JSON codec and descriptors they
 * share; it is not a supported API.
 */
package dev.promotion.helm.oci;
