package dev.promotion.cli;

import dev.promotion.cli.config.PromotionConfig;
import dev.promotion.notify.Delivery;
import dev.promotion.notify.NotificationContext;
import dev.promotion.notify.Notifier;
import dev.promotion.notify.Outcome;
import dev.promotion.notify.SlackNotifier;
import dev.promotion.notify.WebhookNotifier;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.PromotionEvent;
import dev.promotion.spi.PromotionListener;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The notifiers {@code promotion.yaml} configures, for one write command: each told every event,
 * and how each delivery went. A notifier whose URL or secret cannot be read is left out with a
 * failed delivery, so a missing variable never stops a promotion.
 */
final class Notifications implements PromotionListener {
  private final List<Notifier> notifiers = new ArrayList<>();
  private final List<Delivery> unusable = new ArrayList<>();
  private EnvironmentStore environments;

  /** No notifications (--no-notify, dry runs, read-only commands). */
  static Notifications none() {
    return new Notifications();
  }

  private Notifications() {}

  Notifications(
      PromotionConfig config, Map<String, String> env, String actor, Optional<String> runUrl) {
    NotificationContext context =
        NotificationContext.of(actor)
            .withPipeline(config.pipeline())
            .withRevisions(
                (app, environment) ->
                    environments == null
                        ? Optional.empty()
                        : environments.history(app, environment, 1).stream().findFirst());
    if (runUrl.isPresent()) {
      context = context.withRunUrl(runUrl.get());
    }
    Optional<String> commitUrl = gitopsCommitUrl(config.gitops());
    if (commitUrl.isPresent()) {
      context = context.withGitopsCommitUrl(commitUrl.get());
    }
    for (PromotionConfig.Notification entry : config.notifications()) {
      try {
        notifiers.add(notifier(entry, env, context));
      } catch (RuntimeException e) {
        unusable.add(
            new Delivery(
                entry.name(),
                entry.type(),
                "-",
                "every notification",
                Delivery.Status.FAILED,
                0,
                "not configured: " + reason(e)));
      }
    }
  }

  /** Where revisions are looked up, once the backends are open. */
  void environments(EnvironmentStore store) {
    this.environments = store;
  }

  private static Notifier notifier(
      PromotionConfig.Notification entry, Map<String, String> env, NotificationContext context) {
    if (entry.type().equals("slack")) {
      return configure(SlackNotifier.builder(), entry, env, context).build();
    }
    WebhookNotifier.Builder webhook = configure(WebhookNotifier.builder(), entry, env, context);
    entry.secret().ifPresent(s -> webhook.secret(s.reveal(env)));
    return webhook.build();
  }

  private static <B extends Notifier.Builder<B>> B configure(
      B builder,
      PromotionConfig.Notification entry,
      Map<String, String> env,
      NotificationContext context) {
    builder
        .name(entry.name())
        .url(entry.url().reveal(env))
        .timeout(entry.timeout())
        .retries(entry.retries())
        .context(context);
    if (!entry.events().isEmpty()) {
      Set<Outcome> events = EnumSet.noneOf(Outcome.class);
      entry.events().forEach(e -> events.add(Outcome.of(e)));
      builder.events(events);
    }
    return builder;
  }

  /** The message of a configuration problem: it names variables and files, never their values. */
  private static String reason(RuntimeException e) {
    return e instanceof dev.promotion.error.PromotionException
            || e instanceof IllegalArgumentException
        ? e.getMessage()
        : e.getClass().getSimpleName();
  }

  /**
   * {@code https://host/owner/repo/commit/} for a GitOps repository on an https remote (userinfo
   * and {@code .git} dropped); empty otherwise.
   */
  static Optional<String> gitopsCommitUrl(PromotionConfig.GitOps gitops) {
    if (!(gitops.location() instanceof PromotionConfig.Location.Remote remote)
        || !remote.url().startsWith("https://")) {
      return Optional.empty();
    }
    String rest = remote.url().substring("https://".length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String host = rest.substring(0, slash);
    host = host.substring(host.lastIndexOf('@') + 1);
    String path = rest.substring(slash).replaceAll("/+$", "").replaceAll("\\.git$", "");
    return Optional.of("https://" + host + path + "/commit/");
  }

  @Override
  public void on(PromotionEvent event) {
    for (Notifier notifier : notifiers) {
      notifier.on(event);
    }
  }

  /** Every delivery so far, unusable notifiers first. */
  List<Delivery> deliveries() {
    List<Delivery> all = new ArrayList<>(unusable);
    notifiers.forEach(n -> all.addAll(n.deliveries()));
    return all;
  }

  /** Both listeners, in order. */
  static PromotionListener both(PromotionListener first, PromotionListener second) {
    return event -> {
      first.on(event);
      second.on(event);
    };
  }
}
