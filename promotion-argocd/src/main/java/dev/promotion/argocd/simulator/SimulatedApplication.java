package dev.promotion.argocd.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlText;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One Application inside the simulator: what it deploys (from its manifest in the GitOps
 * repository, or a directory of it) and where it is in a sync, one controller step at a time.
 */
final class SimulatedApplication {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Where the Application's spec comes from. */
  enum Kind {
    /** An Argo CD Application manifest in the repository: it exists while the file does. */
    MANIFEST,
    /** A directory of the repository (Kustomize overlay, plain manifests): revision is the tip. */
    DIRECTORY,
    /** An app-of-apps parent over a directory of Application manifests: always Healthy. */
    PARENT
  }

  private enum Stage {
    SETTLED,
    OUT_OF_SYNC,
    BLOCKED,
    SYNCING,
    STALE,
    PROGRESSING
  }

  /** One source as Argo CD reports it in {@code spec.source(s)}. */
  record SourceSpec(String repoUrl, String chart, String path, String targetRevision) {}

  final String name;
  final String namespace;
  final String project;
  final Kind kind;
  final String location;
  final String repoUrl;
  final Optional<String> kustomizeImage;
  final Function<List<String>, List<String>> images;
  final Map<String, Script> scriptByRevision = new HashMap<>();
  Script script;
  int progressSteps;
  int staleSteps;
  int createdAfterReads;
  boolean hidden;
  boolean syncWindowDenies;
  final Map<String, String> conditions = new java.util.LinkedHashMap<>();

  private int reads;
  private Stage stage = Stage.SETTLED;
  private String seenTip;
  private boolean exists;
  private List<SourceSpec> sources = List.of();
  private List<String> desired = List.of();
  private List<String> desiredImages = List.of();
  private List<String> synced = List.of();
  private List<String> liveImages = List.of();
  private List<String> failed = List.of();
  private String sync = "Unknown";
  private String health = "Missing";
  private Optional<String> resourceMessage = Optional.empty();
  private Instant healthSince;
  private ObjectNode operation;
  private ObjectNode operationState;
  private Instant reconciledAt;
  private final List<ObjectNode> history = new ArrayList<>();
  private int left;
  private long resourceVersion = 1;
  private Instant created;

  SimulatedApplication(
      String name,
      String namespace,
      String project,
      Kind kind,
      String location,
      String repoUrl,
      Optional<String> kustomizeImage,
      Function<List<String>, List<String>> images,
      Script script,
      int progressSteps,
      int staleSteps,
      int createdAfterReads) {
    this.name = name;
    this.namespace = namespace;
    this.project = project;
    this.kind = kind;
    this.location = location;
    this.repoUrl = repoUrl;
    this.kustomizeImage = kustomizeImage;
    this.images = images;
    this.script = script;
    this.progressSteps = progressSteps;
    this.staleSteps = staleSteps;
    this.createdAfterReads = createdAfterReads;
  }

  /** Counts a read; true once the Application exists (created and, for a manifest, in git). */
  boolean exists(GitOpsSource git, Instant now) {
    reads++;
    if (hidden || reads <= createdAfterReads) {
      return false;
    }
    refresh(git, now);
    return exists;
  }

  /** One controller step: compare with git, then move the sync one stage on. */
  void step(GitOpsSource git, boolean windowDeniesAll, Instant now) {
    boolean syncWindowDenies = windowDeniesAll || this.syncWindowDenies;
    refresh(git, now);
    if (!exists) {
      return;
    }
    switch (stage) {
      case SETTLED -> settle(now);
      case OUT_OF_SYNC -> startOperation(syncWindowDenies, now);
      case BLOCKED -> {
        if (!syncWindowDenies) {
          operationState.put("message", "");
          stage = Stage.SYNCING;
        }
        reconciledAt = now;
      }
      case SYNCING -> finishOperation(now);
      case STALE -> {
        if (--left <= 0) {
          reconciledAt = now;
          progress(now);
        }
      }
      case PROGRESSING -> rollout(now);
    }
    resourceVersion++;
  }

  private void refresh(GitOpsSource git, Instant now) {
    String tip = git.tip();
    if (tip.equals(seenTip)) {
      return;
    }
    seenTip = tip;
    Optional<Desired> next = desired(git, tip);
    if (next.isEmpty()) {
      exists = kind != Kind.MANIFEST ? exists : false;
      return;
    }
    if (!exists) {
      exists = true;
      created = now;
      reconciledAt = now;
      healthSince = now;
    }
    sources = next.get().sources;
    desired = next.get().revisions;
    desiredImages = next.get().images;
  }

  private record Desired(List<SourceSpec> sources, List<String> revisions, List<String> images) {}

