package dev.promotion.testkit.assertions;

import dev.promotion.spi.SourceControl;

/** Assertions on any {@link SourceControl}, through the SPI. */
public final class SourceControlAssert
    extends AbstractSourceControlAssert<SourceControlAssert, SourceControl> {
  /** Assertions on {@code actual}; prefer {@link PromotionAssertions#assertThat(SourceControl)}. */
  public SourceControlAssert(SourceControl actual) {
    super(actual, SourceControlAssert.class);
  }
}
