package dev.promotion.scm.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.kohsuke.github.HttpException;

/**
 * What went wrong in one call, read from the exception the library or the transport raised: the
 * HTTP status and GitHub's {@code message} and {@code errors}, or the kind of transport failure.
 */
record GitHubError(Kind kind, int status, String message, List<Detail> details, IOException cause) {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Kind {
    /** GitHub answered with an error status. */
    STATUS,
    /** A rate limit refused the request and waiting would take too long. */
    RATE_LIMITED,
    /** A request that is not safe to repeat got no answer. */
    OUTCOME_UNKNOWN,
    /** GitHub could not be reached, or a safe request kept failing. */
    TRANSPORT,
    /** GitHub redirected the request to another host, or too many times. */
    REDIRECT_REFUSED,
    /** Anything else, for example an answer that could not be read. */
    OTHER
  }

  /** One entry of GitHub's {@code errors} array. */
  record Detail(String resource, String field, String code, String message) {
    String text() {
      List<String> parts = new ArrayList<>();
      for (String part : List.of(resource, field, code, message)) {
        if (!part.isEmpty()) {
          parts.add(part);
        }
      }
      return String.join(" ", parts);
    }
  }

  static GitHubError of(IOException exception) {
    HttpException http = null;
    FileNotFoundException notFound = null;
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof RateLimitedException limited) {
        return new GitHubError(Kind.RATE_LIMITED, limited.status(), "", List.of(), exception);
      }
      if (t instanceof OutcomeUnknownException) {
        return new GitHubError(Kind.OUTCOME_UNKNOWN, -1, "", List.of(), exception);
      }
      if (t instanceof RedirectRefusedException) {
        return new GitHubError(Kind.REDIRECT_REFUSED, -1, "", List.of(), exception);
      }
      if (t instanceof TransportFailureException) {
        return new GitHubError(Kind.TRANSPORT, -1, "", List.of(), exception);
      }
      if (t instanceof ApiFailure api) {
        return fromBody(api.status(), api.body(), exception);
      }
      if (http == null
          && t instanceof HttpException candidate
          && candidate.getResponseCode() >= 300) {
        http = candidate;
      }
      if (notFound == null && t instanceof FileNotFoundException candidate) {
        notFound = candidate;
      }
    }
    if (http != null) {
      return fromBody(http.getResponseCode(), http.getMessage(), exception);
    }
    if (notFound != null) {
      return fromBody(404, notFound.getMessage(), exception);
    }
    return new GitHubError(Kind.OTHER, -1, "", List.of(), exception);
  }

  private static GitHubError fromBody(int status, String body, IOException exception) {
    String text = body == null ? "" : body;
    int start = text.indexOf('{');
    if (start >= 0) {
      try {
        JsonNode json = JSON.readTree(text.substring(start));
        List<Detail> details = new ArrayList<>();
        for (JsonNode error : json.path("errors")) {
          details.add(
              error.isTextual()
                  ? new Detail("", "", "", error.asText())
                  : new Detail(
                      error.path("resource").asText(""),
                      error.path("field").asText(""),
                      error.path("code").asText(""),
                      error.path("message").asText("")));
        }
        return new GitHubError(
            Kind.STATUS, status, json.path("message").asText(""), List.copyOf(details), exception);
      } catch (IOException notJson) {
        // GitHub's proxies answer some 5xx with HTML; the status is all there is to know.
      }
    }
    return new GitHubError(Kind.STATUS, status, "", List.of(), exception);
  }

  /** Whether GitHub answered, but with a body of an unexpected shape (an array for an object). */
  boolean unexpectedShape() {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof MismatchedInputException) {
        return true;
      }
    }
    return false;
  }

  boolean is(int expected) {
    return kind == Kind.STATUS && status == expected;
  }

  boolean serverError() {
    return kind == Kind.STATUS && status >= 500;
  }

  /**
   * Whether GitHub refused a write because a rule guards the branch or tag: a ruleset (409 or 422
   * "Repository rule violations found", followed by the rules broken) or classic branch protection
   * (422 "Protected branch update failed for refs/heads/..."). Running again cannot help.
   */
  boolean ruleViolation() {
    return (is(409) || is(422))
        && (mentions("repository rule violations") || mentions("protected branch update failed"));
  }

  /**
   * Whether a compare-and-swap write lost a race: the contents API's blob id is stale (409 "PATH
   * does not match SHA"), the branch moved while the write was made (409 "refs/heads/B expected to
   * be at SHA"), a file appeared since it was read (422 "\"sha\" wasn't supplied"), or the git refs
   * API refused a ref update that is no longer a fast forward (422 "Update is not a fast forward").
   * Any other 409 or 422 is not a race, so reading again and retrying would not help.
   */
  boolean lostRace() {
    if (ruleViolation()) {
      return false;
    }
    return (is(409) && (mentions("does not match") || mentions("expected to be at")))
        || (is(422) && (mentions("\"sha\"") || mentions("not a fast forward")));
  }

  /** Whether GitHub's message or any error detail mentions {@code text}, ignoring case. */
  boolean mentions(String text) {
    String needle = text.toLowerCase(Locale.ROOT);
    if (message.toLowerCase(Locale.ROOT).contains(needle)) {
      return true;
    }
    return details.stream().anyMatch(d -> d.text().toLowerCase(Locale.ROOT).contains(needle));
  }

  Optional<Detail> detail(String field, String code) {
    return details.stream()
        .filter(d -> d.field().equals(field) && (code.isEmpty() || d.code().equals(code)))
        .findFirst();
  }

  /** GitHub's explanation: the message and the details, one line. */
  String explanation() {
    List<String> parts = new ArrayList<>();
    if (!message.isEmpty()) {
      parts.add(message);
    }
    details.forEach(d -> parts.add(d.text()));
    return String.join("; ", parts);
  }
}
