/**
 * Fault injection: wrap the ports an operation uses so that one chosen call fails with a retryable
 * {@link dev.promotion.error.BackendException}, before the call reaches the backend (nothing
 * happened) or after it (the write happened, but the caller sees a failure, like a lost response).
 *
 * <pre>{@code
 * FaultPlan measure = FaultPlan.none();
 * release(Faults.wrap(store, measure), Faults.wrap(registry, measure), Faults.wrap(scm, measure));
 * for (FaultPlan plan : FaultPlan.everySingleFault(measure.calls())) {
 *   // fresh fakes, run with the plan: it fails; run again without faults: it finishes the job
 * }
 * }</pre>
 */
package dev.promotion.testkit.fault;
