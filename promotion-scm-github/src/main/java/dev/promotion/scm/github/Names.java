package dev.promotion.scm.github;

import dev.promotion.error.InvalidNameException;
import dev.promotion.error.InvalidReferenceException;
import java.util.regex.Pattern;

/** Checks the names that end up in GitHub URLs and request bodies before anything is sent. */
final class Names {
  static final Pattern FULL_SHA = Pattern.compile("[0-9a-fA-F]{40}");
  static final Pattern SHORT_SHA = Pattern.compile("[0-9a-fA-F]{4,39}");
  private static final Pattern REF_FORBIDDEN = Pattern.compile("[\\s~^:?*\\[\\\\\\p{Cntrl}]");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  // Enterprise managed users add "_shortcode" to their login.
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern DISPATCH_KEY = Pattern.compile("[A-Za-z0-9._:/+=@-]{1,100}");

  private Names() {}

  /** A branch, tag or other git ref name, following {@code git check-ref-format}. */
  static String ref(String value) {
    if (value == null
        || value.isEmpty()
        || value.length() > 250
        || REF_FORBIDDEN.matcher(value).find()
        || value.contains("..")
        || value.contains("@{")
        || value.contains("//")
        || value.equals("@")
        || value.startsWith("/")
        || value.startsWith("-")
        || value.endsWith("/")
        || value.endsWith(".")
        || value.endsWith(".lock")
        || value.contains("/.")
        || value.startsWith(".")) {
      throw new InvalidReferenceException(value, "a git branch, tag or commit name");
    }
    return value;
  }

  /** A file path inside the repository: relative, no {@code ..}, no empty or dot segments. */
  static String path(String value) {
    if (value == null || value.isEmpty() || value.length() > 1024) {
      throw new InvalidNameException("file", String.valueOf(value), "it is empty or too long");
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidNameException(
            "file", value, "paths are relative, without empty, '.' or '..' segments");
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (Character.isISOControl(c) || c == '\\') {
          throw new InvalidNameException("file", value, "it contains a control character or '\\'");
        }
      }
    }
    return value;
  }

  /** A workflow file name such as {@code publish-dev.yaml}, or a numeric workflow id. */
  static String workflow(String value) {
    if (value == null || !SEGMENT.matcher(value).matches() || value.startsWith(".")) {
      throw new InvalidNameException(
          "workflow", String.valueOf(value), "it must be a file name such as publish-dev.yaml");
    }
    return value;
  }

  static String owner(String value) {
    if (value == null || !OWNER.matcher(value).matches()) {
      throw new InvalidNameException(
          "repository owner",
          String.valueOf(value),
          "it is not a GitHub user or organization name");
    }
    return value;
  }

  static String repository(String value) {
    if (value == null
        || !REPOSITORY.matcher(value).matches()
        || value.equals(".")
        || value.equals("..")) {
      throw new InvalidNameException(
          "repository", String.valueOf(value), "it is not a GitHub repository name");
    }
    return value;
  }

  /** A dispatch key: one token, so that it can be found again in a run's title. */
  static String dispatchKey(String value) {
    if (value == null || !DISPATCH_KEY.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "A dispatch key is 1 to 100 characters from letters, digits and ._:/+=@- (no spaces): '"
              + Printable.of(value)
              + "'");
    }
    return value;
  }
}
