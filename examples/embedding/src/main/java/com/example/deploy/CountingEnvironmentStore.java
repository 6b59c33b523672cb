package com.example.deploy;

import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.HistoryEntry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The team's own adapter: an {@link EnvironmentStore} that counts the revisions it wrote (for its
 * metrics) and otherwise does what the store it wraps does. It proves itself against the testkit's
 * {@code EnvironmentStoreContract}, as every adapter must.
 */
public final class CountingEnvironmentStore implements EnvironmentStore {
  private final EnvironmentStore delegate;
  private final AtomicInteger revisions = new AtomicInteger();

  public CountingEnvironmentStore(EnvironmentStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** How many revisions this store has written. */
  public int revisions() {
    return revisions.get();
  }

  @Override
  public Optional<Deployment> current(String app, String environment) {
    return delegate.current(app, environment);
  }

  @Override
  public ApplyResult apply(ChangeSet changes) {
    ApplyResult result = delegate.apply(changes);
    if (result instanceof ApplyResult.Applied) {
      revisions.incrementAndGet();
    }
    return result;
  }

  @Override
  public boolean pinsDigests() {
    return delegate.pinsDigests();
  }

  @Override
  public List<Deployment> list(String environment) {
    return delegate.list(environment);
  }

  @Override
  public List<HistoryEntry> history(String app, String environment, int limit) {
    return delegate.history(app, environment, limit);
  }
}
