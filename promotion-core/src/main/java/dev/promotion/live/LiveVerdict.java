package dev.promotion.live;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an environment runs a version, decided by {@link RunningRule} from what the controller
 * reports, with the reason for people. Sealed: a caller waits on {@link Waiting}, stops on {@link
 * Failed}, and is done on {@link Running}.
 */
public sealed interface LiveVerdict {
  /** One line for people: what runs, or why not ({@code still Progressing: 3 of 4 pods ready}). */
  String reason();

  /** Whether the version runs. */
  default boolean running() {
    return this instanceof Running;
  }

  /**
   * Every application behind the environment runs the version.
   *
   * @param since when it became healthy there: the latest of the health transition and the
   *     deployment of the revision ({@code history[].deployedAt}), when reported
   */
  record Running(String reason, Optional<Instant> since) implements LiveVerdict {
    public Running {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(since, "since");
    }
  }

  /** Not running yet, and it may still come: waiting can go on. */
  record Waiting(String reason) implements LiveVerdict {
    public Waiting {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * It will not run without a change: health became {@code Degraded} on the version, or the sync
   * operation ended {@code Failed} or {@code Error}. Waiting longer does not help.
   */
  record Failed(String reason) implements LiveVerdict {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
