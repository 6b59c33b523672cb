package dev.promotion.gitops;

import dev.promotion.error.InvalidManifestException;
import java.util.List;
import java.util.Map;

/**
 * An environment that spans several clusters declares different versions of an app in its clusters'
 * manifests. The store reads nothing and writes nothing for it until they agree.
 */
public class DisagreeingDeclarationsException extends InvalidManifestException {
  private static final long serialVersionUID = 1L;
  private final String app;
  private final String environment;
  private final List<String> paths;

  /**
   * @param versions each file and the version it declares, in cluster order
   */
  public DisagreeingDeclarationsException(
      String app, String environment, Map<String, String> versions) {
    super(
        String.join(", ", versions.keySet()),
        0,
        0,
        "declare different versions of "
            + app
            + " in "
            + environment
            + " ("
            + describe(versions)
            + "); every cluster of an environment must declare the same version");
    this.app = app;
    this.environment = environment;
    this.paths = List.copyOf(versions.keySet());
  }

  private static String describe(Map<String, String> versions) {
    StringBuilder out = new StringBuilder();
    versions.forEach(
        (path, version) ->
            out.append(out.length() == 0 ? "" : ", ").append(path).append(": ").append(version));
    return out.toString();
  }

  public String app() {
    return app;
  }

  public String environment() {
    return environment;
  }

  /** The files that disagree, in cluster order. */
  public List<String> paths() {
    return paths;
  }
}
