package dev.promotion.cli.config;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.error.InvalidPathExpressionException;
import dev.promotion.error.InvalidPipelineException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.gate.FreezeWindow;
import dev.promotion.gate.Gates;
import dev.promotion.gate.MutableTagGate;
import dev.promotion.gate.PromotionGate;
import dev.promotion.git.CommitSigner;
import dev.promotion.git.GitRepository;
import dev.promotion.gitops.PathLayout;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.version.ImageTag;
import dev.promotion.version.VersionKind;
import dev.promotion.yaml.YamlKind;
import dev.promotion.yaml.YamlLocation;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlText;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code promotion.yaml} with the core's safe YAML loader (limits, no custom tags, no
 * duplicate keys). Every problem is a {@link ConfigurationException} with the file, line and column
 * and a hint; unknown keys are errors; a secret written in the file is refused.
 */
public final class ConfigLoader {
  private static final Pattern LITERAL_SECRET =
      Pattern.compile(
          "gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|(?:AKIA|ASIA)[0-9A-Z]{16}"
              + "|-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----|://[^/\\s:@]+:[^/\\s@]+@");
  static final String SECRET_HINT =
      "Write {env: VARIABLE} or {file: PATH} instead; a secret never goes in promotion.yaml.";

  private final String file;
  private final Path base;
  private final YamlText text;
  private final Map<String, String> appChartRepositories = new LinkedHashMap<>();

  private ConfigLoader(String file, Path base, YamlText text) {
    this.file = file;
    this.base = base;
    this.text = text;
  }

  /** Loads the file. */
  public static PromotionConfig load(Path path) {
    String name = path.toString();
    String content;
    try {
      content = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(
          name,
          0,
          0,
          "there is no such file",
          "Create it (see promotion-cli/README.md), pass --config FILE, or run promotion"
              + " walkthrough to get a working example.");
    } catch (IOException e) {
      throw new ConfigurationException(name, 0, 0, "it cannot be read", "Check its mode.");
    }
    Path base = path.toAbsolutePath().getParent();
    return parse(name, base, content);
  }

  /** Parses {@code content}, resolving relative paths against {@code base}. */
  public static PromotionConfig parse(String file, Path base, String content) {
    refuseLiteralSecrets(file, content);
    YamlText text;
    try {
      text = YamlText.parse(file, content);
    } catch (InvalidManifestException e) {
      throw new ConfigurationException(
          file,
          e.line().orElse(0),
          e.column().orElse(0),
          "is not valid YAML (" + reason(e) + ")",
          "Check the indentation and quoting near that place.");
    }
    if (text.documentCount() != 1) {
      throw new ConfigurationException(
          file, 0, 0, "must hold exactly one YAML document", "Remove the '---' separators.");
    }
    ConfigSchema.validate(file, text);
    return new ConfigLoader(file, base, text).read();
  }

  private PromotionConfig read() {
    YamlPath root = YamlPath.root();
    requireMapping(root, "the file");
    Pipeline pipeline = pipeline(required(root, "pipeline"));
    List<Application> apps = apps(required(root, "apps"));
    return new PromotionConfig(
        pipeline,
        apps,
        gitops(required(root, "gitops")),
        registry(required(root, "registry")),
        scm(required(root, "scm")),
        gates(root.key("gates"), pipeline),
        options(root.key("options"), pipeline),
        notifications(root.key("notifications")),
        argocd(root.key("argocd"), pipeline));
  }

  /**
   * {@code argocd:} the server keys ({@code url}, {@code token: {env|file}}, {@code caBundle},
   * {@code insecure: false}, {@code appNamespace}, {@code project}, {@code timeout}, {@code
   * connectTimeout}, {@code attempts}) for the default server, {@code namePattern}, and {@code
   * environments:} / {@code clusters:} mappings of name to server keys, each inheriting the keys it
   * does not set (but {@code url}) from the top.
   */
  private Optional<PromotionConfig.ArgoCd> argocd(YamlPath at, Pipeline pipeline) {
    if (text.locate(0, at).isEmpty()) {
      return Optional.empty();
    }
    requireMapping(at, "argocd");
    Optional<PromotionConfig.ArgoCdServer> server =
        optional(at, "url").isPresent() ? Optional.of(argocdServer(at, at)) : Optional.empty();
    if (server.isEmpty()) {
      for (String key : List.of("token", "caBundle")) {
        if (text.locate(0, at.key(key)).isPresent()
            && text.locate(0, at.key("environments")).isEmpty()
            && text.locate(0, at.key("clusters")).isEmpty()) {
          throw invalid(
              at, "lacks 'url'", "Add url: https://argocd.example.com (Argo CD's API server).");
        }
      }
    }
    Map<String, PromotionConfig.ArgoCdServer> environments = new LinkedHashMap<>();
    for (String env : argocdNames(at.key("environments"))) {
      requireEnvironment(at.key("environments").key(env), env, pipeline);
      environments.put(env, argocdServer(at.key("environments").key(env), at));
    }
    Map<String, PromotionConfig.ArgoCdServer> clusters = new LinkedHashMap<>();
    List<String> known =
        pipeline.environments().stream().flatMap(e -> e.clusters().stream()).distinct().toList();
    for (String cluster : argocdNames(at.key("clusters"))) {
      if (!known.contains(cluster)) {
        throw invalid(
            at.key("clusters").key(cluster),
            "names '" + cluster + "', which is not a cluster of the pipeline",
            "Use one of " + String.join(", ", known) + ".");
      }
      clusters.put(cluster, argocdServer(at.key("clusters").key(cluster), at));
    }
    if (server.isEmpty() && environments.isEmpty() && clusters.isEmpty()) {
      throw invalid(
          at,
          "names no Argo CD server",
          "Add url: and token: for one server, or environments: / clusters: for several.");
    }
    String namePattern = optional(at, "namePattern").orElse("{app}-{env}");
    try {
      dev.promotion.argocd.NamePattern.of(namePattern);
    } catch (InvalidRequestException e) {
      throw invalid(
          at.key("namePattern"),
          "is not a name pattern (" + reason(e) + ")",
          "Use {app} with {env} and {cluster}, like {app}-{env}.");
    }
    return Optional.of(new PromotionConfig.ArgoCd(server, environments, clusters, namePattern));
  }

