package dev.promotion.scm.github;

import dev.promotion.error.BackendException;
import java.io.IOException;
import java.time.Instant;
import org.kohsuke.github.GHException;

/**
 * Turns a failed call into a {@link BackendException} at the boundary: the message says what was
 * being done, what GitHub said and what to do next; every message and every cause in the chain goes
 * through the {@link Redactor} first.
 */
final class Failures {
  static final String BACKEND = "github";
  private final Redactor redactor;

  Failures(Redactor redactor) {
    this.redactor = redactor;
  }

  BackendException backend(IOException exception, String action) {
    return backend(GitHubError.of(exception), action);
  }

  /** Paged listings wrap the IOException of a page in the library's {@link GHException}. */
  BackendException backend(GHException exception, String action) {
    for (Throwable t = exception.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return backend(io, action);
      }
    }
    return backend(new IOException(exception.getMessage(), exception), action);
  }

  BackendException backend(GitHubError error, String action) {
    String doing = Printable.of(action);
    String said = said(error);
    return switch (error.kind()) {
      case RATE_LIMITED ->
          retryable(
              "GitHub's rate limit stopped the attempt to "
                  + doing
                  + resumeHint(error)
                  + ". Run again after that, or raise the rate-limit wait.",
              error);
      case OUTCOME_UNKNOWN ->
          retryable(
              "GitHub did not answer the attempt to "
                  + doing
                  + "; it may or may not have been applied. Check, then run again: the operation"
                  + " looks before it writes.",
              error);
      case TRANSPORT ->
          retryable(
              "Could not reach GitHub to "
                  + doing
                  + " ("
                  + Printable.of(redactor.redact(rootMessage(error.cause())))
                  + "). Check the network and the API URL, then run again.",
              error);
      case REDIRECT_REFUSED ->
          notRetryable(
              "GitHub answered the attempt to "
                  + doing
                  + " with a redirect that is not followed ("
                  + Printable.of(redactor.redact(redirectMessage(error.cause())))
                  + "). Redirects are followed only on the configured API host, so the"
                  + " credentials never leave it. A repository moved to another GitHub host needs"
                  + " that host's API URL (apiUrl) and the new owner/name.",
              error);
      case OTHER ->
          notRetryable(
              "Could not " + doing + ": GitHub's answer could not be used (" + said + ").", error);
      case STATUS -> status(error, doing, said);
    };
  }

  private BackendException status(GitHubError error, String doing, String said) {
    int status = error.status();
    if (status == 401) {
      return notRetryable(
          "GitHub rejected the credentials (401"
              + said
              + ") while trying to "
              + doing
              + ". Check the token, or the App id, private key and installation.",
          error);
    }
    if (status == 403) {
      return notRetryable(
          "GitHub refused to "
              + doing
              + " (403"
              + said
              + "). Check the permissions of the token or the App installation (contents, pull"
              + " requests, actions, deployments: write) and that no branch or tag rule forbids it.",
          error);
    }
    if (status == 404) {
      return notRetryable(
          "GitHub could not find what was needed to "
              + doing
              + " (404"
              + said
              + "). Check the owner, the repository and that the credentials can see them.",
          error);
    }
    if (status >= 500) {
      return retryable(
          "GitHub failed to " + doing + " (" + status + said + "). Run again later.", error);
    }
    return notRetryable(
        "GitHub rejected the attempt to " + doing + " (" + status + said + ").", error);
  }

  /**
   * A write that a ruleset or branch protection refuses: permanent, so not retryable, and the
   * advice is to go through a pull request.
   */
  BackendException ruleViolation(GitHubError error, String action, String ref) {
    return notRetryable(
        "GitHub's rules for "
            + Printable.of(ref)
            + " refuse the attempt to "
            + Printable.of(action)
            + " ("
            + error.status()
            + said(error)
            + "). Nothing was written. A rule that requires pull requests cannot be met by a direct"
            + " write: write through a pull request instead (write: pull-request in promotion.yaml),"
            + " or give this token or GitHub App a bypass in the ruleset or branch protection.",
        error);
  }

  /** The text with every registered secret replaced. */
  String redact(String text) {
    return redactor.redact(text);
  }

  /** The failure's cause chain with every message redacted, to attach to another exception. */
  Throwable cause(GitHubError error) {
    return SanitizedCause.of(error.cause(), redactor);
  }

  /** GitHub's explanation, redacted and printable, as {@code ": ..."}; empty when there is none. */
  String said(GitHubError error) {
    String explanation = error.explanation();
    return explanation.isEmpty() ? "" : ": " + Printable.of(redactor.redact(explanation));
  }

  private static String resumeHint(GitHubError error) {
    for (Throwable t = error.cause(); t != null; t = t.getCause()) {
      if (t instanceof RateLimitedException limited) {
        Instant at = limited.resumeAt();
        return " ("
            + (limited.secondary() ? "secondary" : "primary")
            + " limit, "
            + limited.status()
            + "); GitHub accepts requests again at "
            + at;
      }
    }
    return "";
  }

  private static String redirectMessage(Throwable throwable) {
    for (Throwable t = throwable; t != null; t = t.getCause()) {
      if (t instanceof RedirectRefusedException refused) {
        return refused.getMessage();
      }
    }
    return "";
  }

  private static String rootMessage(Throwable throwable) {
    Throwable root = throwable;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private BackendException retryable(String message, GitHubError error) {
    return new BackendException(
        BACKEND, true, redactor.redact(message), SanitizedCause.of(error.cause(), redactor));
  }

  private BackendException notRetryable(String message, GitHubError error) {
    return new BackendException(
        BACKEND, false, redactor.redact(message), SanitizedCause.of(error.cause(), redactor));
  }
}
