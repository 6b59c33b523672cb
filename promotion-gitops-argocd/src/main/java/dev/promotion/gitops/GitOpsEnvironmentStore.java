package dev.promotion.gitops;

import dev.promotion.error.BackendException;
import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.InvalidDigestException;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.error.InvalidVersionException;
import dev.promotion.git.CommitMessage;
import dev.promotion.git.GitRepository;
import dev.promotion.git.Identity;
import dev.promotion.git.Plan;
import dev.promotion.git.Revision;
import dev.promotion.git.Snapshot;
import dev.promotion.git.Updated;
import dev.promotion.pipeline.Application;
import dev.promotion.pipeline.Environment;
import dev.promotion.pipeline.Names;
import dev.promotion.pipeline.Pipeline;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.FileText;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.LiveApplication;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.WorkflowDispatch;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.Version;
import dev.promotion.yaml.YamlLimits;
import dev.promotion.yaml.YamlText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@link EnvironmentStore} over a GitOps repository: which chart version each app declares in
 * each environment, as files in git laid out by a {@link Layout}.
 *
 * <p>Each {@link #apply} is one commit (subject and trailers from the change set, authored by its
 * actor at its time) pushed with compare-and-swap; after a lost race the change set is checked
 * again against the new tip, so a newer declaration is never overwritten. An environment that spans
 * several clusters declares the app in each of them: reading requires them to agree ({@link
 * DisagreeingDeclarationsException} otherwise) and writing updates all of them. Edits are surgical:
 * only the version changes, byte for byte.
 *
 * <pre>{@code
 * EnvironmentStore store = GitOpsEnvironmentStore.builder()
 *     .git(GitRepository.builder().remote(url).cacheDirectory(cache).build())
 *     .pipeline(pipeline)
 *     .layout(ArgoCdLayout.of("oci://123456789012.dkr.ecr.us-east-1.amazonaws.com/charts"))
 *     .build();
 * }</pre>
 */
public final class GitOpsEnvironmentStore implements EnvironmentStore {
  private final GitRepository git;
  private final Pipeline pipeline;
  private final Layout layout;
  private final Map<String, Application> applications;
  private final YamlLimits limits;
  private final String emailDomain;
  private final Layout.Apps apps;
  private final WriteMode writeMode;

