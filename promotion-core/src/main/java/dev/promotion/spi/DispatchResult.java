package dev.promotion.spi;

import java.util.Objects;

/** What {@link SourceControl#dispatchWorkflow} did. */
public sealed interface DispatchResult {
  WorkflowDispatch dispatch();

  /** The workflow run was requested. */
  record Dispatched(WorkflowDispatch dispatch) implements DispatchResult {
    public Dispatched {
      Objects.requireNonNull(dispatch, "dispatch");
    }
  }

  /** A dispatch with the same key was already made; nothing was sent. */
  record AlreadyDispatched(WorkflowDispatch dispatch) implements DispatchResult {
    public AlreadyDispatched {
      Objects.requireNonNull(dispatch, "dispatch");
    }
  }
}
