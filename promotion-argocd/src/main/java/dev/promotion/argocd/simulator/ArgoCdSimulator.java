package dev.promotion.argocd.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.promotion.error.InvalidRequestException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A stateful fake Argo CD API server that follows a real GitOps repository, for tests and the
 * walkthrough. It answers {@code GET /api/v1/applications/{name}} as Argo CD does (the {@code
 * v1alpha1Application} of the API description, its {@code runtimeError} bodies, 401 for a wrong
 * token, 403 for an unknown application without {@code project}, 404 with one) and moves each
 * Application through a sync when the repository's tip changes what it deploys: OutOfSync, an
 * automated sync operation, Progressing, Healthy; or a {@link Script}ed failure.
 *
 * <p>Time is driven by the caller: every request with {@code refresh} is one controller step for
 * that Application (as {@code refresh=normal} waits for a reconcile), and {@link #step()} moves
 * every Application one step; timestamps come from the injected {@link Clock}. Only 127.0.0.1 is
 * bound. Not a production server: one lock, no watch, no write API.
 */
public final class ArgoCdSimulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GitOpsSource git;
  private final Clock clock;
  private final byte[] tokenHash;
  private final boolean stepOnRefresh;
  private final Map<String, SimulatedApplication> applications = new LinkedHashMap<>();
  private final HttpServer server;
  private final ExecutorService executor;
  private int failuresLeft;
  private int failureStatus;
  private Duration delay = Duration.ZERO;
  private boolean syncWindowDenies;
  private int requests;

  private ArgoCdSimulator(Builder builder) {
    this.git = Objects.requireNonNull(builder.git, "source: call source(...)");
    this.clock = builder.clock;
    this.tokenHash = sha256(Objects.requireNonNull(builder.token, "token: call token(...)"));
    this.stepOnRefresh = builder.stepOnRefresh;
    this.executor = Executors.newFixedThreadPool(4, daemonThreads());
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      if (builder.tls != null) {
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(builder.tls));
        this.server = https;
      } else {
        this.server = HttpServer.create(address, 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the Argo CD simulator cannot bind 127.0.0.1", e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base URL: {@code http://127.0.0.1:PORT} (or {@code https://}). */
  public String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * An Application whose spec is the Argo CD Application manifest at {@code path} in the repository
   * (the Argo CD layout): it exists while the file does, and deploys the chart version its {@code
   * spec.source(s).targetRevision} names. Its name and namespace come from the file's {@code
   * metadata} unless set.
   */
  public ApplicationBuilder manifest(String path) {
    return new ApplicationBuilder(SimulatedApplication.Kind.MANIFEST, path);
  }

  /**
   * An Application over a directory of the repository (a Kustomize overlay): its revision is the
   * tip commit, so every commit syncs it.
   */
  public ApplicationBuilder directory(String name, String path) {
    return new ApplicationBuilder(SimulatedApplication.Kind.DIRECTORY, path).name(name);
  }

  /**
   * An app-of-apps parent over a directory of Application manifests: like Argo CD, it reports
   * Healthy once synced whatever its children's health.
   */
  public ApplicationBuilder appOfApps(String name, String path) {
    return new ApplicationBuilder(SimulatedApplication.Kind.PARENT, path).name(name);
  }

  /** One controller step for every Application. */
  public synchronized void step() {
    applications.values().forEach(a -> a.step(git, syncWindowDenies, clock.instant()));
  }

  /** {@code count} controller steps for every Application. */
  public void step(int count) {
    for (int i = 0; i < count; i++) {
      step();
    }
  }

  /** The next {@code count} requests are answered with {@code status} (such as 503). */
  public synchronized void failNext(int count, int status) {
    this.failuresLeft = count;
    this.failureStatus = status;
  }

  /** Every answer is delayed by {@code delay} (a slow server); zero for none. */
  public synchronized void delay(Duration delay) {
    this.delay = Objects.requireNonNull(delay, "delay");
  }

  /** Whether a sync window denies syncs now: operations wait, "blocked by sync window". */
  public synchronized void syncWindowDenies(boolean denies) {
    this.syncWindowDenies = denies;
  }

  /**
   * Whether a sync window of {@code name}'s project denies its syncs now (the window's applications
   * selector naming it).
   */
  public synchronized void syncWindowDenies(String name, boolean denies) {
    application(name).syncWindowDenies = denies;
  }

  /** Adds a {@code status.conditions[]} entry, such as {@code ComparisonError}, to {@code name}. */
  public synchronized void condition(String name, String type, String message) {
    application(name).conditions.put(type, message);
  }

  /**
   * Whether {@code name} is hidden: answered as not found while hidden (not generated yet by an
   * ApplicationSet, not created yet by its app-of-apps parent).
   */
  public synchronized void hidden(String name, boolean hidden) {
    application(name).hidden = hidden;
  }

  /** What goes wrong when {@code name} syncs from now on. */
  public synchronized void script(String name, Script script) {
    application(name).script = Objects.requireNonNull(script, "script");
  }

  /** What goes wrong when {@code name} syncs the revision (for a Helm source, chart version). */
  public synchronized void script(String name, String revision, Script script) {
    application(name).scriptByRevision.put(revision, Objects.requireNonNull(script, "script"));
  }

  /** How many requests the server answered. */
  public synchronized int requests() {
    return requests;
  }

  private SimulatedApplication application(String name) {
    SimulatedApplication app =
        applications.values().stream()
            .filter(a -> a.name.equals(name))
            .findFirst()
            .orElseThrow(
                () -> new InvalidRequestException("The simulator has no application " + name));
    return app;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Answer answer = answer(exchange);
      long wait;
      synchronized (this) {
        wait = delay.toMillis();
      }
      if (wait > 0) {
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] body = JSON.writeValueAsBytes(answer.body);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private record Answer(int status, Object body) {}

  private synchronized Answer answer(HttpExchange exchange) {
    requests++;
    if (failuresLeft > 0) {
      failuresLeft--;
      return error(failureStatus, 14, "simulated failure: the API server is unavailable");
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null
        || !authorization.startsWith("Bearer ")
        || !MessageDigest.isEqual(tokenHash, sha256(authorization.substring(7)))) {
      return error(401, 16, "invalid session: token signature is invalid");
    }
    URI uri = exchange.getRequestURI();
    String prefix = "/api/v1/applications/";
    String path = uri.getRawPath();
    if (!path.startsWith(prefix) || path.length() == prefix.length()) {
      return error(404, 5, "Not Found");
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      return error(405, 12, "Method Not Allowed");
    }
    String name = decode(path.substring(prefix.length()));
    Map<String, String> query = query(uri.getRawQuery());
    String namespace = query.getOrDefault("appNamespace", "argocd");
    Optional<String> project = Optional.ofNullable(query.get("project"));
    SimulatedApplication app = applications.get(namespace + "/" + name);
    if (app == null || !app.exists(git, clock.instant())) {
      return missing(name, project);
    }
    if (project.isPresent() && !project.get().equals(app.project)) {
      return missing(name, project);
    }
    if (stepOnRefresh && query.containsKey("refresh")) {
      app.step(git, syncWindowDenies, clock.instant());
    }
    return new Answer(200, app.json());
  }

  /** As Argo CD: 404 when the caller named a project, else 403 so existence does not leak. */
  private static Answer missing(String name, Optional<String> project) {
    if (project.isPresent()) {
      return error(
          404,
          5,
          "applications.argoproj.io \"" + name.replaceAll("[^a-z0-9.-]", "") + "\" not found");
    }
    return error(403, 7, "permission denied");
  }

  private static Answer error(int status, int code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", message);
    body.put("code", code);
    body.put("message", message);
    body.putArray("details");
    return new Answer(status, body);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      values.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return values;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "argocd-simulator");
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Adds one Application to the simulator. */
  public final class ApplicationBuilder {
    private final SimulatedApplication.Kind kind;
    private final String location;
    private String name;
    private String namespace = "argocd";
    private String project = "default";
    private String repoUrl = "https://git.example.com/gitops.git";
    private Optional<String> kustomizeImage = Optional.empty();
    private Function<List<String>, List<String>> images = revisions -> List.of();
    private Script script = Script.HEALTHY;
    private int progressSteps = 1;
    private int staleSteps = 2;
    private int createdAfterReads;

    private ApplicationBuilder(SimulatedApplication.Kind kind, String location) {
      this.kind = kind;
      this.location = Objects.requireNonNull(location, "location");
    }

    /** The Application's name (a manifest's {@code metadata.name} by default). */
    public ApplicationBuilder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The namespace the Application lives in ({@code argocd} by default). */
    public ApplicationBuilder namespace(String namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /** Its {@code spec.project} ({@code default} by default). */
    public ApplicationBuilder project(String project) {
      this.project = Objects.requireNonNull(project, "project");
      return this;
    }

    /** The repository URL a directory source reports. */
    public ApplicationBuilder repoUrl(String repoUrl) {
      this.repoUrl = Objects.requireNonNull(repoUrl, "repoUrl");
      return this;
    }

    /**
     * A directory Application reports the image its overlay's {@code images[name=image]} sets
     * ({@code newName|name:newTag[@digest]}) in {@code summary.images}.
     */
    public ApplicationBuilder kustomizeImage(String image) {
      this.kustomizeImage = Optional.of(image);
      return this;
    }

    /** The images it runs once a revision is synced ({@code summary.images}). */
    public ApplicationBuilder images(Function<List<String>, List<String>> images) {
      this.images = Objects.requireNonNull(images, "images");
      return this;
    }

    /** What goes wrong when it syncs ({@link Script#HEALTHY} by default). */
    public ApplicationBuilder script(Script script) {
      this.script = Objects.requireNonNull(script, "script");
      return this;
    }

    /** Steps it stays Progressing before Healthy (1 by default). */
    public ApplicationBuilder progressSteps(int steps) {
      this.progressSteps = steps;
      return this;
    }

    /** Steps a {@link Script#STALE_HEALTH} application reports stale health (2 by default). */
    public ApplicationBuilder staleSteps(int steps) {
      this.staleSteps = steps;
      return this;
    }

    /** Answers as not found for its first {@code reads} reads (an ApplicationSet generating it). */
    public ApplicationBuilder createdAfterReads(int reads) {
      this.createdAfterReads = reads;
      return this;
    }

    /** Adds it; returns its name. */
    public String add() {
      synchronized (ArgoCdSimulator.this) {
        String resolved = name != null ? name : manifestName();
        SimulatedApplication app =
            new SimulatedApplication(
                resolved,
                namespace,
                project,
                kind,
                location,
                repoUrl,
                kustomizeImage,
                images,
                script,
                progressSteps,
                staleSteps,
                createdAfterReads);
        applications.put(namespace + "/" + resolved, app);
        return resolved;
      }
    }

    private String manifestName() {
      String text =
          git.read(git.tip(), location)
              .orElseThrow(
                  () ->
                      new InvalidRequestException(
                          "No manifest at "
                              + location
                              + " to take the Application's name from; give name(...)."));
      return dev.promotion.yaml.YamlText.parse(location, text)
          .value(dev.promotion.yaml.YamlPath.of("metadata", "name"))
          .orElseThrow(
              () ->
                  new InvalidRequestException(
                      "The manifest " + location + " has no metadata.name; give name(...)."));
    }
  }

  /** Builds and starts an {@link ArgoCdSimulator}. */
  public static final class Builder {
    private GitOpsSource git;
    private Clock clock = Clock.systemUTC();
    private String token;
    private SSLContext tls;
    private boolean stepOnRefresh = true;

    private Builder() {}

    /** The repository it follows. Required. */
    public Builder source(GitOpsSource git) {
      this.git = Objects.requireNonNull(git, "git");
      return this;
    }

    /** The clock of every timestamp it reports. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The one bearer token it accepts. Required. */
    public Builder token(String token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /** Serve HTTPS with this server context (its key and certificate). */
    public Builder tls(SSLContext tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /**
     * Whether a read with {@code refresh} is a controller step for that Application (true by
     * default); false to move only on {@link ArgoCdSimulator#step()}.
     */
    public Builder stepOnRefresh(boolean stepOnRefresh) {
      this.stepOnRefresh = stepOnRefresh;
      return this;
    }

    /** Starts it on 127.0.0.1 on a free port. */
    public ArgoCdSimulator start() {
      return new ArgoCdSimulator(this);
    }
  }
}