  private List<String> argocdNames(YamlPath at) {
    if (text.locate(0, at).isEmpty()) {
      return List.of();
    }
    requireMapping(at, "a mapping of names to Argo CD servers");
    List<String> names = text.keys(0, at);
    for (String name : names) {
      requireMapping(at.key(name), "an Argo CD server (url, token, ...)");
    }
    return names;
  }

  /** The server at {@code at}, each key it lacks (but url) taken from {@code top}. */
  private PromotionConfig.ArgoCdServer argocdServer(YamlPath at, YamlPath top) {
    String url = string(at, "url");
    try {
      dev.promotion.argocd.ArgoCdServer.builder(url);
    } catch (InvalidRequestException e) {
      throw invalid(
          at.key("url"),
          "is not an Argo CD URL (" + reason(e) + ")",
          "Write the API server's address, like https://argocd.example.com.");
    }
    YamlPath tokenAt = inherited(at, top, "token");
    Secret token =
        secret(tokenAt, "token")
            .orElseThrow(
                () ->
                    invalid(
                        at,
                        "lacks 'token'",
                        "Add token: {env: ARGOCD_TOKEN} or token: {file: PATH} (an Argo CD API"
                            + " token: argocd account generate-token)."));
    YamlPath insecureAt = inherited(at, top, "insecure");
    Optional<String> insecure = optional(insecureAt, "insecure");
    if (insecure.isPresent() && !insecure.get().equals("false")) {
      throw invalid(
          insecureAt.key("insecure"),
          "can only be false: TLS verification is never turned off",
          "Give the CA that signed the server's certificate as caBundle: path/to/ca.pem.");
    }
    YamlPath caAt = inherited(at, top, "caBundle");
    Optional<Path> caBundle = optionalPath(caAt, "caBundle");
    if (caBundle.isPresent() && !Files.isRegularFile(caBundle.get())) {
      throw invalid(
          caAt.key("caBundle"),
          "names no file",
          "Give a file of PEM certificates (-----BEGIN CERTIFICATE-----), relative to this file.");
    }
    YamlPath namespaceAt = inherited(at, top, "appNamespace");
    Optional<String> appNamespace = optional(namespaceAt, "appNamespace");
    YamlPath projectAt = inherited(at, top, "project");
    Optional<String> project = optional(projectAt, "project");
    try {
      appNamespace.ifPresent(n -> dev.promotion.argocd.ArgoCdServer.builder(url).appNamespace(n));
    } catch (InvalidNameException e) {
      throw invalid(namespaceAt.key("appNamespace"), "is not a namespace name", reason(e) + ".");
    }
    try {
      project.ifPresent(p -> dev.promotion.argocd.ArgoCdServer.builder(url).project(p));
    } catch (InvalidNameException e) {
      throw invalid(projectAt.key("project"), "is not a project name", reason(e) + ".");
    }
    Duration timeout =
        boundedDuration(
            inherited(at, top, "timeout"),
            "timeout",
            dev.promotion.argocd.ArgoCdServer.DEFAULT_REQUEST_TIMEOUT,
            Duration.ofMinutes(5));
    Duration connectTimeout =
        boundedDuration(
            inherited(at, top, "connectTimeout"),
            "connectTimeout",
            dev.promotion.argocd.ArgoCdServer.DEFAULT_CONNECT_TIMEOUT,
            Duration.ofMinutes(1));
    YamlPath attemptsAt = inherited(at, top, "attempts");
    int attempts = dev.promotion.argocd.ArgoCdServer.DEFAULT_ATTEMPTS;
    Optional<String> attemptsText = optional(attemptsAt, "attempts");
    if (attemptsText.isPresent()) {
      if (!attemptsText.get().matches("\\d{1,2}")
          || Integer.parseInt(attemptsText.get()) < 1
          || Integer.parseInt(attemptsText.get()) > 10) {
        throw invalid(
            attemptsAt.key("attempts"),
            "is not a number from 1 to 10",
            "Write attempts: 4, for example (the first and the retries).");
      }
      attempts = Integer.parseInt(attemptsText.get());
    }
    return new PromotionConfig.ArgoCdServer(
        url, token, caBundle, appNamespace, project, timeout, connectTimeout, attempts);
  }

  /** {@code at} when it sets {@code key}, else {@code top}. */
  private YamlPath inherited(YamlPath at, YamlPath top, String key) {
    return text.locate(0, at.key(key)).isPresent() ? at : top;
  }

  private Duration boundedDuration(YamlPath at, String key, Duration fallback, Duration most) {
    if (optional(at, key).isEmpty()) {
      return fallback;
    }
    Duration value = duration(at, key);
    if (value.isZero() || value.compareTo(most) > 0) {
      throw invalid(
          at.key(key),
          "is outside 1s.." + most.toMinutes() + "m",
          "Write seconds or minutes, like 30s.");
    }
    return value;
  }

