package dev.promotion.gate;

import dev.promotion.error.InvalidVersionException;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.version.Version;
import dev.promotion.version.VersionKind;
import java.util.List;
import java.util.Optional;

/**
 * What an environment's history says about rollbacks. A rollback is a revision with the {@value
 * #TRAILER} trailer naming the version it rolled back from; it holds that version back until the
 * version is deliberately deployed there again.
 */
public final class Rollbacks {
  /** The trailer a rollback carries: the version it rolled back from. */
  public static final String TRAILER = "Promotion-Rollback";

  /** How many changes of an environment's history rollbacks are looked for in. */
  public static final int HISTORY_DEPTH = 100;

  private Rollbacks() {}

  /**
   * The rollback that holds {@code version} back: the newest rollback away from it that is newer
   * than its newest deployment.
   *
   * @param history an environment's history, newest first
   * @return the rollback, or empty when {@code version} was not rolled back from, or ran again
   *     after its last rollback
   */
  public static Optional<HistoryEntry> holdingBack(Version version, List<HistoryEntry> history) {
    for (HistoryEntry entry : history) {
      if (entry.version().equals(version)) {
        return Optional.empty();
      }
      if (rolledBackFrom(entry).filter(version::equals).isPresent()) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /** The version a revision rolled back from; empty when it is no rollback (or unreadable). */
  public static Optional<Version> rolledBackFrom(HistoryEntry entry) {
    return entry.trailer(TRAILER).flatMap(v -> versionOrNone(entry.version().kind(), v));
  }

  private static Optional<Version> versionOrNone(VersionKind kind, String recorded) {
    try {
      return Optional.of(Version.parse(kind, recorded.strip()));
    } catch (InvalidVersionException e) {
      return Optional.empty();
    }
  }
}
