package dev.promotion.testkit.fault;

import dev.promotion.error.BackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which call fails, counted across every port wrapped with the same plan, and a log of the calls.
 *
 * <p>A plan fails at most one call: the {@code n}-th, with a {@link BackendException} whose backend
 * is {@value #BACKEND} and which is retryable. With {@link Timing#BEFORE} the call is not
 * delegated; with {@link Timing#AFTER} it is delegated, and its result is replaced by the failure.
 * Calls are numbered from 1 in the order they start. Thread-safe.
 */
public final class FaultPlan {
  /** The backend name of injected failures. */
  public static final String BACKEND = "fault-injection";

  /** When the failing call fails. */
  public enum Timing {
    /** Before it is delegated: the backend never sees it. */
    BEFORE,
    /** After it is delegated: it took effect, but its caller sees a failure (a lost response). */
    AFTER
  }

  private final int failingCall;
  private final Timing timing;
  private final List<String> calls = new ArrayList<>();
  private String injected;

  private FaultPlan(int failingCall, Timing timing) {
    this.failingCall = failingCall;
    this.timing = timing;
  }

  /** A plan that fails nothing, to count and log the calls an operation makes. */
  public static FaultPlan none() {
    return new FaultPlan(0, Timing.BEFORE);
  }

  /**
   * A plan that fails the {@code n}-th call.
   *
   * @param n the call to fail, from 1
   * @param timing before or after the call is delegated
   */
  public static FaultPlan failCall(int n, Timing timing) {
    if (n < 1) {
      throw new IllegalArgumentException("Calls are numbered from 1: " + n);
    }
    return new FaultPlan(n, Objects.requireNonNull(timing, "timing"));
  }

  /**
   * Every plan that fails one of the first {@code calls} calls, before and after: {@code 2 * calls}
   * plans, in the order call 1 before, call 1 after, call 2 before, ...
   */
  public static List<FaultPlan> everySingleFault(int calls) {
    List<FaultPlan> plans = new ArrayList<>();
    for (int n = 1; n <= calls; n++) {
      for (Timing timing : Timing.values()) {
        plans.add(failCall(n, timing));
      }
    }
    return List.copyOf(plans);
  }

  /**
   * Runs one call of a wrapped port under this plan. Wrappers call it for every method; it is
   * public so that a test can wrap its own ports the same way.
   *
   * @param name the call, for the log, for example {@code scm.commitFile}
   * @param call the delegation to the real port
   * @return what the call returned
   * @throws BackendException when this call is the one to fail; a failure of the delegated call
   *     itself propagates unchanged and injects nothing
   */
  public <T> T call(String name, Supplier<T> call) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(call, "call");
    int number;
    synchronized (this) {
      calls.add(name);
      number = calls.size();
    }
    boolean fails = number == failingCall;
    if (fails && timing == Timing.BEFORE) {
      throw inject(number, name);
    }
    T result = call.get();
    if (fails) {
      throw inject(number, name);
    }
    return result;
  }

  /** How many calls started so far. */
  public synchronized int calls() {
    return calls.size();
  }

  /** The calls started so far, in order, for example {@code [store.current, scm.commitFile]}. */
  public synchronized List<String> callLog() {
    return List.copyOf(calls);
  }

  /**
   * What was injected, for example {@code call 3 (scm.commitFile) failed after it was delegated}.
   */
  public synchronized Optional<String> injected() {
    return Optional.ofNullable(injected);
  }

  /** The call this plan fails, or empty for {@link #none()}. */
  public Optional<Integer> failingCall() {
    return failingCall == 0 ? Optional.empty() : Optional.of(failingCall);
  }

  /** When the failing call fails. */
  public Timing timing() {
    return timing;
  }

  private BackendException inject(int number, String name) {
    String what =
        "call "
            + number
            + " ("
            + name
            + ") failed "
            + (timing == Timing.BEFORE
                ? "before it was delegated: nothing happened"
                : "after it was delegated: it took effect, but its response was lost");
    synchronized (this) {
      injected = what;
    }
    return new BackendException(BACKEND, true, "injected failure: " + what);
  }

  /** For example {@code fail call 3 after it is delegated; calls so far: [...]}. */
  @Override
  public synchronized String toString() {
    return (failingCall == 0
            ? "fail nothing"
            : "fail call "
                + failingCall
                + " "
                + timing.name().toLowerCase(Locale.ROOT)
                + " it is delegated")
        + "; calls so far: "
        + calls;
  }
}
