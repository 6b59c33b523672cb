package dev.promotion.pipeline;

import dev.promotion.error.InvalidNameException;
import java.util.regex.Pattern;

/** Validation of relative paths inside a repository. */
public final class RepositoryPaths {
  /** A path segment: like a safe name, but a leading dot is allowed ({@code .github}). */
  private static final Pattern SEGMENT = Pattern.compile("\\.?[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

  private RepositoryPaths() {}

  /**
   * Returns the path without a trailing slash if every segment is a safe name, optionally with a
   * leading dot ({@code .platform/kubernetes}); {@code .} means the repository root and gives the
   * empty path.
   *
   * @throws InvalidNameException for absolute paths, {@code ..}, empty segments or control
   *     characters
   */
  public static String requireRelative(String kind, String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (p.isEmpty() || p.equals(".")) {
      return "";
    }
    if (p.startsWith("/")) {
      throw new InvalidNameException(kind, path, "it must be relative to the repository root");
    }
    for (String segment : p.split("/", -1)) {
      if (segment.contains("..") || !SEGMENT.matcher(segment).matches()) {
        throw new InvalidNameException(
            kind, path, "segment '" + segment + "' is empty, '..', or has unsafe characters");
      }
    }
    return p;
  }
}
