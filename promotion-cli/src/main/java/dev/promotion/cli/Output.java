package dev.promotion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promotion.gate.GateViolation;
import dev.promotion.live.LiveVerdict;
import dev.promotion.live.RunningRule;
import dev.promotion.notify.Delivery;
import dev.promotion.result.Result;
import dev.promotion.result.StatusReport;
import dev.promotion.result.Step;
import dev.promotion.result.Verification;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.spi.LiveObservation;
import dev.promotion.spi.Release;
import dev.promotion.version.ImageDigest;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Renders results, the status table and history as text, JSON or Markdown. */
final class Output {
  /** The output formats. */
  enum Format {
    TEXT,
    JSON,
    MARKDOWN
  }

  /** Created on first use: building a mapper costs a fresh process a few hundred ms. */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  private final Format format;
  private final PrintStream out;

  Output(Format format, PrintStream out) {
    this.format = format;
    this.out = out;
  }

  void result(String command, String app, Result<?> result) {
    result(command, app, result, List.of());
  }

  /**
   * A result and how its notifications went: a {@code notifications} array in JSON, a row per
   * delivery in Markdown, a warning line per failed delivery in text. Never the receiver's URL.
   */
  void result(String command, String app, Result<?> result, List<Delivery> deliveries) {
    String outcome = outcome(result);
    switch (format) {
      case JSON -> {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("command", command);
        node.put("app", app);
        node.put("result", outcome);
        result.value().ifPresent(v -> node.set("value", record(v)));
        ArrayNode steps = node.putArray("steps");
        for (Step step : result.steps()) {
          steps
              .addObject()
              .put("name", step.name())
              .put("status", step.status().name().toLowerCase(Locale.ROOT))
              .put("detail", step.detail());
        }
        if (result instanceof Result.Blocked<?> blocked) {
          ArrayNode violations = node.putArray("violations");
          blocked.violations().forEach(v -> violations.add(v.toString()));
          blocked.refused().ifPresent(change -> node.set("refused", record(change)));
        }
        if (!deliveries.isEmpty()) {
          ArrayNode notifications = node.putArray("notifications");
          for (Delivery d : deliveries) {
            notifications
                .addObject()
                .put("name", d.notifier())
                .put("type", d.type())
                .put("id", d.notificationId())
                .put("status", d.status().name().toLowerCase(Locale.ROOT))
                .put("attempts", d.attempts())
                .put("detail", d.detail());
          }
        }
        print(node);
      }
      case MARKDOWN -> {
        out.println("### promotion " + command + " " + app + ": " + outcome);
        out.println();
        out.println("| step | status | detail |");
        out.println("|---|---|---|");
        for (Step step : result.steps()) {
          out.println(
              "| "
                  + cell(step.name())
                  + " | "
                  + step.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                  + " | "
                  + cell(step.detail())
                  + " |");
        }
        for (Delivery d : deliveries) {
          out.println(
              "| notify "
                  + cell(d.notifier())
                  + " | "
                  + (d.delivered() ? "delivered" : "warning")
                  + " | "
                  + cell(deliveryDetail(d))
                  + " |");
        }
        violations(result);
      }
      case TEXT -> {
        out.println(command + " " + app + ": " + outcome);
        for (Step step : result.steps()) {
          out.println("  - " + step);
        }
        for (Delivery d : deliveries) {
          if (d.delivered()) {
            out.println("  - notify " + d.notifier() + ": delivered (" + d.detail() + ")");
          }
        }
        violations(result);
        warnings(deliveries, out);
      }
    }
  }

