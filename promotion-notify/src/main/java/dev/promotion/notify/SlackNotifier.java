package dev.promotion.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promotion.gate.GateViolation;
import dev.promotion.result.Step;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Posts each notification to a Slack incoming webhook as a readable message: {@code text} (the
 * one-line summary Slack shows in notifications) and Block Kit {@code blocks}: what moved (app,
 * version, from -> to), the outcome, who, the gates that blocked it or the error, and links to the
 * CI run and the GitOps commit.
 *
 * <p>Slack's incoming webhook answers 200 {@code ok}, or a 4xx such as 400 {@code invalid_payload},
 * 403 {@code action_prohibited}, 404 {@code no_service} or 410 {@code channel_is_archived}: those
 * are not retried. The URL is the credential: it is never shown.
 */
public final class SlackNotifier extends Notifier {
  /** Slack's limit for a section's text. */
  static final int SECTION_LIMIT = 3000;

  private SlackNotifier(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String type() {
    return "slack";
  }

  @Override
  Set<Outcome> defaultEvents() {
    return EnumSet.of(Outcome.DONE, Outcome.NOT_RUNNING, Outcome.BLOCKED, Outcome.FAILED);
  }

  @Override
  Map<String, String> headers(Notification notification, byte[] body) {
    return Map.of("Content-Type", "application/json; charset=utf-8");
  }

  @Override
  byte[] body(Notification n) {
    ObjectNode message = WebhookPayload.MAPPER.createObjectNode();
    message.put("text", escape(n.summary() + " (by " + n.actor() + ")"));
    ArrayNode blocks = message.putArray("blocks");
    section(blocks, headline(n));
    ObjectNode facts = blocks.addObject().put("type", "section");
    ArrayNode fields = facts.putArray("fields");
    field(fields, "App", "`" + escape(n.app()) + "`");
    n.version().ifPresent(v -> field(fields, "Version", "`" + escape(v) + "`"));
    n.previousVersion().ifPresent(v -> field(fields, "Previous", "`" + escape(v) + "`"));
    if (n.from().isPresent() || n.to().isPresent()) {
      field(
          fields, "From -> to", escape(n.from().orElse("-")) + " -> " + escape(n.to().orElse("-")));
    }
    n.digest().ifPresent(d -> field(fields, "Digest", "`" + escape(shortDigest(d)) + "`"));
    n.tag().ifPresent(t -> field(fields, "Tag", "`" + escape(t) + "`"));
    n.branch().ifPresent(b -> field(fields, "Branch", "`" + escape(b) + "`"));
    field(fields, "Actor", escape(n.actor()));
    if (!n.violations().isEmpty()) {
      StringBuilder text = new StringBuilder("*Blocked by gates, nothing was written:*");
      for (GateViolation v : n.violations()) {
        text.append("\n• *").append(escape(v.gate())).append("*: ").append(escape(v.message()));
      }
      section(blocks, text.toString());
    }
    n.error().ifPresent(e -> section(blocks, "*Failed:* " + escape(e)));
    if (n.outcome() == Outcome.NOT_RUNNING) {
      StringBuilder text = new StringBuilder("*Written, but not running:*");
      for (Step step : n.steps()) {
        if (step.status() == Step.Status.FAILED || step.name().startsWith("rollback ")) {
          text.append("\n• *").append(escape(step.name())).append("*: ");
          text.append(escape(step.detail()));
        }
      }
      section(blocks, text.toString());
    }
    List<String> links = new ArrayList<>();
    n.runUrl().ifPresent(url -> links.add("<" + escape(url) + "|CI run>"));
    n.gitopsRevision()
        .ifPresent(
            rev -> {
              String shortRev = rev.substring(0, Math.min(7, rev.length()));
              links.add(
                  "GitOps commit "
                      + n.gitopsCommitUrl()
                          .map(url -> "<" + escape(url) + "|" + escape(shortRev) + ">")
                          .orElse("`" + escape(shortRev) + "`"));
            });
    if (!links.isEmpty()) {
      ObjectNode context = blocks.addObject().put("type", "context");
      context
          .putArray("elements")
          .addObject()
          .put("type", "mrkdwn")
          .put("text", String.join(" · ", links));
    }
    try {
      return WebhookPayload.MAPPER.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String headline(Notification n) {
    String icon =
        switch (n.outcome()) {
          case DONE -> ":white_check_mark:";
          case NOT_RUNNING -> ":warning:";
          case ALREADY_DONE -> ":information_source:";
          case BLOCKED -> ":no_entry:";
          case FAILED -> ":x:";
        };
    StringBuilder line =
        new StringBuilder(icon)
            .append(" *")
            .append(escape(n.operation()))
            .append("* `")
            .append(escape(n.app()))
            .append('`');
    n.version().ifPresent(v -> line.append(" `").append(escape(v)).append('`'));
    if (n.from().isPresent() && n.to().isPresent()) {
      line.append(' ')
          .append(escape(n.from().get()))
          .append(" -> *")
          .append(escape(n.to().get()))
          .append('*');
    } else {
      n.to().ifPresent(t -> line.append(" in *").append(escape(t)).append('*'));
    }
    return line.append(": ").append(n.outcome().id().replace('_', ' ')).toString();
  }

  private static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    return digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", limit(mrkdwn, SECTION_LIMIT));
  }

  private static void field(ArrayNode fields, String label, String value) {
    fields.addObject().put("type", "mrkdwn").put("text", limit("*" + label + "*\n" + value, 2000));
  }

  private static String limit(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /**
   * Slack reads {@code &}, {@code <} and {@code >} as markup ({@code <!channel>} would ping
   * everyone), so text from outside is escaped as its formatting guide says.
   */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Builds a {@link SlackNotifier}. */
  public static final class Builder extends Notifier.Builder<Builder> {
    private Builder() {
      super("slack");
    }

    @Override
    Builder self() {
      return this;
    }

    public SlackNotifier build() {
      return new SlackNotifier(this);
    }
  }
}
