package dev.promotion.testkit.fault;

import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.HistoryEntry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An {@link EnvironmentStore} whose calls go through a {@link FaultPlan}. */
final class FaultyEnvironmentStore implements EnvironmentStore {
  private final EnvironmentStore delegate;
  private final FaultPlan plan;

  FaultyEnvironmentStore(EnvironmentStore delegate, FaultPlan plan) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  @Override
  public Optional<Deployment> current(String app, String environment) {
    return plan.call("store.current", () -> delegate.current(app, environment));
  }

  @Override
  public ApplyResult apply(ChangeSet changes) {
    return plan.call("store.apply", () -> delegate.apply(changes));
  }

  @Override
  public List<Deployment> list(String environment) {
    return plan.call("store.list", () -> delegate.list(environment));
  }

  @Override
  public List<HistoryEntry> history(String app, String environment, int limit) {
    return plan.call("store.history", () -> delegate.history(app, environment, limit));
  }

  @Override
  public boolean pinsDigests() {
    return delegate.pinsDigests();
  }

  @Override
  public String toString() {
    return "Faulty[" + delegate + "]";
  }
}
