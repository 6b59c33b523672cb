package dev.promotion.gate;

/** The kind of write a gate is asked about. */
public enum Operation {
  /** A new build deployed to the first environment. */
  PUBLISH,
  /** A version copied from an environment to the next. */
  PROMOTE,
  /** A release deployed to the release environment. */
  RELEASE,
  /** An environment set back to an earlier version. */
  ROLLBACK
}
