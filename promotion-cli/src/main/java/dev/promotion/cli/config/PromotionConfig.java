package dev.promotion.cli.config;

import dev.promotion.gate.PromotionGate;
import dev.promotion.gitops.PathLayout;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded {@code promotion.yaml}: the pipeline, the apps and the three backends. Paths are
 * absolute (resolved against the file's directory).
 */
public record PromotionConfig(
    Pipeline pipeline,
    List<Application> applications,
    GitOps gitops,
    Registry registry,
    Scm scm,
    List<PromotionGate> gates,
    Options options,
    List<Notification> notifications,
    Optional<ArgoCd> argocd) {
  public PromotionConfig {
    Objects.requireNonNull(pipeline, "pipeline");
    applications = List.copyOf(applications);
    Objects.requireNonNull(gitops, "gitops");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(scm, "scm");
    gates = List.copyOf(gates);
    Objects.requireNonNull(options, "options");
    notifications = List.copyOf(notifications);
    Objects.requireNonNull(argocd, "argocd");
  }

  /** A configuration without Argo CD. */
  public PromotionConfig(
      Pipeline pipeline,
      List<Application> applications,
      GitOps gitops,
      Registry registry,
      Scm scm,
      List<PromotionGate> gates,
      Options options,
      List<Notification> notifications) {
    this(
        pipeline,
        applications,
        gitops,
        registry,
        scm,
        gates,
        options,
        notifications,
        Optional.empty());
  }

  /** A configuration without notifications. */
  public PromotionConfig(
      Pipeline pipeline,
      List<Application> applications,
      GitOps gitops,
      Registry registry,
      Scm scm,
      List<PromotionGate> gates,
      Options options) {
    this(pipeline, applications, gitops, registry, scm, gates, options, List.of());
  }

  /** Where a git repository is: a local path or a URL. */
  public sealed interface Location {
    /** A repository on this machine, the repository of record. */
    record Local(Path path) implements Location {}

    /** A remote repository, cloned into a cache. */
    record Remote(String url) implements Location {}
  }

  /**
   * Where and how the GitOps repository declares versions: a preset of {@link PathLayout} ({@code
   * layout: argocd}, ...) or {@code custom}, with the YAML paths of the version and the digest when
   * set ({@code versionPath}, {@code digestPath}), overriding the preset's.
   *
   * @param preset a name of {@link PathLayout#PRESETS}, or {@code custom}
   */
  public record Layout(String preset, Optional<String> versionPath, Optional<String> digestPath) {
    /** Argo CD {@code Application} manifests, {@code spec.source.targetRevision}. */
    public static final Layout ARGOCD = of("argocd");

    /** Kustomize overlays, {@code helmCharts[name=<chart>].version}. */
    public static final Layout KUSTOMIZE_HELM_CHARTS = of("kustomize-helmcharts");

    /** Kustomize overlays, {@code images[name=<image>].newTag}. */
    public static final Layout KUSTOMIZE_IMAGES = of("kustomize-images");

    /** The name of a layout with no preset: {@code pattern} and {@code versionPath} required. */
    public static final String CUSTOM = "custom";

    public Layout {
      Objects.requireNonNull(preset, "preset");
      Objects.requireNonNull(versionPath, "versionPath");
      Objects.requireNonNull(digestPath, "digestPath");
    }

    /** A preset as it is. */
    public static Layout of(String preset) {
      return new Layout(preset, Optional.empty(), Optional.empty());
    }

    /**
     * The layout's builder: the preset (or an empty one), with {@code pattern} and the paths set.
     *
     * @throws IllegalArgumentException for an unknown preset
     * @throws dev.promotion.error.InvalidPathExpressionException for a path that does not parse
     */
    public PathLayout.Builder builder(Optional<String> pattern) {
      PathLayout.Builder builder =
          CUSTOM.equals(preset) ? PathLayout.builder() : PathLayout.preset(preset);
      pattern.ifPresent(builder::pattern);
      versionPath.ifPresent(builder::version);
      digestPath.ifPresent(builder::digest);
      return builder;
    }
  }

  /**
   * The GitOps repository.
   *
   * @param pattern where the files are; empty: the layout's default
   * @param chartRepository the Helm repository written into new declarations; empty: none
   * @param appChartRepositories per app name, the repository that overrides {@code chartRepository}
   *     for that app (from {@code apps[].chartRepository})
   * @param retryDeadline how long a commit that lost the race to other writers keeps retrying on
   *     the new tip ({@code retryDeadline}, 60s by default)
   */
  public record GitOps(
      Location location,
      String branch,
      Layout layout,
      Optional<String> pattern,
      String chartRepository,
      Map<String, String> appChartRepositories,
      Optional<Secret> token,
      Optional<SshKey> sshKey,
      Optional<Path> cache,
      Write write,
      Optional<Signing> signing,
      java.time.Duration retryDeadline) {
    /** The retry deadline when {@code retryDeadline} is not set. */
    public static final java.time.Duration DEFAULT_RETRY_DEADLINE =
        java.time.Duration.ofSeconds(60);

    public GitOps {
      appChartRepositories = Collections.unmodifiableMap(new LinkedHashMap<>(appChartRepositories));
      Objects.requireNonNull(signing, "signing");
      Objects.requireNonNull(retryDeadline, "retryDeadline");
    }

    /** A GitOps repository without signing, with the default retry deadline. */
    public GitOps(
        Location location,
        String branch,
        Layout layout,
        Optional<String> pattern,
        String chartRepository,
        Map<String, String> appChartRepositories,
        Optional<Secret> token,
        Optional<SshKey> sshKey,
        Optional<Path> cache,
        Write write) {
      this(
          location,
          branch,
          layout,
          pattern,
          chartRepository,
          appChartRepositories,
          token,
          sshKey,
          cache,
          write,
          Optional.empty(),
          DEFAULT_RETRY_DEADLINE);
    }

    /** The Helm repository written into new declarations of {@code app}; empty: none. */
    public String chartRepository(String app) {
      return appChartRepositories.getOrDefault(app, chartRepository);
    }
  }

  /** How changes reach the GitOps repository. */
  public sealed interface Write {
    /** One commit per change set, pushed with compare-and-swap. */
    record Commit() implements Write {}

    /**
     * A proposal branch and a draft pull request on the GitOps repository on GitHub ({@code
     * owner/name}); the change is live once merged.
     */
    record PullRequest(String repository, Optional<String> apiUrl) implements Write {}

    /**
     * The GitOps repository's own workflow, dispatched once per change with inputs {@code
     * environment}, {@code app_version}, {@code app_name}; then a bounded wait for the change.
     */
    record Dispatch(
        String repository, Optional<String> apiUrl, String workflow, java.time.Duration timeout)
        implements Write {}

    /**
     * A {@code repository_dispatch} event of {@code eventType} per change to the GitOps repository
     * (seed 002's manifest dispatch), with a payload of {@code environment}, {@code app_name},
     * {@code app_version}, {@code image} and, when pinned, {@code digest}; then a bounded wait for
     * the change.
     */
    record RepositoryDispatch(
        String repository, Optional<String> apiUrl, String eventType, java.time.Duration timeout)
        implements Write {}
  }

  /**
   * An SSH private key for a git remote ({@code ssh://} or {@code user@host:path}).
   *
   * @param key the OpenSSH private key: a file, or an environment variable holding the key itself
   * @param passphrase the key's passphrase, when it has one
   * @param directory the directory holding {@code known_hosts}; unknown hosts are rejected
   */
  public record SshKey(Secret key, Optional<Secret> passphrase, Path directory) {}

  /**
   * The key that signs the commits (and, in the app repository, the release tags) promotion writes,
   * for repositories that require signed commits.
   *
   * @param format {@code ssh} or {@code openpgp}
   * @param key the private key: a file, or an environment variable holding the key itself (an
   *     OpenSSH private key, or an armored OpenPGP secret key)
   * @param passphrase the key's passphrase, when it has one
   * @param keyId OpenPGP only: which key signs (key id, fingerprint or e-mail); empty: the newest
   *     signing subkey, else the primary key
   */
  public record Signing(
      dev.promotion.git.CommitSigner.Format format,
      Secret key,
      Optional<Secret> passphrase,
      Optional<String> keyId) {}

  /** The chart registry. */
  public sealed interface Registry {
    /** An OCI image-layout directory per chart under {@code path}. */
    record OciLayout(Path path) implements Registry {}

    /** Amazon ECR; credentials come from the AWS default chain (OIDC in GitHub Actions). */
    record Ecr(String region, Optional<String> registryId, String repositoryPrefix)
        implements Registry {}
  }

  /** The application repository. */
  public sealed interface Scm {
    /** A plain git repository. */
    record Git(
        Location location,
        Optional<Secret> token,
        Optional<SshKey> sshKey,
        Optional<Path> cache,
        Optional<Signing> signing)
        implements Scm {}

    /** A GitHub repository, with a token or a GitHub App. */
    record GitHub(
        String repository,
        Optional<String> apiUrl,
        Optional<Secret> token,
        Optional<Secret> appId,
        Optional<Secret> privateKey)
        implements Scm {}
  }

  /** Settings of the operations. */
  public record Options(
      String mainBranch,
      String tagPrefix,
      String devWorkflow,
      Path workDirectory,
      java.util.Set<String> driftTolerant) {
    public Options {
      driftTolerant = java.util.Set.copyOf(driftTolerant);
    }

    /** Options where no environment tolerates drift. */
    public Options(String mainBranch, String tagPrefix, String devWorkflow, Path workDirectory) {
      this(mainBranch, tagPrefix, devWorkflow, workDirectory, java.util.Set.of());
    }
  }

  /**
   * A receiver told about each write (promotion-notify).
   *
   * @param type {@code webhook} or {@code slack}
   * @param name shown in warnings and output instead of the URL
   * @param url where to POST; a secret (Slack's URL is the credential)
   * @param secret the webhook's HMAC-SHA256 signing key
   * @param events the outcomes told ({@code done}, {@code not_running}, {@code already_done},
   *     {@code blocked}, {@code failed}); empty: the notifier's default
   */
  public record Notification(
      String type,
      String name,
      Secret url,
      Optional<Secret> secret,
      java.time.Duration timeout,
      int retries,
      List<String> events) {
    public Notification {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(timeout, "timeout");
      events = List.copyOf(events);
    }
  }

  /**
   * {@code argocd:}: the Argo CD API servers that say what runs (promotion-argocd).
   *
   * @param server the server of every environment and cluster not named below, when {@code url} is
   *     set at the top
   * @param environments a server per environment name
   * @param clusters a server per cluster name (first choice)
   * @param namePattern how Applications are named when the GitOps repository does not say
   */
  public record ArgoCd(
      Optional<ArgoCdServer> server,
      Map<String, ArgoCdServer> environments,
      Map<String, ArgoCdServer> clusters,
      String namePattern) {
    public ArgoCd {
      Objects.requireNonNull(server, "server");
      environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
      clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
      Objects.requireNonNull(namePattern, "namePattern");
    }
  }

  /**
   * One Argo CD API server.
   *
   * @param token the bearer token (an environment variable or a file)
   * @param caBundle PEM CA certificates that replace the JVM's trust store for this server
   * @param timeout the time one request may take
   * @param attempts the attempts of one read (connection errors, timeouts and 5xx are retried)
   */
  public record ArgoCdServer(
      String url,
      Secret token,
      Optional<Path> caBundle,
      Optional<String> appNamespace,
      Optional<String> project,
      java.time.Duration timeout,
      java.time.Duration connectTimeout,
      int attempts) {
    public ArgoCdServer {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(caBundle, "caBundle");
      Objects.requireNonNull(appNamespace, "appNamespace");
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(connectTimeout, "connectTimeout");
    }
  }
}
