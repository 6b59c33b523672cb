package dev.promotion.notify;

import dev.promotion.spi.PromotionEvent;
import dev.promotion.spi.PromotionListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link PromotionListener} that tells a receiver over HTTP what each write operation did
 * (publish-dev, promote, release, rollback, hotfix, bump): when it finishes (done, already done,
 * blocked) or fails. Status and history send no events; dry runs are not told.
 *
 * <p>Delivery never changes an operation's outcome: it happens on the operation's thread when the
 * operation ends, takes at most {@link #timeout()} in all (every attempt and every wait between
 * them), and a failure is only recorded in {@link #deliveries()}. The URL and the secret never
 * appear in a delivery, a message or {@link #toString()}.
 */
public abstract sealed class Notifier implements PromotionListener
    permits WebhookNotifier, SlackNotifier {
  /** The default total time a delivery may take, all attempts included. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The default number of retries after the first attempt. */
  public static final int DEFAULT_RETRIES = 2;

  private final String name;
  private final Set<Outcome> events;
  private final Duration timeout;
  private final Notices notices;
  private final HttpDelivery http;
  private final List<Delivery> deliveries = new ArrayList<>();

  Notifier(Builder<?> builder) {
    this.name = Objects.requireNonNull(builder.name, "name");
    URI url =
        Objects.requireNonNull(
            builder.url, () -> "the " + type() + " notifier " + name + " has no url");
    this.events = Set.copyOf(builder.events.orElse(defaultEvents()));
    this.timeout = builder.timeout;
    this.notices = new Notices(builder.context);
    HttpClient client = builder.client.orElseGet(() -> HttpDelivery.client(timeout));
    this.http = new HttpDelivery(client, url, timeout, builder.retries);
  }

  /** {@code webhook} or {@code slack}. */
  public abstract String type();

  /** The outcomes told when none are configured. */
  abstract Set<Outcome> defaultEvents();

  /** The body to POST. */
  abstract byte[] body(Notification notification);

  /** The headers to send with {@code body}. */
  abstract Map<String, String> headers(Notification notification, byte[] body);

  public String name() {
    return name;
  }

  /** The outcomes this notifier tells. */
  public Set<Outcome> events() {
    return events;
  }

  /** The most a delivery may take, every attempt included. */
  public Duration timeout() {
    return timeout;
  }

  /** How each notification went, in order. */
  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  @Override
  public void on(PromotionEvent event) {
    Optional<Notification> notification = notices.on(event);
    if (notification.isEmpty() || !events.contains(notification.get().outcome())) {
      return;
    }
    deliver(notification.get());
  }

  /** Delivers one notification now, within the timeout, and records how it went. */
  public Delivery deliver(Notification notification) {
    Delivery delivery;
    try {
      byte[] body = body(notification);
      HttpDelivery.Outcome outcome = http.post(body, headers(notification, body));
      delivery =
          new Delivery(
              name,
              type(),
              notification.id(),
              notification.summary(),
              outcome.delivered() ? Delivery.Status.DELIVERED : Delivery.Status.FAILED,
              outcome.attempts(),
              outcome.detail());
    } catch (RuntimeException e) {
      delivery =
          new Delivery(
              name,
              type(),
              notification.id(),
              notification.summary(),
              Delivery.Status.FAILED,
              0,
              "not sent (" + e.getClass().getSimpleName() + ")");
    }
    synchronized (this) {
      deliveries.add(delivery);
    }
    return delivery;
  }

  @Override
  public String toString() {
    return type() + " notifier " + name;
  }

  /** Settings common to every notifier. */
  public abstract static class Builder<B extends Builder<B>> {
    private String name;
    private URI url;
    private Optional<Set<Outcome>> events = Optional.empty();
    private Duration timeout = DEFAULT_TIMEOUT;
    private int retries = DEFAULT_RETRIES;
    private NotificationContext context = NotificationContext.of("promotion");
    private Optional<HttpClient> client = Optional.empty();

    Builder(String defaultName) {
      this.name = defaultName;
    }

    abstract B self();

    /** The name shown in warnings and output (never the URL). */
    public B name(String value) {
      this.name = Objects.requireNonNull(value, "name");
      return self();
    }

    /**
     * Where to POST: an absolute http or https URL. It is a secret (Slack's URL is the credential);
     * a bad one is refused without being repeated.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL
     */
    public B url(String value) {
      Objects.requireNonNull(value, "url");
      URI parsed;
      try {
        parsed = new URI(value.strip());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException(
            "The URL of notifier " + name + " is not a valid URL; check the configured value.");
      }
      String scheme = Optional.ofNullable(parsed.getScheme()).orElse("").toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || parsed.getHost() == null) {
        throw new IllegalArgumentException(
            "The URL of notifier " + name + " is not an absolute http or https URL.");
      }
      this.url = parsed;
      return self();
    }

    /**
     * The outcomes to tell (default: every outcome for a webhook; done, blocked, failed for Slack).
     */
    public B events(Set<Outcome> value) {
      if (value.isEmpty()) {
        throw new IllegalArgumentException("A notifier tells at least one outcome.");
      }
      this.events = Optional.of(EnumSet.copyOf(value));
      return self();
    }

    /** The most one delivery may take, every attempt and wait included (default 10 s). */
    public B timeout(Duration value) {
      if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("A notification timeout is between 1 ms and 5 minutes.");
      }
      this.timeout = value;
      return self();
    }

    /** How many times to retry after the first attempt (default 2, at most 10). */
    public B retries(int value) {
      if (value < 0 || value > 10) {
        throw new IllegalArgumentException("Notification retries are between 0 and 10.");
      }
      this.retries = value;
      return self();
    }

    /** Who acts, the run, the pipeline and the revision lookup. */
    public B context(NotificationContext value) {
      this.context = Objects.requireNonNull(value, "context");
      return self();
    }

    /**
     * The HTTP client to use (default: one that connects within the timeout and follows no
     * redirect).
     */
    public B httpClient(HttpClient value) {
      this.client = Optional.of(value);
      return self();
    }
  }
}
