package dev.promotion.argocd;

import dev.promotion.error.InvalidRequestException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an app in an environment names its Argo CD Application when the GitOps repository does not
 * say: a pattern of {@code {app}}, {@code {env}} and {@code {cluster}} such as {@code {app}-{env}}
 * (the default) or {@code {env}-{cluster}-{app}}.
 */
public final class NamePattern {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

  /** The default, {@code {app}-{env}}. */
  public static final NamePattern DEFAULT = of("{app}-{env}");

  private final String pattern;

  private NamePattern(String pattern) {
    this.pattern = pattern;
  }

  /**
   * A pattern that holds {@code {app}} and no placeholder but {@code {app}}, {@code {env}} and
   * {@code {cluster}}.
   *
   * @throws InvalidRequestException otherwise
   */
  public static NamePattern of(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    Matcher m = PLACEHOLDER.matcher(pattern);
    while (m.find()) {
      String name = m.group(1);
      if (!(name.equals("app") || name.equals("env") || name.equals("cluster"))) {
        throw new InvalidRequestException(
            "The Argo CD application name pattern '"
                + pattern
                + "' has an unknown placeholder {"
                + name
                + "}; use {app}, {env} and {cluster}.");
      }
    }
    if (!pattern.contains("{app}")) {
      throw new InvalidRequestException(
          "The Argo CD application name pattern '"
              + pattern
              + "' must contain {app}, such as {app}-{env}.");
    }
    return new NamePattern(pattern);
  }

  /**
   * The Application name of {@code app} in {@code env} on {@code cluster}.
   *
   * @throws dev.promotion.error.InvalidNameException when the result is not a name Argo CD accepts
   */
  public String name(String app, String env, String cluster) {
    return ArgoCdNames.application(
        pattern.replace("{app}", app).replace("{env}", env).replace("{cluster}", cluster));
  }

  @Override
  public String toString() {
    return pattern;
  }
}
