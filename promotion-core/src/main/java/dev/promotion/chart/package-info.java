/**
 * Helm charts: {@link dev.promotion.chart.ChartYaml} for a chart's metadata file and {@link
 * dev.promotion.chart.ChartPackages} to read, re-version and build chart packages ({@code .tgz})
 * safely, in one streaming pass and deterministically.
 */
package dev.promotion.chart;
