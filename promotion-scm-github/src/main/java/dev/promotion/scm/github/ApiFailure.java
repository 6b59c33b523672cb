package dev.promotion.scm.github;

import java.io.IOException;

/** A call made without the github-api library got an error status from GitHub. */
final class ApiFailure extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String body;

  ApiFailure(String request, int status, String body) {
    super(request + " answered " + status);
    this.status = status;
    this.body = body;
  }

  int status() {
    return status;
  }

  /** The response body as GitHub sent it (JSON with {@code message} and {@code errors}). */
  String body() {
    return body;
  }
}