  void status(StatusReport report) {
    Instant now = report.time();
    switch (format) {
      case JSON -> {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("time", now.toString());
        ArrayNode envs = node.putArray("environments");
        for (StatusReport.EnvironmentStatus env : report.environments()) {
          ObjectNode e = envs.addObject().put("environment", env.environment());
          ArrayNode apps = e.putArray("apps");
          for (StatusReport.AppStatus cell : env.apps()) {
            ObjectNode a = apps.addObject().put("app", cell.app());
            a.put("version", cell.version().map(Object::toString).orElse(null));
            a.put("kind", cell.version().map(v -> v.kind().label()).orElse(null));
            a.put("digest", cell.digest().map(Object::toString).orElse(null));
            a.put("since", cell.since().map(Instant::toString).orElse(null));
            a.put("actor", cell.actor().orElse(null));
            cell.live().ifPresent(l -> a.set("live", live(l)));
          }
        }
        print(node);
      }
      case MARKDOWN -> {
        boolean live = hasLive(report);
        out.println(
            "| environment | app | version | age | by |"
                + (live ? " sync | health | healthy for | live |" : ""));
        out.println("|---|---|---|---|---|" + (live ? "---|---|---|---|" : ""));
        for (StatusReport.EnvironmentStatus env : report.environments()) {
          for (StatusReport.AppStatus cell : env.apps()) {
            out.println(
                "| "
                    + env.environment()
                    + " | "
                    + cell.app()
                    + " | "
                    + cell.version()
                        .map(
                            v ->
                                "`"
                                    + v
                                    + cell.digest().map(d -> "@" + d.shortForm()).orElse("")
                                    + "`")
                        .orElse("-")
                    + " | "
                    + cell.since().map(s -> age(s, now)).orElse("-")
                    + " | "
                    + cell(cell.actor().orElse("-"))
                    + " |"
                    + (live ? liveMarkdown(cell, now) : ""));
          }
        }
      }
      case TEXT -> {
        boolean pinned =
            report.environments().stream()
                .flatMap(e -> e.apps().stream())
                .anyMatch(a -> a.digest().isPresent());
        boolean live = hasLive(report);
        String columns =
            (pinned ? "%-12s %-12s %-26s %-20s %-8s %-12s" : "%-12s %-12s %-26s %s%-8s %-12s")
                + (live ? " %-10s %-12s %-8s %s" : "%s%s%s%s")
                + "%n";
        out.printf(
            columns,
            "ENVIRONMENT",
            "APP",
            "VERSION",
            pinned ? "DIGEST" : "",
            "AGE",
            "BY",
            live ? "SYNC" : "",
            live ? "HEALTH" : "",
            live ? "SINCE" : "",
            live ? "LIVE" : "");
        for (StatusReport.EnvironmentStatus env : report.environments()) {
          for (StatusReport.AppStatus cell : env.apps()) {
            java.util.Optional<StatusReport.LiveStatus> l = cell.live();
            out.printf(
                columns,
                env.environment(),
                cell.app(),
                cell.version().map(Object::toString).orElse("-"),
                pinned ? cell.digest().map(ImageDigest::shortForm).orElse("-") : "",
                cell.since().map(s -> age(s, now)).orElse("-"),
                cell.actor().orElse("-"),
                live ? l.map(StatusReport.LiveStatus::sync).orElse("-") : "",
                live ? l.map(StatusReport.LiveStatus::health).orElse("-") : "",
                live
                    ? l.flatMap(StatusReport.LiveStatus::since).map(s -> age(s, now)).orElse("-")
                    : "",
                live ? l.map(Output::liveText).orElse("-") : "");
          }
        }
      }
    }
  }

  private static boolean hasLive(StatusReport report) {
    return report.environments().stream()
        .flatMap(e -> e.apps().stream())
        .anyMatch(a -> a.live().isPresent());
  }

  /** {@code synced 0.1.0}, with {@code ! differs from git} when it is not what git declares. */
  private static String liveText(StatusReport.LiveStatus live) {
    return (live.differs() ? "! " : "") + live.live() + (live.differs() ? " (git differs)" : "");
  }

  private static String liveMarkdown(StatusReport.AppStatus cell, Instant now) {
    return cell.live()
        .map(
            l ->
                " "
                    + cell(l.sync())
                    + " | "
                    + cell(l.health())
                    + " | "
                    + l.since().map(s -> age(s, now)).orElse("-")
                    + " | "
                    + (l.differs() ? ":warning: " : "")
                    + cell(l.live())
                    + " |")
        .orElse(" - | - | - | - |");
  }

