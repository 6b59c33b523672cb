package dev.promotion.git;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches a message, a log line or an exception: the user
 * information of URLs ({@code https://user:token@host}) and every known secret value.
 */
final class Redaction {
  private static final String MASK = "***";
  private static final Pattern USER_INFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]+@");

  private final List<String> secrets;

  private Redaction(List<String> secrets) {
    List<String> sorted = new ArrayList<>(secrets);
    sorted.removeIf(s -> s == null || s.isEmpty());
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(sorted);
  }

  /** A redaction of URL user information and of the secrets of {@code credentials} and the URL. */
  static Redaction of(String url, GitCredentials credentials) {
    List<String> secrets = new ArrayList<>();
    userInfoSecret(url).ifPresent(secrets::add);
    if (credentials instanceof GitCredentials.Token token) {
      secrets.add(token.token());
    } else if (credentials instanceof GitCredentials.SshKey key) {
      key.passphrase().ifPresent(secrets::add);
    }
    return new Redaction(secrets);
  }

  private static Optional<String> userInfoSecret(String url) {
    if (url == null) {
      return Optional.empty();
    }
    Matcher m = Pattern.compile("://([^/@\\s]+)@").matcher(url);
    if (!m.find()) {
      return Optional.empty();
    }
    String userInfo = m.group(1);
    int colon = userInfo.indexOf(':');
    return Optional.of(colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
  }

  /** {@code text} without URL user information or known secrets. */
  String apply(String text) {
    if (text == null) {
      return null;
    }
    String out = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    return out;
  }

  /**
   * A copy of {@code error}'s cause chain with redacted messages and the original stack traces, to
   * attach as the cause of a library exception without carrying a secret along.
   */
  Throwable apply(Throwable error) {
    if (error == null) {
      return null;
    }
    RedactedException copy =
        new RedactedException(
            error.getClass().getName() + ": " + apply(error.getMessage()),
            error.getCause() == error ? null : apply(error.getCause()));
    copy.setStackTrace(error.getStackTrace());
    return copy;
  }

  /** The stand-in for a backend exception whose message has been redacted. */
  static final class RedactedException extends Exception {
    private static final long serialVersionUID = 1L;

    RedactedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
