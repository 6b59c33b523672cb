package dev.promotion.scm.github;

import java.io.IOException;

/** Where the {@code Authorization} header of every request comes from. */
interface Authorization {
  /** The header value, for example {@code Bearer ...}; fetches or refreshes it when needed. */
  String header() throws IOException;

  /** GitHub answered 401 to a request carrying {@code header}: forget it if it is cached. */
  default void rejected(String header) {}

  /** What kind of credential this is, for messages: never the credential itself. */
  String kind();
}
