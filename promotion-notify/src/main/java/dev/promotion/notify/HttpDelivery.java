package dev.promotion.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs one body to one URL within a total time budget: retries connection failures, timeouts of an
 * attempt, 429 and 5xx with jittered exponential backoff (honouring {@code Retry-After} when it
 * fits the budget), never a 4xx or a redirect. Whatever happens it returns by the deadline, and
 * what it reports never holds the URL.
 */
final class HttpDelivery {
  /** The first wait between attempts; doubled each retry, with up to 50% jitter. */
  static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

  private final HttpClient client;
  private final URI url;
  private final Duration timeout;
  private final int retries;

  HttpDelivery(HttpClient client, URI url, Duration timeout, int retries) {
    this.client = client;
    this.url = url;
    this.timeout = timeout;
    this.retries = retries;
  }

  /** An HTTP client that connects within {@code timeout} (at most 5 s) and follows no redirect. */
  static HttpClient client(Duration timeout) {
    Duration connect =
        timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5);
    return HttpClient.newBuilder()
        .connectTimeout(connect)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** The outcome: delivered or not, the attempts, and a detail safe to print. */
  record Outcome(boolean delivered, int attempts, String detail) {}

  Outcome post(byte[] body, Map<String, String> headers) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int attempt = 0;
    String last = "not sent";
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return new Outcome(false, attempt, timedOut(attempt, last));
      }
      attempt++;
      Answer answer = send(body, headers, remaining);
      last = answer.detail;
      if (answer.delivered) {
        return new Outcome(true, attempt, last);
      }
      if (!answer.retryable) {
        return new Outcome(false, attempt, last + " (not retried)");
      }
      if (attempt > retries) {
        return new Outcome(false, attempt, last + after(attempt));
      }
      long wait = backoff(attempt, answer.retryAfter);
      if (System.nanoTime() + wait >= deadline) {
        return new Outcome(false, attempt, last + after(attempt) + ", no time left to retry");
      }
      if (!sleep(wait)) {
        return new Outcome(false, attempt, last + after(attempt) + ", interrupted");
      }
    }
  }

  private String timedOut(int attempts, String last) {
    return "timed out after "
        + seconds(timeout)
        + (attempts > 1 ? " (" + last + after(attempts) + ")" : "");
  }

  private static String after(int attempts) {
    return attempts == 1 ? "" : " after " + attempts + " attempts";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private record Answer(
      boolean delivered, boolean retryable, String detail, Optional<Duration> retryAfter) {}

  private Answer send(byte[] body, Map<String, String> headers, long remainingNanos) {
    Duration budget = Duration.ofNanos(remainingNanos);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(budget)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    CompletableFuture<HttpResponse<Void>> future =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
    HttpResponse<Void> response;
    try {
      response = future.get(remainingNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Answer(false, false, "timed out after " + seconds(timeout), Optional.empty());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return new Answer(false, false, "interrupted", Optional.empty());
    } catch (ExecutionException e) {
      return failure(e.getCause());
    }
    int status = response.statusCode();
    String detail = "HTTP " + status;
    if (status >= 200 && status < 300) {
      return new Answer(true, false, detail, Optional.empty());
    }
    boolean retryable = status == 429 || status >= 500;
    return new Answer(false, retryable, detail, retryAfter(response));
  }

  /**
   * A failure without the exception's message: the JDK's messages may name the host, port or path,
   * and the URL is a secret.
   */
  private static Answer failure(Throwable cause) {
    if (cause instanceof HttpTimeoutException) {
      return new Answer(false, true, "an attempt timed out", Optional.empty());
    }
    if (cause instanceof IOException) {
      return new Answer(
          false,
          true,
          "connection failed (" + cause.getClass().getSimpleName() + ")",
          Optional.empty());
    }
    return new Answer(
        false,
        false,
        "request failed (" + cause.getClass().getSimpleName() + ")",
        Optional.empty());
  }

  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(v -> v.matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)));
  }

  private static long backoff(int attempt, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      return retryAfter.get().toNanos();
    }
    long base = FIRST_BACKOFF.toNanos() << Math.min(attempt - 1, 10);
    return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private static boolean sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
