package dev.promotion.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each notification as JSON (schema {@code notification-v1.schema.json}, see the module
 * README) to a URL, with headers {@code X-Promotion-Event}, {@code X-Promotion-Delivery} (the
 * notification's id, the same on every retry) and, with a secret, {@code X-Promotion-Signature-256:
 * sha256=<hex>}: the HMAC-SHA256 of the exact body bytes, like GitHub's {@code
 * X-Hub-Signature-256}.
 */
public final class WebhookNotifier extends Notifier {
  /** The signature header. */
  public static final String SIGNATURE_HEADER = "X-Promotion-Signature-256";

  /** The delivery id header: the same on every retry of one notification. */
  public static final String DELIVERY_HEADER = "X-Promotion-Delivery";

  /** The event header: {@code operation.finished} or {@code operation.failed}. */
  public static final String EVENT_HEADER = "X-Promotion-Event";

  private final Optional<byte[]> secret;

  private WebhookNotifier(Builder builder) {
    super(builder);
    this.secret = builder.secret;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  Set<Outcome> defaultEvents() {
    return EnumSet.allOf(Outcome.class);
  }

  @Override
  byte[] body(Notification notification) {
    return WebhookPayload.json(notification);
  }

  @Override
  Map<String, String> headers(Notification notification, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json; charset=utf-8");
    headers.put("User-Agent", "promotion-notify/" + Notification.SCHEMA_VERSION);
    headers.put(EVENT_HEADER, notification.event());
    headers.put(DELIVERY_HEADER, notification.id());
    secret.ifPresent(key -> headers.put(SIGNATURE_HEADER, signature(key, body)));
    return headers;
  }

  /** {@code sha256=} and the lowercase hex HMAC-SHA256 of {@code body} under {@code key}. */
  static String signature(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return super.toString() + (secret.isPresent() ? " (signed)" : "");
  }

  /** Builds a {@link WebhookNotifier}. */
  public static final class Builder extends Notifier.Builder<Builder> {
    private Optional<byte[]> secret = Optional.empty();

    private Builder() {
      super("webhook");
    }

    @Override
    Builder self() {
      return this;
    }

    /** Signs each body with HMAC-SHA256 under this secret (UTF-8). */
    public Builder secret(String value) {
      Objects.requireNonNull(value, "secret");
      if (value.isEmpty()) {
        throw new IllegalArgumentException("The webhook secret is empty.");
      }
      this.secret = Optional.of(value.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    public WebhookNotifier build() {
      return new WebhookNotifier(this);
    }
  }
}
