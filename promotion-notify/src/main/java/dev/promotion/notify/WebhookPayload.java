package dev.promotion.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promotion.gate.GateViolation;
import dev.promotion.result.Step;
import java.util.Locale;
import java.util.Optional;

/** The generic webhook's JSON body: every key always present, {@code null} when unknown. */
final class WebhookPayload {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private WebhookPayload() {}

  static byte[] json(Notification n) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("schemaVersion", Notification.SCHEMA_VERSION);
    node.put("id", n.id());
    node.put("event", n.event());
    node.put("operation", n.operation());
    node.put("app", n.app());
    node.put("outcome", n.outcome().id());
    put(node, "version", n.version());
    put(node, "previousVersion", n.previousVersion());
    put(node, "from", n.from());
    put(node, "to", n.to());
    put(node, "digest", n.digest());
    put(node, "sourceCommit", n.sourceCommit());
    put(node, "tag", n.tag());
    put(node, "branch", n.branch());
    ObjectNode gitops = node.putObject("gitops");
    put(gitops, "revision", n.gitopsRevision());
    put(gitops, "commitUrl", n.gitopsCommitUrl());
    node.put("actor", n.actor());
    put(node, "runUrl", n.runUrl());
    ArrayNode violations = node.putArray("violations");
    for (GateViolation v : n.violations()) {
      violations.addObject().put("gate", v.gate()).put("message", v.message());
    }
    put(node, "error", n.error());
    ArrayNode steps = node.putArray("steps");
    for (Step step : n.steps()) {
      steps
          .addObject()
          .put("name", step.name())
          .put("status", step.status().name().toLowerCase(Locale.ROOT))
          .put("detail", step.detail());
    }
    node.put("time", n.time().toString());
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(ObjectNode node, String key, Optional<String> value) {
    if (value.isPresent()) {
      node.put(key, value.get());
    } else {
      node.putNull(key);
    }
  }
}
