package dev.promotion.notify;

import java.util.Objects;

/**
 * How the delivery of one notification to one receiver went. It never holds the receiver's URL or
 * secret, so it is safe to print.
 *
 * @param notifier the notifier's name, as configured ({@code slack}, {@code deploy-log})
 * @param type {@code webhook} or {@code slack}
 * @param notificationId the notification's id (the webhook's delivery id)
 * @param summary what the notification told, in one line
 * @param status delivered or failed
 * @param attempts how many requests were sent (0 when none could be)
 * @param detail the last answer ({@code HTTP 204}) or why it failed ({@code HTTP 500 after 3
 *     attempts}, {@code timed out after 5s}, {@code connection failed})
 */
public record Delivery(
    String notifier,
    String type,
    String notificationId,
    String summary,
    Status status,
    int attempts,
    String detail) {
  public Delivery {
    Objects.requireNonNull(notifier, "notifier");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(notificationId, "notificationId");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  /** Whether the receiver took the notification. */
  public enum Status {
    DELIVERED,
    FAILED
  }

  public boolean delivered() {
    return status == Status.DELIVERED;
  }
}