  private static ObjectNode live(StatusReport.LiveStatus l) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("sync", l.sync());
    node.put("health", l.health());
    node.put("since", l.since().map(Instant::toString).orElse(null));
    node.put("live", l.live());
    node.put("running", l.running());
    node.put("differs", l.differs());
    node.put("reason", l.reason());
    return node;
  }

  /** The verdicts of {@code verify}: one line (text), row (Markdown) or object (JSON) per app. */
  void verifications(String environment, List<Verification> verifications) {
    switch (format) {
      case JSON -> {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("command", "verify");
        node.put("environment", environment);
        node.put("running", verifications.stream().allMatch(Verification::running));
        ArrayNode apps = node.putArray("apps");
        for (Verification v : verifications) {
          ObjectNode a = apps.addObject();
          a.put("app", v.app());
          a.put("version", v.version().text());
          a.put("verdict", verdict(v.verdict()));
          a.put("reason", v.verdict().reason());
          a.put("waitedSeconds", v.waited().getSeconds());
          if (v.verdict() instanceof LiveVerdict.Running running) {
            a.put("since", running.since().map(Instant::toString).orElse(null));
          }
          ArrayNode observed = a.putArray("applications");
          for (LiveObservation o : v.observations()) {
            ObjectNode obs = observed.addObject();
            obs.put("cluster", o.application().cluster());
            obs.put("name", o.application().qualifiedName());
            obs.put("found", o.found());
            obs.put("sync", RunningRule.sync(o.sync()));
            obs.put("health", RunningRule.health(o.health()));
            ArrayNode revisions = obs.putArray("revisions");
            o.revisions().forEach(revisions::add);
          }
        }
        print(node);
      }
      case MARKDOWN -> {
        out.println("### promotion verify " + environment);
        out.println();
        out.println("| app | version | verdict | detail |");
        out.println("|---|---|---|---|");
        for (Verification v : verifications) {
          out.println(
              "| "
                  + cell(v.app())
                  + " | `"
                  + v.version()
                  + "` | "
                  + verdict(v.verdict())
                  + " | "
                  + cell(v.summary())
                  + " |");
        }
      }
      case TEXT -> {
        for (Verification v : verifications) {
          out.println("verify " + environment + " " + v.app() + ": " + verdict(v.verdict()));
          out.println("  - " + v.summary());
        }
      }
    }
  }

  private static String verdict(LiveVerdict verdict) {
    if (verdict instanceof LiveVerdict.Running) {
      return "running";
    }
    return verdict instanceof LiveVerdict.Failed ? "failed" : "not running yet";
  }

  void history(List<HistoryEntry> entries) {
    if (format == Format.JSON) {
      ArrayNode list = Json.MAPPER.createArrayNode();
      for (HistoryEntry entry : entries) {
        ObjectNode e = list.addObject();
        e.put("app", entry.app());
        e.put("environment", entry.environment());
        e.put("version", entry.version().toString());
        e.put("kind", entry.version().kind().label());
        e.put("previous", entry.previous().map(Object::toString).orElse(null));
        e.put("revision", entry.revision());
        e.put("time", entry.time().toString());
        e.put("actor", entry.actor());
        e.put("subject", entry.subject());
      }
      print(list);
      return;
    }
    boolean markdown = format == Format.MARKDOWN;
    if (markdown) {
      out.println("| time | version | previous | by | commit |");
      out.println("|---|---|---|---|---|");
    }
    for (HistoryEntry entry : entries) {
      String previous = entry.previous().map(Object::toString).orElse("-");
      String revision = entry.revision().substring(0, Math.min(7, entry.revision().length()));
      if (markdown) {
        out.println(
            "| "
                + entry.time()
                + " | `"
                + entry.version()
                + "` | "
                + previous
                + " | "
                + cell(entry.actor())
                + " | "
                + revision
                + " |");
      } else {
        out.printf(
            "%s  %-26s <- %-26s by %-12s %s %s%n",
            entry.time(), entry.version(), previous, entry.actor(), revision, entry.subject());
      }
    }
  }

  void releases(List<Release> releases) {
    for (Release release : releases) {
      out.println(
          release.tag() + " \"" + release.name() + "\" at " + release.commit().substring(0, 7));
      release.notes().lines().forEach(line -> out.println("    " + line));
    }
  }

  /** A warning line per failed delivery; the outcome and the exit code stay as they are. */
  static void warnings(List<Delivery> deliveries, PrintStream to) {
    for (Delivery d : deliveries) {
      if (!d.delivered()) {
        to.println("warning: " + deliveryDetail(d));
      }
    }
  }

  private static String deliveryDetail(Delivery d) {
    return d.delivered()
        ? d.type() + ", " + d.detail()
        : d.type()
            + " notification '"
            + d.notifier()
            + "' was not delivered: "
            + d.detail()
            + "; the promotion's outcome is unchanged";
  }

  private void violations(Result<?> result) {
    if (result instanceof Result.Blocked<?> blocked) {
      out.println(
          (format == Format.MARKDOWN
              ? "\n**Blocked**, nothing was written:"
              : "Blocked, nothing was written:"));
      for (GateViolation v : blocked.violations()) {
        out.println((format == Format.MARKDOWN ? "- " : "  ! ") + v);
      }
    }
  }

  /** A result value (a record of strings, versions and optionals) as a flat JSON object. */
  private static com.fasterxml.jackson.databind.JsonNode record(Object value) {
    if (!(value instanceof Record)) {
      return Json.MAPPER.getNodeFactory().textNode(value.toString());
    }
    ObjectNode node = Json.MAPPER.createObjectNode();
    for (java.lang.reflect.RecordComponent component : value.getClass().getRecordComponents()) {
      Object field;
      try {
        field = component.getAccessor().invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (field instanceof java.util.Optional<?> optional) {
        field = optional.orElse(null);
      }
      if (field == null) {
        node.putNull(component.getName());
      } else if (field instanceof Number || field instanceof Boolean) {
        node.set(component.getName(), Json.MAPPER.valueToTree(field));
      } else {
        node.put(component.getName(), field.toString());
      }
    }
    return node;
  }

  private void print(Object node) {
    try {
      out.println(Json.MAPPER.writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String outcome(Result<?> result) {
    if (result.checkFailed()) {
      boolean rolledBack =
          result.steps().stream().anyMatch(s -> s.name().startsWith("rollback ") && s.wrote());
      return rolledBack ? "written, not running, rolled back" : "written, but not running";
    }
    if (result instanceof Result.Done<?>) {
      return "done";
    }
    if (result instanceof Result.AlreadyDone<?>) {
      return "already done";
    }
    if (result instanceof Result.Planned<?>) {
      return "planned (dry run, nothing written)";
    }
    return "blocked";
  }

  static String age(Instant since, Instant now) {
    Duration d = Duration.between(since, now);
    if (d.isNegative()) {
      return "0m";
    }
    if (d.toDays() > 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h";
    }
    return d.toMinutes() + "m";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
