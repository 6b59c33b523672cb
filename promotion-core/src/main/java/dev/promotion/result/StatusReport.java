package dev.promotion.result;

import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What every environment runs: one row per environment, one cell per app. */
public record StatusReport(Instant time, List<EnvironmentStatus> environments) {
  public StatusReport {
    Objects.requireNonNull(time, "time");
    environments = List.copyOf(environments);
  }

  /** The version of an app in an environment, if it declares one. */
  public Optional<Version> version(String app, String environment) {
    return environments.stream()
        .filter(e -> e.environment().equals(environment))
        .flatMap(e -> e.apps().stream())
        .filter(a -> a.app().equals(app))
        .findFirst()
        .flatMap(AppStatus::version);
  }

  /** One environment and its apps, sorted by app name. */
  public record EnvironmentStatus(String environment, List<AppStatus> apps) {
    public EnvironmentStatus {
      Objects.requireNonNull(environment, "environment");
      apps = List.copyOf(apps);
    }
  }

  /**
   * One app in one environment.
   *
   * @param version what it declares, empty when nothing
   * @param since when that version was declared, when the history says
   * @param actor who declared it, when the history says
   * @param digest the image digest the version is pinned to, when the store pins one
   */
  public record AppStatus(
      String app,
      Optional<Version> version,
      Optional<Instant> since,
      Optional<String> actor,
      Optional<ImageDigest> digest) {
    public AppStatus {
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(digest, "digest");
    }

    /** An app whose version is not pinned to a digest. */
    public AppStatus(
        String app, Optional<Version> version, Optional<Instant> since, Optional<String> actor) {
      this(app, version, since, actor, Optional.empty());
    }
  }
}
