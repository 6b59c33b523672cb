package dev.promotion.spi;

import java.util.Objects;

/** What {@link ChartRegistry#push} did. */
public sealed interface PushResult {
  /** The artifact as the registry now holds it. */
  ChartArtifact artifact();

  /** The registry did not hold this version with this content and now does. */
  record Pushed(ChartArtifact artifact) implements PushResult {
    public Pushed {
      Objects.requireNonNull(artifact, "artifact");
    }
  }

  /** The registry already held this version with identical content; nothing was written. */
  record AlreadyPresent(ChartArtifact artifact) implements PushResult {
    public AlreadyPresent {
      Objects.requireNonNull(artifact, "artifact");
    }
  }
}
