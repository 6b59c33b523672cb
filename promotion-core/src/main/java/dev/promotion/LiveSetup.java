package dev.promotion;

import dev.promotion.live.LiveOptions;
import dev.promotion.live.Sleeper;
import dev.promotion.spi.LiveState;
import java.time.Duration;
import java.util.Optional;

/**
 * The live state the use cases read, and whether writes wait for their version to run.
 *
 * @param waitTimeout present when every write waits, up to this long, until the new version runs
 * @param rollbackOnFailure whether a write whose version does not run is rolled back
 */
record LiveSetup(
    Optional<LiveState> state,
    LiveOptions options,
    Sleeper sleeper,
    Optional<Duration> waitTimeout,
    boolean rollbackOnFailure) {

  static LiveSetup none() {
    return new LiveSetup(
        Optional.empty(), LiveOptions.defaults(), Sleeper.THREAD, Optional.empty(), false);
  }

  LiveSetup waiting(Duration timeout) {
    return new LiveSetup(state, options, sleeper, Optional.of(timeout), rollbackOnFailure);
  }

  LiveSetup rollingBack(boolean value) {
    return new LiveSetup(state, options, sleeper, waitTimeout, value);
  }
}
