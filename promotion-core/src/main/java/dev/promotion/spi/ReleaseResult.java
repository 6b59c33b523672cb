package dev.promotion.spi;

import java.util.Objects;

/** What {@link SourceControl#createRelease} did. */
public sealed interface ReleaseResult {
  Release release();

  /** The tag and release were created. */
  record Created(Release release) implements ReleaseResult {
    public Created {
      Objects.requireNonNull(release, "release");
    }
  }

  /** The release already existed at the requested commit; nothing was written. */
  record AlreadyExists(Release release) implements ReleaseResult {
    public AlreadyExists {
      Objects.requireNonNull(release, "release");
    }
  }
}