  private Optional<Desired> desired(GitOpsSource git, String tip) {
    if (kind == Kind.MANIFEST) {
      Optional<String> text = git.read(tip, location);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      YamlText yaml = YamlText.parse(location, text.get());
      List<SourceSpec> specs = new ArrayList<>();
      int many = yaml.size(0, YamlPath.of("spec", "sources"));
      if (many > 0) {
        for (int i = 0; i < many; i++) {
          specs.add(source(yaml, YamlPath.of("spec", "sources").index(i)));
        }
      } else {
        specs.add(source(yaml, YamlPath.of("spec", "source")));
      }
      List<String> revisions = new ArrayList<>();
      for (SourceSpec s : specs) {
        revisions.add(s.chart().isEmpty() ? tip : s.targetRevision());
      }
      return Optional.of(new Desired(specs, revisions, images.apply(revisions)));
    }
    List<SourceSpec> specs = List.of(new SourceSpec(repoUrl, "", location, "HEAD"));
    List<String> found = kustomizeImage.map(image -> kustomizeImages(git, tip, image)).orElse(null);
    return Optional.of(
        new Desired(specs, List.of(tip), found != null ? found : images.apply(List.of(tip))));
  }

  private static SourceSpec source(YamlText yaml, YamlPath at) {
    return new SourceSpec(
        yaml.value(at.key("repoURL")).orElse(""),
        yaml.value(at.key("chart")).orElse(""),
        yaml.value(at.key("path")).orElse(""),
        yaml.value(at.key("targetRevision")).orElse("HEAD"));
  }

  /** The image a Kustomize overlay sets: {@code newName|name:newTag[@digest]}. */
  private List<String> kustomizeImages(GitOpsSource git, String tip, String image) {
    String file = location.replaceAll("/+$", "") + "/kustomization.yaml";
    Optional<String> text = git.read(tip, file);
    if (text.isEmpty()) {
      return List.of();
    }
    YamlText yaml = YamlText.parse(file, text.get());
    YamlPath entry = YamlPath.of("images").named(image);
    Optional<String> tag = yaml.value(entry.key("newTag"));
    if (tag.isEmpty()) {
      return List.of();
    }
    String repository = yaml.value(entry.key("newName")).orElse(image);
    Optional<String> digest = yaml.value(entry.key("digest"));
    return List.of(repository + ":" + tag.get() + digest.map(d -> "@" + d).orElse(""));
  }

  private void settle(Instant now) {
    reconciledAt = now;
    if (desired.equals(synced)) {
      sync = "Synced";
      return;
    }
    sync = "OutOfSync";
    if (!desired.equals(failed)) {
      stage = Stage.OUT_OF_SYNC;
    }
  }

  private void startOperation(boolean syncWindowDenies, Instant now) {
    operation = JSON.objectNode();
    ObjectNode syncOp = operation.putObject("sync");
    putRevisions(syncOp, desired);
    operation.putObject("initiatedBy").put("automated", true);
    operation.putObject("retry");
    operationState = JSON.objectNode();
    operationState.set("operation", operation.deepCopy());
    operationState.put("phase", "Running");
    operationState.put("message", syncWindowDenies ? "Sync operation blocked by sync window" : "");
    ObjectNode result = operationState.putObject("syncResult");
    result.putArray("resources");
    putRevisions(result, desired);
    putSources(result, "source", "sources");
    operationState.put("startedAt", time(now));
    reconciledAt = now;
    stage = syncWindowDenies ? Stage.BLOCKED : Stage.SYNCING;
  }

  private void finishOperation(Instant now) {
    operation = null;
    operationState.put("finishedAt", time(now));
    Script current = scriptFor(desired);
    if (current == Script.SYNC_FAILS) {
      operationState.put("phase", "Failed");
      operationState.put(
          "message",
          "one or more objects failed to apply, reason: Deployment.apps \""
              + name
              + "\" is invalid: spec.template.spec.containers[0].image: Required value");
      failed = desired;
      reconciledAt = now;
      stage = Stage.SETTLED;
      return;
    }
    operationState.put("phase", "Succeeded");
    operationState.put("message", "successfully synced (all tasks run)");
    synced = desired;
    liveImages = desiredImages;
    failed = List.of();
    sync = "Synced";
    ObjectNode item = JSON.objectNode();
    putRevisions(item, synced);
    item.put("deployedAt", time(now));
    item.put("deployStartedAt", operationState.path("startedAt").asText());
    item.put("id", history.isEmpty() ? 0 : history.get(history.size() - 1).path("id").asLong() + 1);
    putSources(item, "source", "sources");
    item.putObject("initiatedBy").put("automated", true);
    history.add(item);
    while (history.size() > 10) {
      history.remove(0);
    }
    if (kind == Kind.PARENT) {
      reconciledAt = now;
      healthTo("Healthy", Optional.empty(), now);
      stage = Stage.SETTLED;
    } else if (current == Script.STALE_HEALTH) {
      left = staleSteps;
      stage = Stage.STALE;
    } else {
      reconciledAt = now;
      progress(now);
    }
  }

  private void progress(Instant now) {
    healthTo(
        "Progressing",
        Optional.of("Waiting for rollout to finish: 3 of 4 updated replicas are available..."),
        now);
    left = progressSteps;
    stage = Stage.PROGRESSING;
  }

