package dev.promotion.argocd;

import dev.promotion.error.BackendException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.pipeline.Environment;
import dev.promotion.spi.LiveApplication;
import dev.promotion.spi.LiveObservation;
import dev.promotion.spi.LiveState;
import dev.promotion.spi.LiveTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link LiveState} port over Argo CD's REST API: one {@code GET
 * /api/v1/applications/{name}?refresh=normal} per Application behind an app in an environment.
 *
 * <p>Which Applications: those the GitOps repository names ({@link LiveTarget#applications()}, in
 * the Argo CD layout each manifest's {@code metadata.name} and {@code metadata.namespace}), else
 * one per cluster of the environment named by the {@link NamePattern} ({@code {app}-{env}} by
 * default). Which Argo CD: the server configured for the application's cluster, else for the
 * environment, else the default server (seed 001: preprod and prod clusters each run their own).
 *
 * <pre>{@code
 * LiveState live = ArgoCdLiveState.builder()
 *     .server(ArgoCdServer.builder("https://argocd.preprod.example.com")
 *         .token(ArgoCdToken.environment("ARGOCD_TOKEN")).project("apps").build())
 *     .serverForCluster("prod-cluster", ArgoCdServer.builder("https://argocd.prod.example.com")
 *         .token(ArgoCdToken.file(Path.of("/run/secrets/argocd-prod"))).project("apps").build())
 *     .build();
 * }</pre>
 *
 * <p>Read-only: it never syncs, refreshes hard or changes an Application.
 */
public final class ArgoCdLiveState implements LiveState {
  private final Optional<ArgoCdServer> defaultServer;
  private final Map<String, ArgoCdServer> byEnvironment;
  private final Map<String, ArgoCdServer> byCluster;
  private final NamePattern names;

  private ArgoCdLiveState(Builder builder) {
    this.defaultServer = builder.defaultServer;
    this.byEnvironment = Map.copyOf(builder.byEnvironment);
    this.byCluster = Map.copyOf(builder.byCluster);
    this.names = builder.names;
    if (defaultServer.isEmpty() && byEnvironment.isEmpty() && byCluster.isEmpty()) {
      throw new InvalidRequestException(
          "Argo CD live state needs at least one server: call server(...), serverForEnvironment"
              + "(...) or serverForCluster(...).");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * @throws ArgoCdAccessException when Argo CD refuses the token (401, 403) or it cannot be read
   * @throws InvalidRequestException when no server is configured for an application's cluster or
   *     environment
   * @throws dev.promotion.error.InvalidNameException when a name from the repository or the pattern
   *     is not a name Argo CD accepts
   * @throws BackendException when Argo CD cannot be reached after the retries, or does not answer
   *     as its API describes
   */
  @Override
  public List<LiveObservation> observe(LiveTarget target) {
    List<LiveObservation> observations = new ArrayList<>();
    for (LiveApplication application : applications(target)) {
      ArgoCdServer server = serverFor(target.environment(), application.cluster());
      observations.add(observe(server, application));
    }
    return observations;
  }

  /** The Applications behind the target: as the repository names them, else by the pattern. */
  List<LiveApplication> applications(LiveTarget target) {
    if (!target.applications().isEmpty()) {
      return target.applications();
    }
    Environment env = target.environment();
    String app = target.app().name();
    List<LiveApplication> named = new ArrayList<>();
    for (String cluster : env.clusters()) {
      named.add(
          new LiveApplication(cluster, names.name(app, env.name(), cluster), Optional.empty()));
    }
    return named;
  }

  private ArgoCdServer serverFor(Environment env, String cluster) {
    ArgoCdServer server = byCluster.get(cluster);
    if (server == null) {
      server = byEnvironment.get(env.name());
    }
    if (server == null) {
      server =
          defaultServer.orElseThrow(
              () ->
                  new InvalidRequestException(
                      "No Argo CD server is configured for environment "
                          + env.name()
                          + " (cluster "
                          + cluster
                          + "); add one for the cluster, the environment, or a default."));
    }
    return server;
  }

  private static LiveObservation observe(ArgoCdServer server, LiveApplication application) {
    return new ApplicationClient(server)
        .get(application)
        .map(
            json -> {
              try {
                return ApplicationJson.read(application, json);
              } catch (ApplicationJson.MalformedApplicationException e) {
                throw new BackendException(
                    ArgoCdServer.BACKEND,
                    false,
                    "application "
                        + application.qualifiedName()
                        + " at "
                        + server.url()
                        + ": "
                        + e.getMessage()
                        + "; is this Argo CD's API?");
              }
            })
        .orElseGet(() -> LiveObservation.notFound(application));
  }

  /** Builds an {@link ArgoCdLiveState}. */
  public static final class Builder {
    private Optional<ArgoCdServer> defaultServer = Optional.empty();
    private final Map<String, ArgoCdServer> byEnvironment = new LinkedHashMap<>();
    private final Map<String, ArgoCdServer> byCluster = new LinkedHashMap<>();
    private NamePattern names = NamePattern.DEFAULT;

    private Builder() {}

    /** The server for every environment and cluster not configured otherwise. */
    public Builder server(ArgoCdServer server) {
      this.defaultServer = Optional.of(Objects.requireNonNull(server, "server"));
      return this;
    }

    /** The server of every cluster of {@code environment} not configured by cluster. */
    public Builder serverForEnvironment(String environment, ArgoCdServer server) {
      byEnvironment.put(
          Objects.requireNonNull(environment, "environment"),
          Objects.requireNonNull(server, "server"));
      return this;
    }

    /** The server that runs the Applications deploying to {@code cluster}. */
    public Builder serverForCluster(String cluster, ArgoCdServer server) {
      byCluster.put(
          Objects.requireNonNull(cluster, "cluster"), Objects.requireNonNull(server, "server"));
      return this;
    }

    /**
     * How Applications are named when the repository does not say ({@code {app}-{env}} by default).
     */
    public Builder namePattern(NamePattern names) {
      this.names = Objects.requireNonNull(names, "names");
      return this;
    }

    public ArgoCdLiveState build() {
      return new ArgoCdLiveState(this);
    }
  }
}
