package dev.promotion.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promotion.spi.LiveApplication;
import dev.promotion.spi.LiveObservation;
import dev.promotion.spi.LiveObservation.Condition;
import dev.promotion.spi.LiveObservation.HealthStatus;
import dev.promotion.spi.LiveObservation.HistoryItem;
import dev.promotion.spi.LiveObservation.OperationPhase;
import dev.promotion.spi.LiveObservation.OperationState;
import dev.promotion.spi.LiveObservation.Source;
import dev.promotion.spi.LiveObservation.SyncStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads an Argo CD {@code v1alpha1Application} (the JSON of {@code GET
 * /api/v1/applications/{name}}) into a {@link LiveObservation}: fields carried as reported, nothing
 * decided.
 */
final class ApplicationJson {
  /** At most this many unhealthy resources are named in a health summary. */
  private static final int SUMMARISED_RESOURCES = 3;

  private ApplicationJson() {}

  /**
   * @throws MalformedApplicationException when the JSON is not an Application (no object, a
   *     timestamp that is not RFC 3339, a history entry without {@code deployedAt})
   */
  static LiveObservation read(LiveApplication application, JsonNode json) {
    if (!json.isObject() || !json.path("metadata").isObject()) {
      throw new MalformedApplicationException("the answer is not an Application object");
    }
    JsonNode spec = json.path("spec");
    JsonNode status = json.path("status");
    JsonNode health = status.path("health");
    SyncStatus sync = sync(status.path("sync").path("status").asText(""));
    List<HistoryItem> history = history(status.path("history"));
    return new LiveObservation(
        application,
        true,
        sources(spec),
        sync,
        deployedRevisions(sync, status.path("sync"), history),
        health(health.path("status").asText("")),
        text(health.path("message")).or(() -> unhealthyResources(status.path("resources"))),
        time(health.path("lastTransitionTime")),
        isPresent(json.path("operation")),
        operation(status.path("operationState")),
        time(status.path("reconciledAt")),
        conditions(status.path("conditions")),
        history,
        strings(status.path("summary").path("images")));
  }

  private static List<Source> sources(JsonNode spec) {
    List<Source> sources = new ArrayList<>();
    if (spec.path("sources").isArray() && !spec.path("sources").isEmpty()) {
      spec.path("sources").forEach(s -> sources.add(source(s)));
    } else if (spec.path("source").isObject()) {
      sources.add(source(spec.path("source")));
    }
    return sources;
  }

  private static Source source(JsonNode source) {
    return new Source(
        source.path("repoURL").asText(""),
        text(source.path("chart")),
        text(source.path("path")),
        source.path("targetRevision").asText(""));
  }

  /**
   * What Argo CD last synced. While Synced, {@code status.sync.revision(s)}; otherwise that field
   * is the new target Argo CD compared against (already the next chart version while OutOfSync), so
   * the newest {@code status.history[]} entry says what was synced last; empty when nothing was.
   */
  private static List<String> deployedRevisions(
      SyncStatus sync, JsonNode syncStatus, List<HistoryItem> history) {
    List<String> compared = revisions(syncStatus);
    if (sync == SyncStatus.SYNCED && !compared.isEmpty()) {
      return compared;
    }
    return history.isEmpty() ? List.of() : history.get(history.size() - 1).revisions();
  }

  /** {@code revisions[]} for a multi-source application, else {@code revision}. */
  private static List<String> revisions(JsonNode holder) {
    List<String> many = strings(holder.path("revisions"));
    if (!many.isEmpty()) {
      return many;
    }
    return text(holder.path("revision")).map(List::of).orElse(List.of());
  }

  private static Optional<OperationState> operation(JsonNode state) {
    if (!state.isObject()) {
      return Optional.empty();
    }
    List<String> revisions = revisions(state.path("syncResult"));
    if (revisions.isEmpty()) {
      revisions = revisions(state.path("operation").path("sync"));
    }
    return Optional.of(
        new OperationState(
            phase(state.path("phase").asText("")),
            state.path("message").asText(""),
            revisions,
            time(state.path("startedAt")),
            time(state.path("finishedAt"))));
  }

  private static List<Condition> conditions(JsonNode conditions) {
    List<Condition> out = new ArrayList<>();
    conditions.forEach(
        c ->
            out.add(
                new Condition(
                    c.path("type").asText(""),
                    c.path("message").asText(""),
                    time(c.path("lastTransitionTime")))));
    return out;
  }

  private static List<HistoryItem> history(JsonNode history) {
    List<HistoryItem> out = new ArrayList<>();
    for (JsonNode item : history) {
      Instant deployedAt =
          time(item.path("deployedAt"))
              .orElseThrow(
                  () -> new MalformedApplicationException("a history entry has no deployedAt"));
      out.add(new HistoryItem(item.path("id").asLong(), revisions(item), deployedAt));
    }
    return out;
  }

  /** "Deployment/api: Progressing (Waiting for rollout ...)", for the first few not Healthy. */
  private static Optional<String> unhealthyResources(JsonNode resources) {
    List<String> parts = new ArrayList<>();
    int unhealthy = 0;
    for (JsonNode r : resources) {
      String status = r.path("health").path("status").asText("");
      if (status.isEmpty() || status.equals("Healthy")) {
        continue;
      }
      unhealthy++;
      if (parts.size() < SUMMARISED_RESOURCES) {
        String message = r.path("health").path("message").asText("");
        parts.add(
            r.path("kind").asText("?")
                + "/"
                + r.path("name").asText("?")
                + ": "
                + status
                + (message.isBlank() ? "" : " (" + message.strip() + ")"));
      }
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    String more = unhealthy > parts.size() ? "; and " + (unhealthy - parts.size()) + " more" : "";
    return Optional.of(String.join("; ", parts) + more);
  }

  private static SyncStatus sync(String code) {
    return switch (code) {
      case "Synced" -> SyncStatus.SYNCED;
      case "OutOfSync" -> SyncStatus.OUT_OF_SYNC;
      default -> SyncStatus.UNKNOWN;
    };
  }

  private static HealthStatus health(String code) {
    return switch (code) {
      case "Healthy" -> HealthStatus.HEALTHY;
      case "Progressing" -> HealthStatus.PROGRESSING;
      case "Degraded" -> HealthStatus.DEGRADED;
      case "Suspended" -> HealthStatus.SUSPENDED;
      case "Missing" -> HealthStatus.MISSING;
      default -> HealthStatus.UNKNOWN;
    };
  }

  private static OperationPhase phase(String code) {
    try {
      return OperationPhase.valueOf(code.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MalformedApplicationException("operationState.phase is not an Argo CD phase");
    }
  }

  private static boolean isPresent(JsonNode node) {
    return !node.isMissingNode() && !node.isNull();
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank()
        ? Optional.of(node.asText())
        : Optional.empty();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(
        n -> {
          if (n.isTextual() && !n.asText().isEmpty()) {
            out.add(n.asText());
          }
        });
    return out;
  }

  private static Optional<Instant> time(JsonNode node) {
    Optional<String> value = text(node);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value.get()).toInstant());
    } catch (DateTimeParseException e) {
      throw new MalformedApplicationException("a timestamp is not RFC 3339");
    }
  }

  /** The answer is not an Application as the API describes it. */
  static final class MalformedApplicationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedApplicationException(String message) {
      super(message);
    }
  }
}
