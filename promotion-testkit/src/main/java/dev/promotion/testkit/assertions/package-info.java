/**
 * AssertJ assertions on the ports, for tests of use cases:
 *
 * <pre>{@code
 * import static dev.promotion.testkit.assertions.PromotionAssertions.assertThat;
 *
 * assertThat(store).hasVersion("api", "prod", "0.2.0").hasNothingIn("web", "prod");
 * assertThat(registry).hasChart("api", "0.2.0", rcDigest);
 * assertThat(scm).hasRelease("v0.2.0").hasChartVersion("main", "charts/api/Chart.yaml", "0.2.1")
 *     .hasDispatchCount(1);
 * }</pre>
 *
 * <p>They read through the SPI, so they work on any implementation; the assertions on pull requests
 * and dispatches need an {@link dev.promotion.testkit.InMemorySourceControl}, the only one that
 * lists them. Failure messages say what was expected and what was found.
 */
package dev.promotion.testkit.assertions;