  private GitOpsEnvironmentStore(Builder builder) {
    this.git = Objects.requireNonNull(builder.git, "git");
    this.pipeline = Objects.requireNonNull(builder.pipeline, "pipeline");
    this.layout = Objects.requireNonNull(builder.layout, "layout");
    this.applications = Map.copyOf(builder.applications);
    this.limits = builder.limits;
    this.emailDomain = builder.emailDomain;
    this.writeMode = builder.writeMode;
    this.apps =
        new Layout.Apps() {
          @Override
          public Application named(String name) {
            return application(name);
          }

          @Override
          public List<Application> configured() {
            return List.copyOf(applications.values());
          }
        };
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the layout pins image digests (the Kustomize images layout does). */
  @Override
  public boolean pinsDigests() {
    return layout.pinsDigests();
  }

  @Override
  public Optional<Deployment> current(String app, String environment) {
    Application application = application(app);
    Environment env = pipeline.environment(Names.requireSafe("environment", environment));
    Snapshot snapshot = git.latest();
    snapshot.prefetch(manifests(application));
    return declared(snapshot, application, env, Map.of()).deployment(app, environment);
  }

  /**
   * The application's manifests in every environment: a promotion, release or rollback reads two of
   * them, and a partial clone fetches them all in one request rather than one per read.
   */
  private Set<String> manifests(Application app) {
    Set<String> paths = new LinkedHashSet<>();
    for (Environment env : pipeline.environments()) {
      for (String cluster : env.clusters()) {
        paths.add(layout.path(app, env.name(), cluster));
      }
    }
    return paths;
  }

  @Override
  public ApplyResult apply(ChangeSet changes) {
    Objects.requireNonNull(changes, "changes");
    for (Change change : changes.changes()) {
      application(change.app());
      pipeline.environment(change.environment());
      if (change.digest().isPresent() && !layout.pinsDigests()) {
        throw new InvalidRequestException(
            "Cannot pin "
                + change.target(" in ")
                + " to an image digest: "
                + layout
                + " declares versions only. Leave the digest out, or use a layout with a digest"
                + " (kustomize-images, helm-values, argocd-helm-parameters, or your own digest"
                + " path).");
      }
    }
    Identity author = Identity.forActor(changes.actor(), emailDomain);
    CommitMessage message =
        new CommitMessage(changes.subject(), changes.trailers(), author, changes.time());
    if (writeMode instanceof WriteMode.PullRequest pullRequest) {
      return proposed(changes, message, pullRequest);
    }
    if (writeMode instanceof WriteMode.Dispatch dispatch) {
      return dispatched(changes, dispatch);
    }
    if (writeMode instanceof WriteMode.RepositoryDispatch event) {
      return eventSent(changes, event);
    }
    Updated<List<Change>> updated = git.update(snapshot -> plan(snapshot, changes, message));
    if (updated.commit().isEmpty()) {
      return new ApplyResult.Unchanged();
    }
    return new ApplyResult.Applied(updated.commit().get(), updated.value());
  }

  private ApplyResult proposed(
      ChangeSet changes, CommitMessage message, WriteMode.PullRequest mode) {
    String branch = proposalBranch(changes);
    Updated<List<Change>> updated =
        git.propose(branch, snapshot -> plan(snapshot, changes, message));
    if (updated.commit().isEmpty()) {
      return new ApplyResult.Unchanged();
    }
    mode.gitopsRepository()
        .openDraftPullRequest(
            new PullRequestRequest(branch, git.branch(), changes.subject(), message.text()));
    return new ApplyResult.Applied(updated.commit().get(), updated.value());
  }

  /** {@code promote/{app}-{env}-{version}}, or a digest of the changes for several. */
  static String proposalBranch(ChangeSet changes) {
    if (changes.changes().size() == 1) {
      Change change = changes.changes().get(0);
      return "promote/" + change.app() + "-" + change.environment() + "-" + change.target();
    }
    StringBuilder all = new StringBuilder();
    for (Change change : changes.changes()) {
      all.append(change.target("/")).append('=').append(change.target()).append('\n');
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(all.toString().getBytes(StandardCharsets.UTF_8));
      return "promote/batch-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** Runs the GitOps repository's update workflow once per pending change, then waits. */
  private ApplyResult dispatched(ChangeSet changes, WriteMode.Dispatch mode) {
    return sentAndAwaited(
        changes,
        change -> {
          String version = change.target().toString();
          Map<String, String> inputs = new LinkedHashMap<>();
          inputs.put("environment", change.environment());
          inputs.put("app_version", version);
          inputs.put("app_name", change.app());
          change.digest().ifPresent(d -> inputs.put("digest", d.toString()));
          mode.gitopsRepository()
              .dispatchWorkflow(
                  new WorkflowDispatch(
                      mode.workflow(),
                      mode.ref(),
                      inputs,
                      "promote-"
                          + change.app()
                          + "-"
                          + change.environment()
                          + "-"
                          + version
                          + change.digest().map(d -> "-" + d.hex().substring(0, 12)).orElse("")));
        },
        mode.timeout(),
        mode.interval(),
        "the workflow " + mode.workflow() + " was dispatched",
        "Check the workflow's runs; running again waits again without dispatching twice.");
  }

  /**
   * Sends a {@code repository_dispatch} event per pending change (seed 002's manifest dispatch),
   * then waits. The payload: {@code environment}, {@code app_name}, {@code app_version}, {@code
   * image} (the app's image repository) and, when pinned, {@code digest}.
   */
  private ApplyResult eventSent(ChangeSet changes, WriteMode.RepositoryDispatch mode) {
    return sentAndAwaited(
        changes,
        change -> {
          Map<String, String> payload = new LinkedHashMap<>();
          payload.put("environment", change.environment());
          payload.put("app_name", change.app());
          payload.put("app_version", change.target().toString());
          String image = application(change.app()).imageRepository();
          if (!image.isEmpty()) {
            payload.put("image", image);
          }
          change.digest().ifPresent(d -> payload.put("digest", d.toString()));
          mode.sender().send(mode.eventType(), payload);
        },
        mode.timeout(),
        mode.interval(),
        "the repository_dispatch event " + mode.eventType() + " was sent",
        "Check the receiving workflow's runs; running again sends the event again only for"
            + " changes still missing, and a receiver that sets the same version twice changes"
            + " nothing.");
  }

  /**
   * Sends each change not yet in git through {@code send}, then polls git until all are visible.
   *
   * @throws BackendException (retryable) naming the missing changes when they do not appear within
   *     {@code timeout}
   */
  private ApplyResult sentAndAwaited(
      ChangeSet changes,
      java.util.function.Consumer<Change> send,
      Duration timeout,
      Duration interval,
      String what,
      String hint) {
    List<Change> pending = pending(git.latest(), changes.changes());
    if (pending.isEmpty()) {
      return new ApplyResult.Unchanged();
    }
    pending.forEach(send);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Snapshot snapshot = git.latest();
      if (pending(snapshot, pending).isEmpty()) {
        return new ApplyResult.Applied(snapshot.commit().orElseThrow(), pending);
      }
      if (System.nanoTime() > deadline) {
        throw new BackendException(
            "gitops-dispatch",
            true,
            what
                + ", but "
                + describe(pending(snapshot, pending))
                + " did not appear in "
                + git.displayName()
                + " within "
                + timeout.toSeconds()
                + " s. "
                + hint);
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException("gitops-dispatch", true, "interrupted while waiting", e);
      }
    }
  }

  /** The changes not yet at their target; a change found at neither value is a conflict. */
  private List<Change> pending(Snapshot snapshot, List<Change> changes) {
    List<Change> pending = new ArrayList<>();
    for (Change change : changes) {
      Declared declared =
          declared(
              snapshot,
              application(change.app()),
              pipeline.environment(change.environment()),
              Map.of());
      if (change.isInPlace(declared.deployment(change.app(), change.environment()))) {
        continue;
      }
      Optional<Version> actual = declared.version(change.app(), change.environment());
      if (!actual.equals(Optional.of(change.target())) && !actual.equals(change.expected())) {
        throw new ConcurrentModificationException(
            change.target(" in "), describe(change.expected()), describe(actual));
      }
      pending.add(change);
    }
    return pending;
  }

  private static String describe(List<Change> changes) {
    StringBuilder out = new StringBuilder();
    for (Change change : changes) {
      out.append(out.length() == 0 ? "" : ", ")
          .append(change.target(" in "))
          .append(" at ")
          .append(change.target());
    }
    return out.toString();
  }

  private Plan<List<Change>> plan(Snapshot snapshot, ChangeSet changes, CommitMessage message) {
    Map<String, YamlText> edited = new LinkedHashMap<>();
    List<Change> changed = new ArrayList<>();
    for (Change change : changes.changes()) {
      Application app = application(change.app());
      Environment env = pipeline.environment(change.environment());
      Declared declared = declared(snapshot, app, env, edited);
      if (change.isInPlace(declared.deployment(change.app(), change.environment()))) {
        continue;
      }
      Optional<Version> actual = declared.version(change.app(), change.environment());
      if (!actual.equals(Optional.of(change.target())) && !actual.equals(change.expected())) {
        throw new ConcurrentModificationException(
            change.target(" in "), describe(change.expected()), describe(actual));
      }
      String target = change.target().toString();
      Optional<String> digest = change.digest().map(ImageDigest::toString);
      if (declared.files.isEmpty()) {
        Map<String, String> clusterByPath = new LinkedHashMap<>();
        for (String cluster : env.clusters()) {
          clusterByPath.putIfAbsent(layout.path(app, env.name(), cluster), cluster);
        }
        for (Map.Entry<String, String> file : clusterByPath.entrySet()) {
          String path = file.getKey();
          String cluster = file.getValue();
          Optional<YamlText> existing = load(snapshot, path, edited);
          String text = layout.declare(existing, app, env.name(), cluster, target);
          YamlText declaredText = layout.pin(YamlText.parse(path, text, limits), app, digest);
          edited.put(path, checked(declaredText, app, target, digest));
        }
      } else {
        for (Map.Entry<String, YamlText> file : declared.files.entrySet()) {
          YamlText text = layout.pin(layout.write(file.getValue(), app, target), app, digest);
          edited.put(file.getKey(), checked(text, app, target, digest));
        }
      }
      changed.add(change);
    }
    if (changed.isEmpty()) {
      return Plan.nothing(List.of());
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    edited.forEach((path, text) -> files.put(path, text.text().getBytes(StandardCharsets.UTF_8)));
    return Plan.write(files, message, List.copyOf(changed));
  }

  private YamlText checked(
      YamlText text, Application app, String version, Optional<String> digest) {
    Optional<String> read = layout.read(text, app);
    if (!read.equals(Optional.of(version))) {
      throw new InvalidManifestException(
          text.path(),
          0,
          0,
          "would declare " + read.orElse("nothing") + " instead of " + version + " after the edit");
    }
    Optional<String> pinned = layout.digest(text, app);
    if (!pinned.equals(digest)) {
      throw new InvalidManifestException(
          text.path(),
          0,
          0,
          "would pin "
              + pinned.orElse("no digest")
              + " instead of "
              + digest.orElse("no digest")
              + " after the edit");
    }
    return text;
  }

  private static String describe(Optional<Version> version) {
    return version.map(Version::toString).orElse("nothing declared");
  }

  /**
   * Each cluster's controller application, as the layout's file for the app names it (the Argo CD
   * presets: {@code metadata.name} and {@code metadata.namespace} of the Application manifest);
   * empty for layouts whose files are not Applications, and for clusters without a file.
   */
  @Override
  public List<LiveApplication> liveApplications(String app, String environment) {
    Application application = application(app);
    Environment env = pipeline.environment(Names.requireSafe("environment", environment));
    Snapshot snapshot = git.latest();
    List<LiveApplication> live = new ArrayList<>();
    for (String cluster : env.clusters()) {
      load(snapshot, layout.path(application, env.name(), cluster), Map.of())
          .flatMap(text -> layout.liveApplication(text, application, cluster))
          .ifPresent(live::add);
    }
    return List.copyOf(live);
  }

  @Override
  public List<Deployment> list(String environment) {
    Environment env = pipeline.environment(Names.requireSafe("environment", environment));
    Snapshot snapshot = git.latest();
    Set<String> names = new TreeSet<>();
    for (String cluster : env.clusters()) {
      names.addAll(
          layout.candidates(
              snapshot, env.name(), cluster, apps, path -> load(snapshot, path, Map.of())));
    }
    Set<String> paths = new LinkedHashSet<>();
    for (String name : names) {
      paths.addAll(paths(application(name), env));
    }
    snapshot.prefetch(paths);
    List<Deployment> deployments = new ArrayList<>();
    for (String name : names) {
      declared(snapshot, application(name), env, Map.of())
          .deployment(name, env.name())
          .ifPresent(deployments::add);
    }
    return deployments;
  }

  @Override
  public List<HistoryEntry> history(String app, String environment, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    Environment env = pipeline.environment(Names.requireSafe("environment", environment));
    return histories(env, List.of(app), limit).get(app);
  }

  /**
   * The newest change of each app's version in the environment, from one walk of the history over
   * all their manifests: a partial clone fetches the files of each round of revisions (the newest
   * change of every app still looked for) in one request, instead of one per app and revision.
   */
  @Override
  public Map<String, Optional<HistoryEntry>> lastChanges(
      String environment, Collection<String> apps) {
    Environment env = pipeline.environment(Names.requireSafe("environment", environment));
    Map<String, Optional<HistoryEntry>> last = new LinkedHashMap<>();
    histories(env, apps, 1).forEach((app, entries) -> last.put(app, entries.stream().findFirst()));
    return Collections.unmodifiableMap(last);
  }

  /**
   * The revisions that changed each app's version in the environment, newest first, at most {@code
   * limit} per app; revisions that changed an app's manifests but not its version are skipped.
   */
  private Map<String, List<HistoryEntry>> histories(
      Environment env, Collection<String> apps, int limit) {
    Map<String, Set<String>> paths = new LinkedHashMap<>();
    Map<String, List<HistoryEntry>> entries = new LinkedHashMap<>();
    for (String app : apps) {
      paths.put(app, paths(application(app), env));
      entries.put(app, new ArrayList<>());
    }
    git.log(
        git.latest(),
        paths,
        (app, revision) -> {
          Application application = application(app);
          Optional<Deployment> declared = deploymentAt(revision.files(), application, env);
          Optional<Version> version = declared.map(Deployment::version);
          Optional<Version> before = revision.before().flatMap(s -> versionAt(s, application, env));
          List<HistoryEntry> found = entries.get(app);
          if (version.isPresent() && !version.equals(before)) {
            found.add(entry(revision, app, env.name(), declared.get(), before));
          }
          return found.size() < limit;
        });
    Map<String, List<HistoryEntry>> copied = new LinkedHashMap<>();
    entries.forEach((app, found) -> copied.put(app, List.copyOf(found)));
    return copied;
  }

  /** The files that may declare the app in the environment, one per cluster. */
  private Set<String> paths(Application app, Environment env) {
    Set<String> paths = new LinkedHashSet<>();
    for (String cluster : env.clusters()) {
      paths.add(layout.path(app, env.name(), cluster));
    }
    return paths;
  }

  private static HistoryEntry entry(
      Revision revision,
      String app,
      String environment,
      Deployment declared,
      Optional<Version> before) {
    return new HistoryEntry(
        app,
        environment,
        declared.version(),
        declared.digest(),
        before,
        revision.commit(),
        revision.time(),
        revision.author().name(),
        revision.subject(),
        revision.trailers());
  }

  /** The version at a past revision; a revision whose files cannot be read declares none. */
  private Optional<Version> versionAt(Snapshot snapshot, Application app, Environment env) {
    return deploymentAt(snapshot, app, env).map(Deployment::version);
  }

  /**
   * The version and digest pin at a past revision, as its files declare them; a revision whose
   * files cannot be read declares none.
   */
  private Optional<Deployment> deploymentAt(Snapshot snapshot, Application app, Environment env) {
    try {
      return declared(snapshot, app, env, Map.of()).deployment(app.name(), env.name());
    } catch (InvalidManifestException e) {
      return Optional.empty();
    }
  }

  private Declared declared(
      Snapshot snapshot, Application app, Environment env, Map<String, YamlText> edited) {
    Map<String, YamlText> files = new LinkedHashMap<>();
    Map<String, Version> versions = new LinkedHashMap<>();
    Map<String, Optional<ImageDigest>> digests = new LinkedHashMap<>();
    for (String cluster : env.clusters()) {
      String path = layout.path(app, env.name(), cluster);
      if (files.containsKey(path)) {
        continue;
      }
      Optional<YamlText> text = load(snapshot, path, edited);
      if (text.isEmpty()) {
        continue;
      }
      Optional<String> version = layout.read(text.get(), app);
      if (version.isPresent()) {
        files.put(path, text.get());
        versions.put(path, parse(text.get(), app, version.get()));
        digests.put(path, layout.digest(text.get(), app).map(d -> parseDigest(text.get(), d)));
      }
    }
    return new Declared(files, versions, digests);
  }

  private static Version parse(YamlText text, Application app, String version) {
    try {
      return Version.parse(app.versionKind(), version);
    } catch (InvalidVersionException e) {
      throw new InvalidManifestException(
          text.path(),
          0,
          0,
          "declares '" + version + "', which is not " + app.versionKind().description(),
          e);
    }
  }

  private static ImageDigest parseDigest(YamlText text, String digest) {
    try {
      return ImageDigest.parse(digest);
    } catch (InvalidDigestException e) {
      throw new InvalidManifestException(
          text.path(), 0, 0, "pins '" + digest + "', which is not an image digest", e);
    }
  }

  private Optional<YamlText> load(Snapshot snapshot, String path, Map<String, YamlText> edited) {
    YamlText pending = edited.get(path);
    if (pending != null) {
      return Optional.of(pending);
    }
    return snapshot.read(path, limits.maxCodePoints() * 4L).map(bytes -> decode(path, bytes));
  }

  private YamlText decode(String path, byte[] bytes) {
    return YamlText.parse(path, FileText.utf8(path, bytes), limits);
  }

  private Application application(String name) {
    Names.requireSafe("app", name);
    Application configured = applications.get(name);
    return configured != null ? configured : Application.named(name);
  }

  /** The files that declare an app in an environment, and what each declares. */
  private record Declared(
      Map<String, YamlText> files,
      Map<String, Version> versions,
      Map<String, Optional<ImageDigest>> digests) {
    /**
     * The version every file declares.
     *
     * @throws DisagreeingDeclarationsException naming each file, when they declare different
     *     versions or pin different digests
     */
    Optional<Version> version(String app, String environment) {
      if (new LinkedHashSet<>(versions.values()).size() > 1
          || new LinkedHashSet<>(digests.values()).size() > 1) {
        Map<String, String> described = new LinkedHashMap<>();
        versions.forEach(
            (path, version) ->
                described.put(
                    path, version + digests.get(path).map(d -> "@" + d.toString()).orElse("")));
        throw new DisagreeingDeclarationsException(app, environment, described);
      }
      return versions.values().stream().findFirst();
    }

    Optional<Deployment> deployment(String app, String environment) {
      return version(app, environment)
          .map(
              v ->
                  new Deployment(
                      app,
                      environment,
                      v,
                      digests.values().iterator().next(),
                      List.copyOf(files.keySet())));
    }
  }

  /** Builds a {@link GitOpsEnvironmentStore}. */
  public static final class Builder {
    private GitRepository git;
    private Pipeline pipeline;
    private Layout layout;
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private YamlLimits limits = YamlLimits.defaults();
    private String emailDomain = "promotion.invalid";
    private WriteMode writeMode = WriteMode.direct();

    private Builder() {}

    /** The GitOps repository's branch. The store does not close it. */
    public Builder git(GitRepository git) {
      this.git = Objects.requireNonNull(git, "git");
      return this;
    }

    /** The environments and the clusters each spans. */
    public Builder pipeline(Pipeline pipeline) {
      this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
      return this;
    }

    /** Where and how versions are declared. */
    public Builder layout(Layout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /**
     * The apps whose chart (or image) is not named like the app; any other app is {@link
     * Application#named}.
     */
    public Builder applications(List<Application> applications) {
      for (Application app : applications) {
        this.applications.put(app.name(), app);
      }
      return this;
    }

    /** The limits applied to every manifest read; {@link YamlLimits#defaults()} by default. */
    public Builder limits(YamlLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The e-mail domain of commit authors ({@code actor@domain}); {@code promotion.invalid}. */
    public Builder emailDomain(String emailDomain) {
      this.emailDomain = Objects.requireNonNull(emailDomain, "emailDomain");
      return this;
    }

    /** How change sets are written; {@link WriteMode#direct()} by default. */
    public Builder writeMode(WriteMode writeMode) {
      this.writeMode = Objects.requireNonNull(writeMode, "writeMode");
      return this;
    }

    public GitOpsEnvironmentStore build() {
      return new GitOpsEnvironmentStore(this);
    }
  }
}
