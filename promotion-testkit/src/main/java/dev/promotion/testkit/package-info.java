/**
 * Test support for promotion: in-memory implementations of the three SPI ports ({@link
 * dev.promotion.testkit.InMemoryEnvironmentStore}, {@link
 * dev.promotion.testkit.InMemoryChartRegistry}, {@link
 * dev.promotion.testkit.InMemorySourceControl}) and a {@link dev.promotion.testkit.MutableClock}.
 *
 * <p>The fakes are thread-safe, start empty and keep the exact semantics the SPI javadoc states
 * (they pass the contract kits in {@link dev.promotion.testkit.contract}), so a use case tested
 * against them behaves the same against a real backend. Sub-packages hold the contract kits,
 * fixtures that seed state in a line, AssertJ assertions and fault injection.
 */
package dev.promotion.testkit;
