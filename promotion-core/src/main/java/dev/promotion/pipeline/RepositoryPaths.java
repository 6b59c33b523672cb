package dev.promotion.pipeline;

import dev.promotion.error.InvalidNameException;

/** Validation of relative paths inside a repository. */
public final class RepositoryPaths {
  private RepositoryPaths() {}

  /**
   * Returns the path without a trailing slash if every segment is a safe name ({@code .} means the
   * repository root and gives the empty path).
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
      if (!Names.isSafe(segment)) {
        throw new InvalidNameException(
            kind, path, "segment '" + segment + "' is empty, '..', or has unsafe characters");
      }
    }
    return p;
  }
}
