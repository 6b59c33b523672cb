package dev.promotion.testkit.assertions;

import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.version.ChartVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/** Assertions on the charts a {@link ChartRegistry} holds. */
public final class ChartRegistryAssert extends AbstractAssert<ChartRegistryAssert, ChartRegistry> {
  /** Assertions on {@code actual}; prefer {@link PromotionAssertions#assertThat(ChartRegistry)}. */
  public ChartRegistryAssert(ChartRegistry actual) {
    super(actual, ChartRegistryAssert.class);
  }

  /** Verifies that the registry holds {@code version} of {@code chart}. */
  public ChartRegistryAssert hasChart(String chart, String version) {
    artifact(chart, ChartVersion.parse(version));
    return this;
  }

  /** Verifies that the registry holds {@code version} of {@code chart} with exactly that digest. */
  public ChartRegistryAssert hasChart(String chart, String version, String digest) {
    ChartArtifact artifact = artifact(chart, ChartVersion.parse(version));
    if (!artifact.digest().equals(digest)) {
      fail(
          "Expected chart %s %s to have digest %s, but its digest is %s.",
          chart, version, digest, artifact.digest());
    }
    return this;
  }

  /** Verifies that the registry holds {@code version} of {@code chart} with that annotation. */
  public ChartRegistryAssert hasChartAnnotation(
      String chart, String version, String key, String value) {
    ChartArtifact artifact = artifact(chart, ChartVersion.parse(version));
    if (!value.equals(artifact.annotations().get(key))) {
      fail(
          "Expected chart %s %s to be annotated %s=%s, but its annotations are %s.",
          chart, version, key, value, artifact.annotations());
    }
    return this;
  }

  /** Verifies that the registry does not hold {@code version} of {@code chart}. */
  public ChartRegistryAssert hasNoChart(String chart, String version) {
    isNotNull();
    actual
        .resolve(chart, ChartVersion.parse(version))
        .ifPresent(
            a ->
                fail(
                    "Expected no chart %s %s in the registry, but it holds it with digest %s.",
                    chart, version, a.digest()));
    return this;
  }

  /** Verifies every version of {@code chart} the registry holds, in ascending order. */
  public ChartRegistryAssert hasVersions(String chart, String... ascending) {
    isNotNull();
    List<String> expected = Arrays.asList(ascending);
    List<String> found = actual.versions(chart).stream().map(ChartVersion::toString).toList();
    if (!found.equals(expected)) {
      fail("Expected chart %s to have the versions %s, but it has %s.", chart, expected, found);
    }
    return this;
  }

  private ChartArtifact artifact(String chart, ChartVersion version) {
    isNotNull();
    Optional<ChartArtifact> artifact = actual.resolve(chart, version);
    if (artifact.isEmpty()) {
      List<ChartVersion> versions = actual.versions(chart);
      fail(
          "Expected chart %s %s in the registry, but it is not there. %s",
          chart,
          version,
          versions.isEmpty()
              ? "The registry holds no version of " + chart + "."
              : "Versions of " + chart + ": " + versions + ".");
    }
    return artifact.orElseThrow();
  }

  private void fail(String format, Object... arguments) {
    failWithMessage("%s", String.format(format, arguments));
  }
}
