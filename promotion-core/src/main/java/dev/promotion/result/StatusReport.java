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
   * @param live what runs, when the report was asked with live state
   */
  public record AppStatus(
      String app,
      Optional<Version> version,
      Optional<Instant> since,
      Optional<String> actor,
      Optional<ImageDigest> digest,
      Optional<LiveStatus> live) {
    public AppStatus {
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(live, "live");
    }

    /** An app without live state. */
    public AppStatus(
        String app,
        Optional<Version> version,
        Optional<Instant> since,
        Optional<String> actor,
        Optional<ImageDigest> digest) {
      this(app, version, since, actor, digest, Optional.empty());
    }

    /** The same app, with what runs. */
    public AppStatus withLive(LiveStatus value) {
      return new AppStatus(app, version, since, actor, digest, Optional.of(value));
    }

    /** An app whose version is not pinned to a digest. */
    public AppStatus(
        String app, Optional<Version> version, Optional<Instant> since, Optional<String> actor) {
      this(app, version, since, actor, Optional.empty());
    }
  }

  /**
   * What runs for an app in an environment, as the deployment controller reports it.
   *
   * @param sync Argo CD's sync status ({@code Synced}, {@code OutOfSync}; several joined with
   *     {@code /} when clusters differ; {@code NotFound} when no application exists)
   * @param health Argo CD's health status, joined the same way
   * @param since when the declared version became healthy there, or the last health transition
   * @param live what the controller synced for the app's source ({@code synced 0.1.0}, or the
   *     images), per cluster
   * @param running whether the environment runs the declared version ({@link
   *     dev.promotion.live.RunningRule})
   * @param differs whether the live revision differs from what git declares
   * @param reason why it does not run, or what runs
   */
  public record LiveStatus(
      String sync,
      String health,
      Optional<Instant> since,
      String live,
      boolean running,
      boolean differs,
      String reason) {
    public LiveStatus {
      Objects.requireNonNull(sync, "sync");
      Objects.requireNonNull(health, "health");
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(live, "live");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