  /**
   * {@code notifications:} a list of {@code {type: webhook|slack, name, url: {env|file}, secret:
   * {env|file} (webhook only), timeout (default 10s, at most 5m), retries (default 2, at most 10),
   * events: [done, not_running, already_done, blocked, failed]}}.
   */
  private List<PromotionConfig.Notification> notifications(YamlPath at) {
    if (text.locate(0, at).isEmpty()) {
      return List.of();
    }
    requireKind(at, YamlKind.SEQUENCE, "a list of notifications");
    List<PromotionConfig.Notification> notifications = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < text.size(0, at); i++) {
      YamlPath entry = at.index(i);
      requireMapping(entry, "a notification");
      String type = string(entry, "type");
      if (!type.equals("webhook") && !type.equals("slack")) {
        throw invalid(
            entry.key("type"),
            "names an unknown notification type '" + type + "'",
            "Use webhook (a JSON POST, optionally signed) or slack (an incoming webhook).");
      }
      String name = optional(entry, "name").orElse(type + "-" + (i + 1));
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
        throw invalid(
            entry.key("name"), "is not a simple name", "Use letters, digits, '.', '-' and '_'.");
      }
      if (names.contains(name)) {
        throw invalid(
            entry.key("name"),
            "repeats the name '" + name + "'",
            "Give each notification its own.");
      }
      names.add(name);
      Secret url =
          secret(entry, "url")
              .orElseThrow(
                  () ->
                      invalid(
                          entry,
                          "lacks 'url'",
                          "Add url: {env: VARIABLE} or url: {file: PATH}; the URL is a secret."));
      Optional<Secret> signingKey = secret(entry, "secret");
      if (signingKey.isPresent() && type.equals("slack")) {
        throw invalid(
            entry.key("secret"),
            "is only used with type: webhook",
            "Slack's incoming webhook URL is its own secret; remove secret.");
      }
      Duration timeout =
          optional(entry, "timeout").isPresent()
              ? duration(entry, "timeout")
              : Duration.ofSeconds(10);
      if (timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw invalid(
            entry.key("timeout"),
            "is not between 1s and 5m",
            "A notification never holds a promotion long: 5s, 30s.");
      }
      int retries = 2;
      Optional<String> retriesText = optional(entry, "retries");
      if (retriesText.isPresent()) {
        if (!retriesText.get().matches("\\d{1,2}") || Integer.parseInt(retriesText.get()) > 10) {
          throw invalid(
              entry.key("retries"),
              "is not a number from 0 to 10",
              "Write retries: 2, for example.");
        }
        retries = Integer.parseInt(retriesText.get());
      }
      List<String> events = strings(entry.key("events"));
      if (text.locate(0, entry.key("events")).isPresent() && events.isEmpty()) {
        throw invalid(
            entry.key("events"), "is empty", "List the outcomes to tell, or remove events.");
      }
      notifications.add(
          new PromotionConfig.Notification(type, name, url, signingKey, timeout, retries, events));
    }
    return notifications;
  }

  private Pipeline pipeline(YamlPath at) {
    requireMapping(at, "pipeline");
    YamlPath envs = required(at, "environments");
    requireKind(envs, YamlKind.SEQUENCE, "a list of environments");
    List<Environment> environments = new ArrayList<>();
    for (int i = 0; i < text.size(0, envs); i++) {
      YamlPath env = envs.index(i);
      requireMapping(env, "an environment");
      String name = string(env, "name");
      List<String> clusters = strings(env.key("clusters"));
      try {
        Environment environment =
            clusters.isEmpty()
                ? Environment.of(name)
                : Environment.of(name, clusters.toArray(String[]::new));
        environments.add(optional(env, "url").map(environment::withUrl).orElse(environment));
      } catch (InvalidRequestException e) {
        throw invalid(
            env.key("url"),
            "is refused: " + reason(e),
            "Give an absolute https URL without credentials.");
      } catch (InvalidNameException | IllegalArgumentException e) {
        throw invalid(env, reason(e), "Use names of letters, digits, '-' and '_'.");
      }
    }
    String release = string(at, "release");
    try {
      return new Pipeline(environments, release);
    } catch (InvalidPipelineException | IllegalArgumentException e) {
      throw invalid(at.key("release"), reason(e), "Name one of the environments above.");
    }
  }

  private List<Application> apps(YamlPath at) {
    requireKind(at, YamlKind.SEQUENCE, "a list of apps");
    List<Application> apps = new ArrayList<>();
    Map<String, YamlPath> names = new LinkedHashMap<>();
    for (int i = 0; i < text.size(0, at); i++) {
      YamlPath app = at.index(i);
      requireMapping(app, "an app");
      String name = string(app, "name");
      YamlPath first = names.putIfAbsent(name, app.key("name"));
      if (first != null) {
        throw invalid(
            app.key("name"),
            "names '"
                + name
                + "' a second time (first at line "
                + text.locate(0, first).map(YamlLocation::line).orElse(0)
                + ")",
            "App names are unique: rename or remove one of them.");
      }
      chartRepository(app).ifPresent(repository -> appChartRepositories.put(name, repository));
      try {
        apps.add(
            new Application(
                name,
                optional(app, "chart").orElse(name),
                optional(app, "chartPath").orElse("charts/" + name),
                optional(app, "image").orElse(name),
                versionKind(app)));
      } catch (ConfigurationException e) {
        throw e;
      } catch (RuntimeException e) {
        throw invalid(app, reason(e), "Use a safe name and a relative chart path.");
      }
    }
    if (apps.isEmpty()) {
      throw invalid(at, "lists no app", "Add at least one: - name: api");
    }
    return apps;
  }

  /** {@code kind: chart} (the default) or {@code kind: image}: what the app's declarations hold. */
  private VersionKind versionKind(YamlPath app) {
    Optional<String> kind = optional(app, "kind");
    if (kind.isEmpty()) {
      return VersionKind.CHART;
    }
    for (VersionKind k : VersionKind.values()) {
      if (k.label().equals(kind.get())) {
        return k;
      }
    }
    throw invalid(
        app.key("kind"),
        "is '" + kind.get() + "', not chart or image",
        "Use chart (the app promotes Helm chart versions) or image (it promotes image tags).");
  }

  private PromotionConfig.GitOps gitops(YamlPath at) {
    requireMapping(at, "gitops");
    PromotionConfig.Location location = location(at);
    Optional<String> pattern = optional(at, "pattern");
    PromotionConfig.Layout parsed = layout(at, pattern);
    PromotionConfig.Write write = write(at);
    Optional<PromotionConfig.Signing> signing = signing(at);
    if (signing.isPresent()
        && (write instanceof PromotionConfig.Write.Dispatch
            || write instanceof PromotionConfig.Write.RepositoryDispatch)) {
      throw invalid(
          at.key("signing"),
          "is set, but with this write mode the GitOps repository's workflow makes the commits",
          "Sign them in that workflow, or remove signing.");
    }
    return new PromotionConfig.GitOps(
        location,
        branch(at, "branch"),
        parsed,
        pattern,
        chartRepository(at).orElse(""),
        appChartRepositories,
        secret(at, "token"),
        sshKey(at, location),
        optionalPath(at, "cache"),
        write,
        signing,
        retryDeadline(at));
  }

  /**
   * How long a commit that lost the race to other writers keeps retrying on the new tip: 60s by
   * default, from 1s to 30m (longer would hold a CI job on a branch that never stops moving).
   */
  private Duration retryDeadline(YamlPath at) {
    if (optional(at, "retryDeadline").isEmpty()) {
      return PromotionConfig.GitOps.DEFAULT_RETRY_DEADLINE;
    }
    if (!optional(at, "write").orElse("commit").equals("commit")) {
      throw invalid(
          at.key("retryDeadline"),
          "is only used with write: commit (the pushes with compare-and-swap)",
          "Remove it, or choose write: commit.");
    }
    Duration deadline = duration(at, "retryDeadline");
    if (deadline.isZero() || deadline.compareTo(Duration.ofMinutes(30)) > 0) {
      throw invalid(
          at.key("retryDeadline"),
          "is outside 1s..30m",
          "Give concurrent writers time to land, like 60s or 5m (default 60s).");
    }
    return deadline;
  }

  /**
   * The {@code chartRepository} of a mapping, taken as written: it goes verbatim into manifests, so
   * an empty value or one with whitespace or control characters is an error, not trimmed away.
   */
  private Optional<String> chartRepository(YamlPath at) {
    YamlPath path = at.key("chartRepository");
    if (text.locate(0, path).isEmpty()) {
      return Optional.empty();
    }
    requireKind(path, YamlKind.SCALAR, "a single value");
    String value = text.value(0, path).orElse("");
    if (value.isBlank()) {
      throw invalid(
          path,
          "is empty",
          "Write the Helm repository of the chart, like oci://registry.example.com/charts, or"
              + " remove the key.");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        throw invalid(
            path,
            "holds whitespace or a control character at position " + (i + 1),
            "A repository is one URL without spaces, like oci://registry.example.com/charts.");
      }
    }
    return Optional.of(value);
  }

  private PromotionConfig.Write write(YamlPath at) {
    String mode = optional(at, "write").orElse("commit");
    if (mode.equals("commit")) {
      for (String key : List.of("repository", "workflow", "eventType", "timeout")) {
        if (optional(at, key).isPresent()) {
          throw invalid(
              at.key(key),
              "is only used with write: pull-request, dispatch or repository-dispatch",
              "Remove it, or choose that write mode.");
        }
      }
      return new PromotionConfig.Write.Commit();
    }
    if (!List.of("pull-request", "dispatch", "repository-dispatch").contains(mode)) {
      throw invalid(
          at.key("write"),
          "names an unknown write mode '" + mode + "'",
          "Use commit (push directly), pull-request (a draft pull request per change), dispatch"
              + " (run the GitOps repository's update workflow) or repository-dispatch (send it a"
              + " repository_dispatch event).");
    }
    String repository =
        optional(at, "repository")
            .orElseThrow(
                () ->
                    invalid(
                        at,
                        "needs 'repository' (owner/name on GitHub) with write: " + mode,
                        "Add repository: acme/acme-gitops and token: {env: GITOPS_TOKEN}."));
    if (!repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
      throw invalid(at.key("repository"), "is not owner/name", "Write it like acme/acme-gitops.");
    }
    if (text.locate(0, at.key("token")).isEmpty()) {
      throw invalid(
          at,
          "needs a token with write: " + mode,
          "Add token: {env: GITOPS_TOKEN} (a token that may open pull requests or run workflows).");
    }
    if (mode.equals("pull-request")) {
      if (optional(at, "workflow").isPresent()
          || optional(at, "eventType").isPresent()
          || optional(at, "timeout").isPresent()) {
        throw invalid(
            at,
            "sets workflow, eventType or timeout, which write: pull-request does not use",
            "Remove them.");
      }
      return new PromotionConfig.Write.PullRequest(repository, optional(at, "apiUrl"));
    }
    if (mode.equals("dispatch") && optional(at, "eventType").isPresent()) {
      throw invalid(
          at.key("eventType"),
          "is only used with write: repository-dispatch",
          "Remove it, or use workflow: for write: dispatch.");
    }
    if (mode.equals("repository-dispatch") && optional(at, "workflow").isPresent()) {
      throw invalid(
          at.key("workflow"),
          "is only used with write: dispatch",
          "Remove it; write: repository-dispatch sends eventType (default update-manifest).");
    }
    Duration timeout =
        optional(at, "timeout").isPresent() ? duration(at, "timeout") : Duration.ofMinutes(10);
    if (timeout.isZero()) {
      throw invalid(at.key("timeout"), "is zero", "Give the workflow time to run: 10m, 1h.");
    }
    if (mode.equals("repository-dispatch")) {
      String eventType = optional(at, "eventType").orElse("update-manifest");
      if (eventType.length() > 100) {
        throw invalid(at.key("eventType"), "is longer than 100 characters", "GitHub's limit.");
      }
      return new PromotionConfig.Write.RepositoryDispatch(
          repository, optional(at, "apiUrl"), eventType, timeout);
    }
    return new PromotionConfig.Write.Dispatch(
        repository,
        optional(at, "apiUrl"),
        optional(at, "workflow").orElse("update-environment.yaml"),
        timeout);
  }

  private PromotionConfig.Registry registry(YamlPath at) {
    requireMapping(at, "registry");
    String type = string(at, "type");
    return switch (type) {
      case "oci-layout" -> {
        string(at, "path");
        yield new PromotionConfig.Registry.OciLayout(optionalPath(at, "path").orElseThrow());
      }
      case "ecr" -> {
        yield new PromotionConfig.Registry.Ecr(
            string(at, "region"),
            optional(at, "registryId"),
            optional(at, "repositoryPrefix").orElse(""));
      }
      default ->
          throw invalid(
              at.key("type"), "unknown registry type '" + type + "'", "Use oci-layout or ecr.");
    };
  }

  private PromotionConfig.Scm scm(YamlPath at) {
    requireMapping(at, "scm");
    String type = string(at, "type");
    return switch (type) {
      case "git" -> {
        PromotionConfig.Location location = location(at);
        yield new PromotionConfig.Scm.Git(
            location,
            secret(at, "token"),
            sshKey(at, location),
            optionalPath(at, "cache"),
            signing(at));
      }
      case "github" -> {
        if (text.locate(0, at.key("signing")).isPresent()) {
          throw invalid(
              at.key("signing"),
              "is set, but with type: github the commits and tags are made through GitHub's API,"
                  + " which signs them itself",
              "Remove signing (GitHub marks those commits Verified), or use type: git to push"
                  + " signed commits yourself.");
        }
        String repository = string(at, "repository");
        if (!repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
          throw invalid(at.key("repository"), "is not owner/name", "Write it like acme/api.");
        }
        Optional<Secret> token = secret(at, "token");
        Optional<Secret> appId = secret(at, "appId");
        Optional<Secret> key = secret(at, "privateKey");
        if (token.isEmpty() == appId.isEmpty() || appId.isEmpty() != key.isEmpty()) {
          throw invalid(
              at,
              "needs either a token or both appId and privateKey",
              "For example token: {env: GITHUB_TOKEN}, or appId: {env: APP_ID} with privateKey:"
                  + " {file: app.pem}.");
        }
        yield new PromotionConfig.Scm.GitHub(repository, optional(at, "apiUrl"), token, appId, key);
      }
      default ->
          throw invalid(at.key("type"), "unknown scm type '" + type + "'", "Use git or github.");
    };
  }

  private List<PromotionGate> gates(YamlPath at, Pipeline pipeline) {
    if (text.locate(0, at).isEmpty()) {
      return Gates.defaults();
    }
    requireMapping(at, "gates");
    Map<String, Duration> soak = new LinkedHashMap<>();
    YamlPath soakAt = at.key("soak");
    if (text.locate(0, soakAt).isPresent()) {
      requireMapping(soakAt, "soak (environment: duration)");
      for (String env : text.keys(0, soakAt)) {
        requireEnvironment(soakAt.key(env), env, pipeline);
        soak.put(env, duration(soakAt, env));
      }
    }
    List<FreezeWindow> freezes = new ArrayList<>();
    YamlPath freezeAt = at.key("freeze");
    if (text.locate(0, freezeAt).isPresent()) {
      requireKind(freezeAt, YamlKind.SEQUENCE, "a list of freeze windows");
      for (int i = 0; i < text.size(0, freezeAt); i++) {
        YamlPath window = freezeAt.index(i);
        requireMapping(window, "a freeze window");
        List<String> envs = strings(window.key("environments"));
        for (String env : envs) {
          requireEnvironment(window.key("environments"), env, pipeline);
        }
        String name = string(window, "name");
        if (text.locate(0, window.key("weekly")).isPresent()) {
          if (optional(window, "from").isPresent() || optional(window, "until").isPresent()) {
            throw invalid(
                window,
                "has both weekly and from/until",
                "A window is either one-off (from, until) or weekly; split it in two.");
          }
          freezes.add(weekly(window.key("weekly"), name, envs));
          continue;
        }
        Instant from = instant(window, "from");
        Instant until = instant(window, "until");
        if (!until.isAfter(from)) {
          throw invalid(window.key("until"), "is not after from", "A window ends after it starts.");
        }
        freezes.add(FreezeWindow.between(name, from, until, envs.toArray(String[]::new)));
      }
    }
    List<PromotionGate> gates = Gates.standard(freezes, soak);
    YamlPath mutableAt = at.key("mutableTags");
    if (text.locate(0, mutableAt).isPresent()) {
      gates = Gates.replacing(gates, mutableTags(mutableAt, pipeline));
    }
    return gates;
  }

  /**
   * {@code mutableTags: {tags: [latest, main], environments: [prod]}}: both optional, the defaults
   * being {@link MutableTagGate#DEFAULT_TAGS} and the release environment.
   */
  private MutableTagGate mutableTags(YamlPath at, Pipeline pipeline) {
    requireMapping(at, "mutableTags (tags, environments)");
    Set<String> tags = new LinkedHashSet<>(MutableTagGate.DEFAULT_TAGS);
    if (text.locate(0, at.key("tags")).isPresent()) {
      tags.clear();
      for (String tag : strings(at.key("tags"))) {
        if (!ImageTag.isValid(tag)) {
          throw invalid(
              at.key("tags"),
              "lists '" + tag + "', which is not an image tag",
              "List tags like latest or main: letters, digits, '_', '.' and '-'.");
        }
        tags.add(tag);
      }
    }
    if (text.locate(0, at.key("environments")).isEmpty()) {
      return MutableTagGate.ofTags(tags);
    }
    List<String> envs = strings(at.key("environments"));
    for (String env : envs) {
      requireEnvironment(at.key("environments"), env, pipeline);
    }
    return MutableTagGate.of(tags, new LinkedHashSet<>(envs));
  }

  /** {@code weekly: {from: "Fri 16:00", until: "Mon 08:00", zone: Europe/Berlin}}; zone UTC. */
  private FreezeWindow weekly(YamlPath at, String name, List<String> environments) {
    requireMapping(at, "a weekly schedule (from, until, zone)");
    Map.Entry<DayOfWeek, LocalTime> from = dayAndTime(at, "from");
    Map.Entry<DayOfWeek, LocalTime> until = dayAndTime(at, "until");
    if (from.equals(until)) {
      throw invalid(
          at.key("until"), "is the same as from", "A weekly window ends at another time.");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(optional(at, "zone").orElse("UTC"));
    } catch (DateTimeException e) {
      throw invalid(
          at.key("zone"), "is not a time zone", "Use a region id like Europe/Berlin, or UTC.");
    }
    return FreezeWindow.weekly(
        name,
        zone,
        from.getKey(),
        from.getValue(),
        until.getKey(),
        until.getValue(),
        environments.toArray(String[]::new));
  }

  private static final Pattern DAY_AND_TIME =
      Pattern.compile("([A-Za-z]{3,}) ([01]\\d|2[0-3]):([0-5]\\d)");

  /** {@code Fri 16:00} or {@code Friday 16:00}: a day (three letters or more) and a 24h time. */
  private Map.Entry<DayOfWeek, LocalTime> dayAndTime(YamlPath at, String key) {
    String value = string(at, key);
    Matcher m = DAY_AND_TIME.matcher(value);
    if (m.matches()) {
      String day = m.group(1).toLowerCase(Locale.ROOT);
      for (DayOfWeek d : DayOfWeek.values()) {
        if (d.name().toLowerCase(Locale.ROOT).startsWith(day)) {
          return Map.entry(
              d, LocalTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        }
      }
    }
    throw invalid(
        at.key(key), "is not a day and a time", "Write it like Fri 16:00 or Monday 08:00.");
  }

  private void requireEnvironment(YamlPath at, String env, Pipeline pipeline) {
    if (!pipeline.names().contains(env)) {
      throw invalid(
          at,
          "names '" + env + "', which is not an environment of the pipeline",
          "Use one of " + String.join(", ", pipeline.names()) + ".");
    }
  }

  private Duration duration(YamlPath at, String key) {
    String value = string(at, key);
    Matcher m = Pattern.compile("(\\d{1,9})([smhd])").matcher(value);
    if (!m.matches()) {
      throw invalid(
          at.key(key),
          "is not a duration",
          "Write seconds, minutes, hours or days: 90s, 30m, 24h, 2d.");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private Instant instant(YamlPath at, String key) {
    String value = string(at, key);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(at.key(key), "is not a UTC time", "Write it like 2026-12-20T00:00:00Z.");
    }
  }

  private PromotionConfig.Options options(YamlPath at, Pipeline pipeline) {
    if (text.locate(0, at).isEmpty()) {
      return new PromotionConfig.Options(
          "main", "v", "publish-dev.yaml", Path.of(System.getProperty("java.io.tmpdir")));
    }
    requireMapping(at, "options");
    List<String> driftTolerant = strings(at.key("driftTolerant"));
    for (String env : driftTolerant) {
      requireEnvironment(at.key("driftTolerant"), env, pipeline);
    }
    return new PromotionConfig.Options(
        branch(at, "mainBranch"),
        optional(at, "tagPrefix").orElse("v"),
        optional(at, "devWorkflow").orElse("publish-dev.yaml"),
        optionalPath(at, "workDirectory").orElse(Path.of(System.getProperty("java.io.tmpdir"))),
        java.util.Set.copyOf(driftTolerant));
  }

  private PromotionConfig.Location location(YamlPath at) {
    Optional<String> path = optional(at, "path");
    Optional<String> url = optional(at, "url");
    if (path.isPresent() == url.isPresent()) {
      throw invalid(
          at,
          "needs exactly one of path and url",
          "path: for a repository on this machine, url: for a remote.");
    }
    if (path.isPresent()) {
      return new PromotionConfig.Location.Local(optionalPath(at, "path").orElseThrow());
    }
    return new PromotionConfig.Location.Remote(gitUrl(at.key("url"), url.get()));
  }

  /**
   * {@code sshKey} (a secret: a key file, or a variable holding the key), {@code sshPassphrase} (a
   * secret) and {@code sshDirectory} (where {@code known_hosts} is; default {@code ~/.ssh}), for an
   * SSH remote only.
   */
  private Optional<PromotionConfig.SshKey> sshKey(YamlPath at, PromotionConfig.Location location) {
    Optional<Secret> key = secret(at, "sshKey");
    if (key.isEmpty()) {
      for (String dependent : List.of("sshPassphrase", "sshDirectory")) {
        if (text.locate(0, at.key(dependent)).isPresent()) {
          throw invalid(
              at.key(dependent),
              "is set without sshKey",
              "Add sshKey: {file: path/to/key} or remove " + dependent + ".");
        }
      }
      return Optional.empty();
    }
    if (!(location instanceof PromotionConfig.Location.Remote remote) || !isSshUrl(remote.url())) {
      throw invalid(
          at.key("sshKey"),
          "is set, but the repository is not an SSH remote",
          "Use url: ssh://git@host/owner/repo.git (or git@host:owner/repo.git), or remove sshKey.");
    }
    Path directory =
        optionalPath(at, "sshDirectory")
            .orElseGet(() -> Path.of(System.getProperty("user.home"), ".ssh"));
    return Optional.of(
        new PromotionConfig.SshKey(key.get(), secret(at, "sshPassphrase"), directory));
  }

  /**
   * {@code signing}: {@code format} ({@code ssh} or {@code openpgp}), {@code key} and {@code
   * passphrase} (secrets), and for OpenPGP an optional {@code keyId}.
   */
  private Optional<PromotionConfig.Signing> signing(YamlPath parent) {
    YamlPath at = parent.key("signing");
    if (text.locate(0, at).isEmpty()) {
      return Optional.empty();
    }
    requireMapping(at, "signing");
    String name = string(at, "format").toLowerCase(Locale.ROOT);
    CommitSigner.Format format =
        switch (name) {
          case "ssh" -> CommitSigner.Format.SSH;
          case "openpgp", "gpg" -> CommitSigner.Format.OPENPGP;
          default ->
              throw invalid(
                  at.key("format"),
                  "names an unknown signature format '" + name + "'",
                  "Use ssh (an SSH key, git's gpg.format=ssh) or openpgp (a GPG key).");
        };
    Secret key = secret(at, "key").orElseThrow(); // required by the schema
    Optional<String> keyId = optional(at, "keyId");
    if (keyId.isPresent() && format == CommitSigner.Format.SSH) {
      throw invalid(
          at.key("keyId"),
          "is only used with format: openpgp",
          "Remove it: an SSH key file holds one key.");
    }
    return Optional.of(new PromotionConfig.Signing(format, key, secret(at, "passphrase"), keyId));
  }

  private static boolean isSshUrl(String url) {
    return url.startsWith("ssh://") || url.matches("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.*");
  }

  private Optional<Secret> secret(YamlPath at, String key) {
    YamlPath value = at.key(key);
    Optional<YamlLocation> location = text.locate(0, value);
    if (location.isEmpty()) {
      return Optional.empty();
    }
    if (location.get().kind() != YamlKind.MAPPING) {
      throw invalid(value, "holds a literal secret, which is refused", SECRET_HINT);
    }
    Optional<String> env = optional(value, "env");
    Optional<String> file = optional(value, "file");
    if (env.isPresent() == file.isPresent()) {
      throw invalid(value, "needs exactly one of env and file", SECRET_HINT);
    }
    return Optional.of(
        env.<Secret>map(Secret.FromEnvironment::new)
            .orElseGet(() -> new Secret.FromFile(optionalPath(value, "file").orElseThrow())));
  }

  /**
   * The path under {@code key}, resolved against the file's directory; a value that is no path on
   * this machine (a NUL character) is an error at its place, not a failure when it is used.
   */
  private Optional<Path> optionalPath(YamlPath at, String key) {
    Optional<String> value = optional(at, key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(base.resolve(value.get()).normalize());
    } catch (InvalidPathException e) {
      int index = e.getIndex() >= 0 ? e.getIndex() : value.get().indexOf('\0');
      throw invalid(
          at.key(key),
          "is not a path on this machine ("
              + e.getReason()
              + (index >= 0 ? " at position " + (index + 1) : "")
              + ")",
          "Write a path without control characters, relative to this file or absolute.");
    }
  }

  /** A branch name as the git engine accepts it ({@code main} when absent). */
  private String branch(YamlPath at, String key) {
    String branch = optional(at, key).orElse("main");
    try {
      GitRepository.builder().branch(branch);
    } catch (IllegalArgumentException e) {
      throw invalid(
          at.key(key),
          "is not a valid git branch name",
          "Use a name git accepts (git check-ref-format --branch NAME), like main or release/2.");
    }
    return branch;
  }

  /**
   * The layout: a preset ({@code layout}, argocd by default) or {@code custom}, with {@code
   * versionPath} and {@code digestPath} overriding the preset's; built here, so the layout's own
   * rules judge the pattern and the paths at their place in the file.
   */
  private PromotionConfig.Layout layout(YamlPath at, Optional<String> pattern) {
    Optional<String> versionPath = optional(at, "versionPath");
    Optional<String> digestPath = optional(at, "digestPath");
    String name =
        optional(at, "layout")
            .orElse(versionPath.isPresent() ? PromotionConfig.Layout.CUSTOM : "argocd")
            .toLowerCase(Locale.ROOT);
    if (!name.equals(PromotionConfig.Layout.CUSTOM) && !PathLayout.PRESETS.contains(name)) {
      throw invalid(
          at.key("layout"),
          "names an unknown layout '" + name + "'",
          "Use "
              + String.join(", ", PathLayout.PRESETS)
              + ", or custom with pattern and versionPath.");
    }
    if (name.equals(PromotionConfig.Layout.CUSTOM)
        && (pattern.isEmpty() || versionPath.isEmpty())) {
      throw invalid(
          at,
          "sets a custom layout without " + (pattern.isEmpty() ? "pattern" : "versionPath"),
          "Set both, like pattern: \"{app}/values-{env}.yaml\" and versionPath: image.tag.");
    }
    PromotionConfig.Layout layout = new PromotionConfig.Layout(name, versionPath, digestPath);
    versionPath.ifPresent(p -> requirePath(at.key("versionPath"), p));
    digestPath.ifPresent(p -> requirePath(at.key("digestPath"), p));
    try {
      new PromotionConfig.Layout(name, versionPath, Optional.empty()).builder(pattern).build();
    } catch (IllegalArgumentException | InvalidNameException e) {
      throw invalid(
          at.key(pattern.isPresent() ? "pattern" : "layout"),
          "is not a pattern of the " + name + " layout (" + reason(e) + ")",
          "Write a relative path with {env}, {cluster} and {app}, like"
              + " registry/environments/{env}/{cluster}/{app}.yaml.");
    }
    try {
      layout.builder(pattern).build();
    } catch (IllegalArgumentException e) {
      throw invalid(
          at.key("digestPath"),
          "does not fit the " + name + " layout (" + reason(e) + ")",
          "Write the digest as a key next to the version, like image.digest next to image.tag.");
    }
    return layout;
  }

  private void requirePath(YamlPath at, String expression) {
    try {
      PathLayout.builder().version(expression);
    } catch (InvalidPathExpressionException e) {
      throw invalid(
          at,
          "is not a path into YAML (" + reason(e) + ")",
          "Write keys separated by '.', with list selectors like images[name={image}].newTag.");
    }
  }

  private static final String URL_HINT =
      "Write a git URL: https://, ssh://, git:// or file:// with a host and a repository (or"
          + " git@host:owner/repo.git), or use path: for a repository on this machine.";
  private static final List<String> GIT_SCHEMES = List.of("https", "http", "ssh", "git", "file");
  private static final Pattern SCP_LIKE =
      Pattern.compile("(?:[A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+:(?!//)\\S+");

  /**
   * A URL git can fetch from: {@code https://}, {@code http://}, {@code ssh://}, {@code git://}
   * with a host and a repository path, {@code file://} with a path, or {@code user@host:path}.
   * Checked here so a typo is an error at its place, not a failure (or a crash) on first use.
   */
  private String gitUrl(YamlPath at, String url) {
    if (!url.contains("://") && SCP_LIKE.matcher(url).matches()) {
      return url;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid(
          at,
          "is not a URL (" + e.getReason() + " at position " + (e.getIndex() + 1) + ")",
          URL_HINT);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!GIT_SCHEMES.contains(scheme)) {
      throw invalid(
          at,
          scheme.isEmpty()
              ? "is not a URL"
              : "has the scheme " + scheme + ":, which git cannot use",
          URL_HINT);
    }
    if (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().isEmpty())) {
      throw invalid(at, "names no host (or one that is not a DNS name or an IP)", URL_HINT);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (path.isEmpty() || path.equals("/")) {
      throw invalid(at, "names no repository", URL_HINT);
    }
    return url;
  }

  private YamlPath required(YamlPath at, String key) {
    YamlPath path = at.key(key);
    if (text.locate(0, path).isEmpty()) {
      throw invalid(at, "lacks '" + key + "'", "Add it; see promotion-cli/README.md.");
    }
    return path;
  }

  private String string(YamlPath at, String key) {
    return optional(at, key)
        .orElseThrow(
            () -> invalid(at, "lacks '" + key + "'", "Add it; see promotion-cli/README.md."));
  }

  private Optional<String> optional(YamlPath at, String key) {
    YamlPath path = at.key(key);
    Optional<YamlLocation> location = text.locate(0, path);
    if (location.isEmpty()) {
      return Optional.empty();
    }
    requireKind(path, YamlKind.SCALAR, "a single value");
    return text.value(0, path).map(String::strip).filter(s -> !s.isEmpty());
  }

  private List<String> strings(YamlPath at) {
    Optional<YamlLocation> location = text.locate(0, at);
    if (location.isEmpty()) {
      return List.of();
    }
    requireKind(at, YamlKind.SEQUENCE, "a list");
    List<String> values = new ArrayList<>();
    for (int i = 0; i < text.size(0, at); i++) {
      YamlPath item = at.index(i);
      requireKind(item, YamlKind.SCALAR, "a single value");
      values.add(text.value(0, item).orElse(""));
    }
    return values;
  }

  private void requireMapping(YamlPath at, String what) {
    requireKind(at, YamlKind.MAPPING, what + " as a mapping of keys");
  }

  private void requireKind(YamlPath at, YamlKind kind, String what) {
    Optional<YamlLocation> location = text.locate(0, at);
    if (location.isEmpty() || location.get().kind() != kind) {
      throw invalid(at, "should be " + what, "Check the indentation; see promotion-cli/README.md.");
    }
  }

  private ConfigurationException invalid(YamlPath at, String reason, String hint) {
    return problem(at, (at.isRoot() ? "the file" : at.toString()) + " " + reason, hint);
  }

  private ConfigurationException problem(YamlPath at, String reason, String hint) {
    return ConfigurationException.at(file, text, at, reason, hint);
  }

  private static void refuseLiteralSecrets(String file, String content) {
    Matcher m = LITERAL_SECRET.matcher(content);
    if (m.find()) {
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < m.start(); i++) {
        if (content.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new ConfigurationException(
          file,
          line,
          content.codePointCount(lineStart, m.start()) + 1,
          "holds what looks like a literal secret (a token, key or password), which is refused",
          SECRET_HINT);
    }
  }

  private static String reason(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    int cut = message.indexOf(". ");
    return (cut > 0 ? message.substring(0, cut) : message)
        .replaceFirst("^[^:]*:\\d+(:\\d+)?: ", "");
  }
}