  private void rollout(Instant now) {
    reconciledAt = now;
    Script current = scriptFor(synced);
    if (current == Script.DEGRADED) {
      healthTo(
          "Degraded",
          Optional.of("Deployment \"" + name + "\" exceeded its progress deadline"),
          now);
      stage = Stage.SETTLED;
    } else if (current != Script.STUCK_PROGRESSING && --left <= 0) {
      healthTo("Healthy", Optional.empty(), now);
      stage = Stage.SETTLED;
    }
  }

  private Script scriptFor(List<String> revisions) {
    return scriptByRevision.getOrDefault(String.join(",", revisions), script);
  }

  private void healthTo(String status, Optional<String> message, Instant now) {
    if (!status.equals(health)) {
      healthSince = now;
    }
    health = status;
    resourceMessage = message;
  }

  /** The Application as {@code GET /api/v1/applications/{name}} answers it. */
  JsonNode json() {
    ObjectNode app = JSON.objectNode();
    ObjectNode metadata = app.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    metadata.put("resourceVersion", Long.toString(resourceVersion));
    metadata.put("creationTimestamp", time(created));
    ObjectNode spec = app.putObject("spec");
    spec.put("project", project);
    putSources(spec, "source", "sources");
    ObjectNode destination = spec.putObject("destination");
    destination.put("server", "https://kubernetes.default.svc");
    destination.put("namespace", name);
    spec.putObject("syncPolicy").putObject("automated").put("prune", true).put("selfHeal", true);
    if (operation != null) {
      app.set("operation", operation.deepCopy());
    }
    ObjectNode status = app.putObject("status");
    ArrayNode resources = status.putArray("resources");
    if (!synced.isEmpty()) {
      ObjectNode resource = resources.addObject();
      resource.put("group", kind == Kind.PARENT ? "argoproj.io" : "apps");
      resource.put("version", kind == Kind.PARENT ? "v1alpha1" : "v1");
      resource.put("kind", kind == Kind.PARENT ? "Application" : "Deployment");
      resource.put("namespace", kind == Kind.PARENT ? "argocd" : name);
      resource.put("name", name);
      resource.put("status", sync);
      ObjectNode resourceHealth = resource.putObject("health").put("status", health);
      resourceMessage.ifPresent(m -> resourceHealth.put("message", m));
    }
    ObjectNode syncStatus = status.putObject("sync");
    syncStatus.put("status", sync);
    ObjectNode comparedTo = syncStatus.putObject("comparedTo");
    putSources(comparedTo, "source", "sources");
    comparedTo.set("destination", destination.deepCopy());
    putRevisions(syncStatus, sync.equals("Synced") ? synced : desired);
    if (!conditions.isEmpty()) {
      ArrayNode conditionsNode = status.putArray("conditions");
      conditions.forEach(
          (type, message) ->
              conditionsNode
                  .addObject()
                  .put("type", type)
                  .put("message", message)
                  .put("lastTransitionTime", time(created)));
    }
    ObjectNode healthNode = status.putObject("health").put("status", health);
    healthNode.put("lastTransitionTime", time(healthSince));
    ArrayNode historyNode = status.putArray("history");
    history.forEach(h -> historyNode.add(h.deepCopy()));
    status.put("reconciledAt", time(reconciledAt));
    if (operationState != null) {
      status.set("operationState", operationState.deepCopy());
    }
    if (sources.size() > 1) {
      ArrayNode types = status.putArray("sourceTypes");
      sources.forEach(s -> types.add(sourceType(s)));
    } else if (!sources.isEmpty()) {
      status.put("sourceType", sourceType(sources.get(0)));
    }
    ObjectNode summary = status.putObject("summary");
    ArrayNode imagesNode = summary.putArray("images");
    liveImages.forEach(imagesNode::add);
    if (kind == Kind.PARENT) {
      summary.put("isAppOfApps", true);
    }
    status.put("controllerNamespace", "argocd");
    status.put("resourceHealthSource", "appTree");
    return app;
  }

  private String sourceType(SourceSpec s) {
    if (!s.chart().isEmpty()) {
      return "Helm";
    }
    return kustomizeImage.isPresent() ? "Kustomize" : "Directory";
  }

  private void putSources(ObjectNode node, String single, String many) {
    if (sources.size() == 1) {
      node.set(single, sourceJson(sources.get(0)));
    } else if (sources.size() > 1) {
      ArrayNode array = node.putArray(many);
      sources.forEach(s -> array.add(sourceJson(s)));
    }
  }

  private static ObjectNode sourceJson(SourceSpec s) {
    ObjectNode node = JSON.objectNode();
    node.put("repoURL", s.repoUrl());
    if (!s.chart().isEmpty()) {
      node.put("chart", s.chart());
    }
    if (!s.path().isEmpty()) {
      node.put("path", s.path());
    }
    node.put("targetRevision", s.targetRevision());
    return node;
  }

  private void putRevisions(ObjectNode node, List<String> revisions) {
    if (sources.size() > 1) {
      ArrayNode array = node.putArray("revisions");
      revisions.forEach(array::add);
    } else if (!revisions.isEmpty()) {
      node.put("revision", revisions.get(0));
    }
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
