package dev.promotion.testkit.assertions;

import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.SourceControl;
import dev.promotion.testkit.InMemorySourceControl;

/**
 * The entry point of the promotion assertions. Import {@code assertThat} statically next to
 * AssertJ's own: the overloads do not clash.
 */
public final class PromotionAssertions {
  private PromotionAssertions() {}

  /** Assertions on what an environment store declares. */
  public static EnvironmentStoreAssert assertThat(EnvironmentStore actual) {
    return new EnvironmentStoreAssert(actual);
  }

  /** Assertions on the charts a registry holds. */
  public static ChartRegistryAssert assertThat(ChartRegistry actual) {
    return new ChartRegistryAssert(actual);
  }

  /** Assertions on a source control's files, branches, tags and releases. */
  public static SourceControlAssert assertThat(SourceControl actual) {
    return new SourceControlAssert(actual);
  }

  /** Assertions on an in-memory source control, including pull requests and dispatches. */
  public static InMemorySourceControlAssert assertThat(InMemorySourceControl actual) {
    return new InMemorySourceControlAssert(actual);
  }
}
