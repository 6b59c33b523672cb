package dev.promotion.testkit;

import dev.promotion.testkit.contract.RepositorySeed;
import java.time.Clock;

/** Turns a contract kit's seed into an in-memory repository, with the public seeding helpers. */
public final class Seeds {
  private Seeds() {}

  public static InMemorySourceControl materialize(RepositorySeed seed, InMemorySourceControl scm) {
    for (RepositorySeed.Commit commit : seed.commits()) {
      String id = scm.branch(seed.branch()).commit(commit.message(), commit.files());
      commit.tags().forEach(tag -> scm.tag(tag, id));
    }
    return scm;
  }

  public static InMemorySourceControl materialize(RepositorySeed seed) {
    return materialize(
        seed, new InMemorySourceControl(new MutableClock(InMemorySourceControl.DEFAULT_TIME)));
  }

  public static Clock clock() {
    return new MutableClock(InMemorySourceControl.DEFAULT_TIME);
  }
}
