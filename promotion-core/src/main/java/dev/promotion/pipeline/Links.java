package dev.promotion.pipeline;

import dev.promotion.error.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The rule for links shown to people and recorded on hosts (a CI run, an environment's address):
 * absolute {@code http} or {@code https} URLs with a host, without credentials, at most 2048
 * characters. A rejected link is never repeated in the message, since it may hold a secret.
 */
public final class Links {
  private static final int MAX_LENGTH = 2048;

  private Links() {}

  /**
   * Returns {@code url} if it is a usable link.
   *
   * @param what what the link points at, for the message ({@code run URL})
   * @throws InvalidRequestException if it is not
   */
  public static String require(String what, String url) {
    Objects.requireNonNull(url, what);
    if (url.length() > MAX_LENGTH) {
      throw invalid(what, "it is longer than " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid(what, "it is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw invalid(what, "it is not an absolute http or https URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid(what, "it carries credentials (user@ or user:password@)");
    }
    return url;
  }

  private static InvalidRequestException invalid(String what, String reason) {
    return new InvalidRequestException(
        "The "
            + what
            + " cannot be used as a link: "
            + reason
            + ". Give an absolute https URL without credentials.");
  }
}
