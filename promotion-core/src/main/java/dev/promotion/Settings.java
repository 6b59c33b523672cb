package dev.promotion;

import dev.promotion.pipeline.Links;
import dev.promotion.pipeline.Names;
import dev.promotion.version.ReleaseTag;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the use cases name and find things.
 *
 * @param mainBranch the development branch whose chart version is bumped after a release
 * @param devWorkflow the workflow that builds and publishes to the first environment, dispatched
 *     after a release bumps the main branch
 * @param tagPrefix the release tag prefix ({@code v})
 * @param actor who is acting, recorded in every audit trailer
 * @param runId the CI run, recorded in every audit trailer when present
 * @param workDirectory where chart packages are spooled while they are re-versioned
 * @param runUrl where people see the CI run, when known; recorded with each deployment ({@code
 *     log_url}). An absolute http(s) URL without credentials
 */
public record Settings(
    String mainBranch,
    String devWorkflow,
    String tagPrefix,
    String actor,
    Optional<String> runId,
    Path workDirectory,
    Optional<String> runUrl) {
  public Settings {
    Objects.requireNonNull(mainBranch, "mainBranch");
    Objects.requireNonNull(devWorkflow, "devWorkflow");
    Objects.requireNonNull(tagPrefix, "tagPrefix");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(workDirectory, "workDirectory");
    Objects.requireNonNull(runUrl, "runUrl");
    new ReleaseTag(tagPrefix, dev.promotion.version.ChartVersion.of(0, 0, 0));
    if (actor.isBlank() || actor.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("The actor is one non-blank line");
    }
    runId.ifPresent(id -> Names.requireSafe("run id", id));
    runUrl.ifPresent(url -> Links.require("run URL", url));
  }

  /** Settings without a run URL. */
  public Settings(
      String mainBranch,
      String devWorkflow,
      String tagPrefix,
      String actor,
      Optional<String> runId,
      Path workDirectory) {
    this(mainBranch, devWorkflow, tagPrefix, actor, runId, workDirectory, Optional.empty());
  }

  /** {@code main}, {@code publish-dev.yaml}, {@code v}, actor {@code promotion}, the temp dir. */
  public static Settings defaults() {
    return new Settings(
        "main",
        "publish-dev.yaml",
        ReleaseTag.DEFAULT_PREFIX,
        "promotion",
        Optional.empty(),
        Path.of(System.getProperty("java.io.tmpdir")));
  }

  public Settings withMainBranch(String value) {
    return new Settings(value, devWorkflow, tagPrefix, actor, runId, workDirectory, runUrl);
  }

  public Settings withDevWorkflow(String value) {
    return new Settings(mainBranch, value, tagPrefix, actor, runId, workDirectory, runUrl);
  }

  public Settings withTagPrefix(String value) {
    return new Settings(mainBranch, devWorkflow, value, actor, runId, workDirectory, runUrl);
  }

  public Settings withActor(String value) {
    return new Settings(mainBranch, devWorkflow, tagPrefix, value, runId, workDirectory, runUrl);
  }

  public Settings withRunId(String value) {
    return new Settings(
        mainBranch, devWorkflow, tagPrefix, actor, Optional.of(value), workDirectory, runUrl);
  }

  public Settings withWorkDirectory(Path value) {
    return new Settings(mainBranch, devWorkflow, tagPrefix, actor, runId, value, runUrl);
  }

  /** The same settings, with the CI run shown at {@code value}. */
  public Settings withRunUrl(String value) {
    return new Settings(
        mainBranch, devWorkflow, tagPrefix, actor, runId, workDirectory, Optional.of(value));
  }
}
